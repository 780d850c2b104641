import { createHash, randomBytes } from 'node:crypto';
import { COVER_WIDTH, IMAGE_MAX_BYTES } from '../../types/activity';
import { appendAudit } from './audit';
import { localRuntimeHooks } from './clock';
import { Collections } from './collections';
import { callThroughCloudBase, type WxOpenApiCall } from './content-security';
import { dbErrorCode } from './db';
import { DomainError } from './errors';
import { FileMissing, fileStore } from './files';
import { enqueueNotification } from './notifications';
import type { Pushes, RuntimeDeps } from './runtime';
import { getDoc, retryingTransaction, type Writer } from './tx';

/**
 * Pictures people post (issue #12: activity covers): accepted on the server (the caller's own upload, judged by its
 * bytes, size-limited, resized), stored, then checked by WeChat's asynchronous image check, whose verdict is applied
 * when it is pushed (a refused picture is taken down and its poster told).
 */

/** An accepted upload (`images`, `_id` = imageIdOf(the upload's fileId)). */
export interface ImageDoc {
  _id: string;
  /** Who uploaded it. */
  openid: string;
  /** What it was first accepted for, e.g. `activity:<id>` (a later use by the same person answers the same image). */
  usedBy: string | null;
  /** The resized file kept for the feed. */
  fileId: string;
  width: number;
  height: number;
  bytes: number;
  mimeType: string;
  /** sha256 of the stored (resized) bytes. */
  sha256?: string;
  /** The last thing that made it its cover (useImageIn). */
  lastUsedBy?: string;
  /** The image check: WeChat's trace_id (production) or the local stand-in's; verdict when it arrived. */
  traceId: string | null;
  state: 'checking' | 'pass' | 'rejected';
  label: string | null;
  createdAt: Date;
  checkedAt: Date | null;
}

/** An upload the server accepted: the `images` document's id and the stored (resized) file. */
export interface AcceptedImage {
  imageId: string;
  fileId: string;
  /** 'checking' until the image check's verdict arrives; 'pass' when an earlier use already passed it. */
  state: 'checking' | 'pass';
}

/** Covers are COVER_WIDTH wide and at most this high (taller pictures keep their middle). */
export const COVER_MAX_HEIGHT = 1000;
/** Smallest side accepted: anything smaller is a thumbnail or an icon, not a picture of an activity. */
export const IMAGE_MIN_SIDE = 100;
/**
 * Largest picture decoded, in pixels. The pure-JavaScript JPEG decoder needs about 18 bytes a pixel (a 12 MP phone
 * photo: ~220 MB, measured), so 16 MP fits the activity function's 512 MB (cloudbaserc.json) with room for the rest.
 * The weapp shrinks a picture to 1500 px wide before uploading it (src/services/upload.ts), so this is the limit for
 * what comes around the app.
 */
export const IMAGE_MAX_PIXELS = 16_000_000;
/** What the JPEG decoder may allocate (it refuses beyond): 16 MP × ~18 bytes. */
const JPEG_DECODE_MAX_MB = 320;
const COVER_QUALITY = 82;

export type ImageType = 'image/jpeg' | 'image/png';

/** The type of a picture judged by its first bytes (never its name or declared type); null for anything else. */
export function sniffImage(bytes: Buffer): ImageType | null {
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 24 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  return null;
}

/** Width and height from a PNG's IHDR or a JPEG's frame header, read before anything is decoded; null if not found. */
export function dimensionsOf(bytes: Buffer, type: ImageType): { width: number; height: number } | null {
  if (type === 'image/png') {
    if (bytes.toString('latin1', 12, 16) !== 'IHDR') return null;
    return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
  }
  let i = 2;
  while (i + 9 < bytes.length) {
    if (bytes[i] !== 0xff) return null;
    const marker = bytes[i + 1] as number;
    if (marker === 0xff) {
      i += 1;
      continue;
    }
    // SOF0…SOF15 except DHT (C4), JPG (C8) and DAC (CC): [FF Cn][len][precision][height][width].
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: bytes.readUInt16BE(i + 5), width: bytes.readUInt16BE(i + 7) };
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      i += 2;
      continue;
    }
    i += 2 + bytes.readUInt16BE(i + 2);
  }
  return null;
}

/**
 * The EXIF orientation (1–8) of a JPEG: phones store a portrait photo as a landscape bitmap plus this tag, so it is
 * applied before resizing. 1 (as stored) when there is none.
 */
export function exifOrientationOf(bytes: Buffer): number {
  let i = 2;
  while (i + 4 < bytes.length && bytes[i] === 0xff) {
    const marker = bytes[i + 1] as number;
    if (marker === 0xda || marker === 0xd9) break;
    const len = bytes.readUInt16BE(i + 2);
    if (marker === 0xe1 && bytes.toString('latin1', i + 4, i + 10) === 'Exif\0\0') {
      const tiff = i + 10;
      if (tiff + 8 > bytes.length) return 1;
      const le = bytes.toString('latin1', tiff, tiff + 2) === 'II';
      const u16 = (at: number): number => (le ? bytes.readUInt16LE(at) : bytes.readUInt16BE(at));
      const u32 = (at: number): number => (le ? bytes.readUInt32LE(at) : bytes.readUInt32BE(at));
      const ifd = tiff + u32(tiff + 4);
      if (ifd + 2 > bytes.length) return 1;
      const entries = u16(ifd);
      for (let e = 0; e < entries; e++) {
        const at = ifd + 2 + e * 12;
        if (at + 12 > bytes.length) return 1;
        if (u16(at) === 0x0112) {
          const v = u16(at + 8);
          return v >= 1 && v <= 8 ? v : 1;
        }
      }
      return 1;
    }
    i += 2 + len;
  }
  return 1;
}

interface Bitmap {
  width: number;
  height: number;
  data: Buffer;
}

/** Turns a stored bitmap the way its EXIF orientation says (2–8: mirrored and/or rotated), so it stands upright. */
export function orient(b: Bitmap, orientation: number): Bitmap {
  if (orientation <= 1 || orientation > 8) return b;
  const swap = orientation >= 5;
  const width = swap ? b.height : b.width;
  const height = swap ? b.width : b.height;
  const out = Buffer.alloc(width * height * 4);
  const W = b.width;
  const H = b.height;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // Where the upright pixel (x, y) lies in the stored bitmap.
      let sx: number;
      let sy: number;
      switch (orientation) {
        case 2: [sx, sy] = [W - 1 - x, y]; break;
        case 3: [sx, sy] = [W - 1 - x, H - 1 - y]; break;
        case 4: [sx, sy] = [x, H - 1 - y]; break;
        case 5: [sx, sy] = [y, x]; break;
        case 6: [sx, sy] = [y, H - 1 - x]; break;
        case 7: [sx, sy] = [W - 1 - y, H - 1 - x]; break;
        default: [sx, sy] = [W - 1 - y, x]; break;
      }
      b.data.copy(out, (y * width + x) * 4, (sy * W + sx) * 4, (sy * W + sx) * 4 + 4);
    }
  }
  return { width, height, data: out };
}

type JimpFactory = Awaited<ReturnType<typeof loadJimp>>;
let jimp: Promise<JimpFactory> | undefined;

/** jimp 1.x with only what covers need (JPEG and PNG codecs, resize): pure JavaScript, bundled into the function. */
async function loadJimp() {
  const [{ createJimp }, { default: jpeg }, { default: png }, { methods: resize }] = await Promise.all([
    import('@jimp/core'),
    import('@jimp/js-jpeg'),
    import('@jimp/js-png'),
    import('@jimp/plugin-resize'),
  ]);
  return { Jimp: createJimp({ formats: [jpeg, png], plugins: [resize] }), jpeg: jpeg(), png: png() };
}

/**
 * The cover kept for the feed: decoded (by the type its bytes show, at most IMAGE_MAX_PIXELS), turned upright (EXIF
 * orientation), resized to COVER_WIDTH wide (aspect ratio kept; a taller result keeps its middle COVER_MAX_HEIGHT
 * rows), flattened onto white and re-encoded as JPEG (which also drops all metadata, EXIF location included). Throws
 * on bytes that do not decode.
 */
export async function makeCover(bytes: Buffer): Promise<{ bytes: Buffer; width: number; height: number }> {
  const type = sniffImage(bytes);
  if (!type) throw new Error('not a JPEG or PNG picture');
  jimp ??= loadJimp();
  const { Jimp, jpeg, png } = await jimp;
  const decoded =
    type === 'image/jpeg'
      ? jpeg.decode(bytes, { maxResolutionInMP: IMAGE_MAX_PIXELS / 1e6, maxMemoryUsageInMB: JPEG_DECODE_MAX_MB })
      : png.decode(bytes);
  const upright = orient({ width: decoded.width, height: decoded.height, data: Buffer.from(decoded.data.buffer, decoded.data.byteOffset, decoded.data.byteLength) }, type === 'image/jpeg' ? exifOrientationOf(bytes) : 1);
  const img = new Jimp(upright);
  img.resize({ w: COVER_WIDTH });
  const { width, data } = img.bitmap;
  let height = img.bitmap.height;
  let pixels = data;
  if (height > COVER_MAX_HEIGHT) {
    const top = Math.floor((height - COVER_MAX_HEIGHT) / 2);
    pixels = data.subarray(top * width * 4, (top + COVER_MAX_HEIGHT) * width * 4);
    height = COVER_MAX_HEIGHT;
  }
  // Transparent pixels (PNG) onto white: JPEG has no alpha.
  const rgba = Buffer.from(pixels);
  for (let p = 0; p < rgba.length; p += 4) {
    const a = (rgba[p + 3] as number) / 255;
    if (a < 1) {
      rgba[p] = Math.round((rgba[p] as number) * a + 255 * (1 - a));
      rgba[p + 1] = Math.round((rgba[p + 1] as number) * a + 255 * (1 - a));
      rgba[p + 2] = Math.round((rgba[p + 2] as number) * a + 255 * (1 - a));
      rgba[p + 3] = 255;
    }
  }
  const out = new Jimp({ width, height, data: rgba });
  return { bytes: await out.getBuffer('image/jpeg', { quality: COVER_QUALITY }), width, height };
}

/** The `images` id of an upload: derived from its fileId, so one upload is one image however often it is used. */
export const imageIdOf = (uploadFileId: string): string => `img_${createHash('sha256').update(uploadFileId).digest('hex').slice(0, 32)}`;

export const sha256Of = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** Why a picture was refused (details.reason), and the words for it. */
export type ImageRefusal = 'not_own' | 'missing' | 'too_large' | 'type' | 'too_small' | 'too_many_pixels' | 'undecodable' | 'rejected';

const REFUSAL_WORDS: Record<ImageRefusal, string> = {
  not_own: '这张图片不是您上传的，请重新选择图片',
  missing: '没有找到上传的图片，请重新选择图片',
  too_large: '图片太大了，请选5MB以内的照片',
  type: '只能用 JPG 或 PNG 格式的照片',
  too_small: '图片太小了，请选一张清楚些的照片',
  too_many_pixels: '照片像素太高，请选一张小一些的照片',
  undecodable: '这张图片打不开，请换一张照片',
  rejected: '这张图片没有通过审核，请换一张照片',
};

const refuse = (reason: ImageRefusal): DomainError => new DomainError('ACTIVITY.IMAGE_INVALID', REFUSAL_WORDS[reason], { coverFileId: REFUSAL_WORDS[reason] }, { reason });

// ---------------------------------------------------------------------------------------------------------------
// The image check

/** A started check; its verdict arrives later as a `wxa_media_check` push with this trace id. */
export interface ImageChecker {
  start(o: { openid: string; mediaUrl: string }): Promise<{ traceId: string }>;
}

/** WeChat's image-check scene for what we post: 3 = forum/post (the same as the activity texts). */
const MEDIA_SCENE = 3;

/**
 * WeChat `security.mediaCheckAsync` v2 (platform-facts §3: media_url publicly downloadable, media_type 2 = image,
 * version 2, scene, openid of a user active within 2 h; answers only trace_id; the verdict is pushed within 30 min as
 * the `wxa_media_check` event), called through CloudBase's open-API bridge as WxContentChecker calls msgSecCheck.
 * Verified: the request and answer fields. NOT verified (no WeChat environment here): that the bridge accepts the
 * path-style apiName '/wxa/media_check_async' and whether the function's config.json needs `permissions.openapi:
 * ["security.mediaCheckAsync"]`. A WeChat error or an answer without trace_id throws: the picture is not accepted.
 *
 * Locally the same class runs over the local runtime's WeChat stand-in (LocalRuntimeHooks.wxOpenApi), whose verdicts
 * come from configuration (config/content-security.json `blockedImages`, sha256 of the stored cover) and are pushed
 * back seconds later, as WeChat pushes them.
 */
export class WxImageChecker implements ImageChecker {
  constructor(private readonly call: WxOpenApiCall = callThroughCloudBase) {}

  async start(o: { openid: string; mediaUrl: string }): Promise<{ traceId: string }> {
    const res = (await this.call('/wxa/media_check_async', { media_url: o.mediaUrl, media_type: 2, version: 2, scene: MEDIA_SCENE, openid: o.openid })) as
      | { result?: unknown }
      | undefined;
    const raw = res?.result ?? res;
    const body = (typeof raw === 'string' ? JSON.parse(raw) : (raw ?? {})) as { errcode?: number; errmsg?: string; trace_id?: unknown };
    if (body.errcode) throw new Error(`mediaCheckAsync failed: ${body.errcode} ${body.errmsg ?? ''}`.trim());
    if (typeof body.trace_id !== 'string' || body.trace_id === '') throw new Error('mediaCheckAsync: no trace_id in the answer');
    return { traceId: body.trace_id };
  }
}

/** The local runtime's WeChat open API (installed by local-cloud); refuses when there is none. */
const localWxOpenApi: WxOpenApiCall = (apiName, data) => {
  const call = localRuntimeHooks()?.wxOpenApi;
  if (!call) return Promise.reject(new Error('CONTENT_SECURITY=local but no local WeChat stand-in is installed'));
  return call(apiName, data);
};

/** CONTENT_SECURITY=local (the local runtime's host sets it) → the local WeChat stand-in; anything else → WeChat. */
export function imageCheckerFromEnv(env: NodeJS.ProcessEnv = process.env): ImageChecker {
  return new WxImageChecker(env.CONTENT_SECURITY === 'local' ? localWxOpenApi : callThroughCloudBase);
}

/** The image checker of a runtime: the injected one, else the environment's (chosen on each use). */
export function imageChecker(deps: { imageChecker?: ImageChecker }): ImageChecker {
  return deps.imageChecker ?? imageCheckerFromEnv();
}

// ---------------------------------------------------------------------------------------------------------------
// Accepting an upload

/**
 * Accepts an uploaded picture for `usedBy` (e.g. `activity:<id>`): the caller's own upload (it lies in their upload
 * folder), a JPEG or PNG judged by its bytes, at most IMAGE_MAX_BYTES, IMAGE_MIN_SIDE…IMAGE_MAX_PIXELS; resized to
 * COVER_WIDTH (makeCover) and stored as `covers/<imageId>.jpg`; recorded in `images`; sent to the image check. The raw
 * upload is then deleted. Throws DomainError ACTIVITY.IMAGE_INVALID (details.reason) for anything else, having written
 * nothing.
 *
 * Used once: an upload is accepted, stored and checked once (the image's id is derived from the upload's fileId, so
 * the database holds one `images` document per upload even when two calls race). A second use by the same person —
 * a retried create, or the same picture for a second activity — answers the same image, with its verdict so far; a
 * picture the check refused is refused again.
 */
export async function acceptImage(deps: RuntimeDeps, o: { openid: string; fileId: string; usedBy: string }): Promise<AcceptedImage> {
  const files = fileStore(deps);
  if (!files.uploadedBy(o.fileId, o.openid)) throw refuse('not_own');
  const imageId = imageIdOf(o.fileId);
  const images = deps.db().collection(Collections.images);
  const known = await getDoc<ImageDoc>(deps.db(), Collections.images, imageId);
  if (known) return answerFor(known, o.openid);

  let raw: Buffer;
  try {
    raw = await files.read(o.fileId);
  } catch (e) {
    if (!(e instanceof FileMissing)) throw e;
    // A call racing this one may have accepted the upload (and removed it) since the look above.
    const accepted = await getDoc<ImageDoc>(deps.db(), Collections.images, imageId);
    if (accepted) return answerFor(accepted, o.openid);
    throw refuse('missing');
  }
  // The caller's own upload that can never become a picture is removed from storage with the refusal (nothing is
  // written to the database): refused files do not pile up where erasure cannot list them (CloudBase storage).
  const unusable = async (reason: ImageRefusal): Promise<DomainError> => {
    await files.remove(o.fileId).catch(() => undefined);
    return refuse(reason);
  };
  if (raw.length > IMAGE_MAX_BYTES) throw await unusable('too_large');
  const type = sniffImage(raw);
  if (!type) throw await unusable('type');
  const dims = dimensionsOf(raw, type);
  if (!dims) throw await unusable('undecodable');
  if (dims.width < IMAGE_MIN_SIDE || dims.height < IMAGE_MIN_SIDE) throw await unusable('too_small');
  if (dims.width * dims.height > IMAGE_MAX_PIXELS) throw await unusable('too_many_pixels');
  let cover: Awaited<ReturnType<typeof makeCover>>;
  try {
    cover = await makeCover(raw);
  } catch {
    throw await unusable('undecodable');
  }

  const fileId = await files.write(`covers/${imageId}.jpg`, cover.bytes, 'image/jpeg');
  let traceId: string;
  try {
    ({ traceId } = await imageChecker(deps).start({ openid: o.openid, mediaUrl: await files.tempUrl(fileId) }));
  } catch (e) {
    // Nothing is kept of a picture that could not be sent to the check.
    await files.remove(fileId).catch(() => undefined);
    throw e;
  }
  const now = deps.clock.now();
  const doc: ImageDoc = {
    _id: imageId,
    openid: o.openid,
    usedBy: o.usedBy,
    fileId,
    width: cover.width,
    height: cover.height,
    bytes: cover.bytes.length,
    mimeType: 'image/jpeg',
    sha256: sha256Of(cover.bytes),
    traceId,
    state: 'checking',
    label: null,
    createdAt: new Date(now),
    checkedAt: null,
  };
  try {
    await images.add(doc);
  } catch (e) {
    if (dbErrorCode(e) !== 'DATABASE_DUPLICATE_WRITE') throw e;
    // Another call accepted the same upload at the same moment: its image (same cover bytes, same path) stands.
    const winner = await getDoc<ImageDoc>(deps.db(), Collections.images, imageId);
    if (!winner) throw e;
    return answerFor(winner, o.openid);
  }
  await files.remove(o.fileId).catch(() => undefined);
  return { imageId, fileId, state: 'checking' };
}

function answerFor(doc: ImageDoc, openid: string): AcceptedImage {
  if (doc.openid !== openid) throw refuse('not_own');
  if (doc.state === 'rejected') throw refuse('rejected');
  return { imageId: doc._id, fileId: doc.fileId, state: doc.state };
}

/**
 * For the transaction that makes an accepted image something's cover (e.g. the activity's create/update): the cover
 * state to store, read from the image inside that transaction — and the image document touched (`lastUsedBy`), so a
 * verdict committing at the same moment conflicts with it and one of the two retries. Without this, a verdict landing
 * between acceptImage and that transaction's commit would find no activity to update, and the cover would stay
 * 'checking'. A refused image → ACTIVITY.IMAGE_INVALID (reason 'rejected').
 */
export async function useImageIn(tx: Writer, imageId: string, usedBy: string): Promise<'checking' | 'ok'> {
  const doc = await getDoc<ImageDoc>(tx, Collections.images, imageId);
  if (!doc) throw refuse('missing');
  if (doc.state === 'rejected') throw refuse('rejected');
  await tx.collection(Collections.images).doc(imageId).update({ lastUsedBy: usedBy });
  return doc.state === 'pass' ? 'ok' : 'checking';
}

// ---------------------------------------------------------------------------------------------------------------
// The verdict

/** WeChat's push with an image check's verdict (platform-facts §3); `label` arrives as a number or a string. */
export interface MediaCheckEvent {
  MsgType: 'event';
  Event: 'wxa_media_check';
  trace_id: string;
  appid?: string;
  version?: number;
  result: { suggest: string; label?: number | string };
}

export function parseMediaCheckEvent(event: unknown): MediaCheckEvent | null {
  if (typeof event !== 'object' || event === null) return null;
  const e = event as Record<string, unknown>;
  const result = e.result as Record<string, unknown> | undefined;
  if (e.MsgType !== 'event' || e.Event !== 'wxa_media_check' || typeof e.trace_id !== 'string' || e.trace_id.length === 0 || e.trace_id.length > 200) return null;
  if (typeof result !== 'object' || result === null || typeof result.suggest !== 'string') return null;
  const label = typeof result.label === 'number' || typeof result.label === 'string' ? result.label : undefined;
  return { MsgType: 'event', Event: 'wxa_media_check', trace_id: e.trace_id, result: { suggest: result.suggest, ...(label !== undefined ? { label } : {}) } };
}

interface CoveredActivity {
  _id: string;
  title: string;
  branchId: string;
  coverImageId: string | null;
  coverState: 'checking' | 'ok' | 'rejected' | null;
  version?: number;
}

export const IMAGE_REJECTED_TITLE = '活动封面没有通过审核';

/**
 * Applies a pushed verdict: `pass` → the image and every activity showing it as its cover become visible to all
 * ('ok'); anything else (`risky`, `review`: nothing here goes to a human review queue) → the image is 'rejected', each
 * such activity's cover is taken down ('rejected', no file), its stored file removed, the uploader told
 * ('activity_image_rejected' with activityId) and an audit entry written, in the activity's transaction. Applying
 * the same verdict again changes nothing (a redelivered push, or one finishing a crashed run). An unknown trace id is
 * ignored (answered `{applied: false}`).
 */
export async function applyImageVerdict(deps: RuntimeDeps, event: MediaCheckEvent): Promise<{ applied: boolean; imageId: string | null; activities: number }> {
  const db = deps.db();
  const found = (await db.collection(Collections.images).where({ traceId: event.trace_id }).limit(1).get()) as { data: ImageDoc[] };
  const image = found.data[0];
  if (!image) return { applied: false, imageId: null, activities: 0 };
  const passed = event.result.suggest === 'pass';
  const label = event.result.label === undefined || String(event.result.label) === '100' ? null : String(event.result.label);
  const now = deps.clock.now();
  if (image.state === 'checking') {
    await retryingTransaction(db, async (tx) => {
      const cur = await getDoc<ImageDoc>(tx, Collections.images, image._id);
      if (!cur || cur.state !== 'checking') return;
      await tx.collection(Collections.images).doc(image._id).update({ state: passed ? 'pass' : 'rejected', label, checkedAt: new Date(now) });
    });
  }
  const decided = (await getDoc<ImageDoc>(db, Collections.images, image._id)) ?? image;
  const verdictOk = decided.state === 'pass';
  const using = (await db.collection(Collections.activities).where({ coverImageId: image._id }).limit(1000).get()) as { data: CoveredActivity[] };
  let changed = 0;
  for (const a of using.data) {
    const done = await retryingTransaction(db, async (tx) => {
      const cur = await getDoc<CoveredActivity>(tx, Collections.activities, a._id);
      if (!cur || cur.coverImageId !== image._id || cur.coverState === (verdictOk ? 'ok' : 'rejected')) return false;
      if (verdictOk) {
        await tx.collection(Collections.activities).doc(a._id).update({ coverState: 'ok', version: (cur.version ?? 0) + 1 });
        return true;
      }
      await tx.collection(Collections.activities).doc(a._id).update({ coverState: 'rejected', coverFileId: null, updatedAt: new Date(now), version: (cur.version ?? 0) + 1 });
      await enqueueNotification(
        tx,
        {
          openid: decided.openid,
          kind: 'activity_image_rejected',
          title: IMAGE_REJECTED_TITLE,
          body: `您为「${cur.title}」上传的封面图片没有通过审核，已经撤下了。活动照常进行，可以换一张图片再上传。`,
          activityId: a._id,
        },
        now,
      );
      await appendAudit(
        tx,
        {
          actor: 'wechat:media_check',
          action: 'activity.cover_taken_down',
          target: a._id,
          summary: `封面图片未通过审核，已撤下（${decided.label ?? label ?? event.result.suggest}）`,
          requestId: event.trace_id,
          scope: { branchId: cur.branchId },
        },
        now,
      );
      return true;
    });
    if (done) changed += 1;
  }
  if (!verdictOk) {
    await takeDownVenuePhotos(deps, decided, event.trace_id, now);
    await fileStore(deps).remove(decided.fileId).catch(() => undefined);
  }
  return { applied: true, imageId: image._id, activities: changed };
}

/**
 * A refused picture that is a venue's photo (admin.saveVenue keeps photos as their displayable URLs) is taken out of
 * each such venue, stamped as an administration change (so every instance's venue catalogue drops it at once) and
 * audited for the venue's street. Applying it again changes nothing.
 */
async function takeDownVenuePhotos(deps: RuntimeDeps, image: ImageDoc, traceId: string, now: number): Promise<void> {
  const url = fileStore(deps).url(image.fileId);
  const db = deps.db();
  const showing = (await db.collection(Collections.venues).where({ photos: url }).field({ _id: true }).limit(1000).get()) as { data: Array<{ _id: string }> };
  for (const v of showing.data) {
    await retryingTransaction(db, async (tx) => {
      const cur = await getDoc<{ _id: string; name: string; photos?: string[]; streetId?: string | null }>(tx, Collections.venues, v._id);
      if (!cur || !(cur.photos ?? []).includes(url)) return;
      const photos = (cur.photos ?? []).filter((p) => p !== url);
      await tx.collection(Collections.venues).doc(v._id).update({ photos, adminChangedAt: new Date(now), adminRevision: randomBytes(8).toString('hex') });
      await appendAudit(
        tx,
        {
          actor: 'wechat:media_check',
          action: 'venue.photo_taken_down',
          target: `venue:${v._id}`,
          summary: `场地照片未通过审核，已撤下（${image.label ?? 'risky'}）`,
          requestId: traceId,
          scope: { venueId: v._id, ...(cur.streetId ? { streetId: cur.streetId } : {}) },
          before: { photos: cur.photos ?? [] },
          after: { photos },
        },
        now,
      );
    });
  }
}

/** The pushes a function that posts pictures takes: `wxa_media_check` → applyImageVerdict. */
export const imageCheckPushes = (deps: RuntimeDeps): Pushes => ({
  wxa_media_check: async (event) => {
    const parsed = parseMediaCheckEvent(event);
    if (!parsed) throw new DomainError('INPUT.INVALID', 'invalid wxa_media_check event');
    return applyImageVerdict(deps, parsed);
  },
});
