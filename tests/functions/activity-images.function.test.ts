/**
 * Activity covers (issue #12): acceptImage on the real runtime pieces over a fresh local database and storage
 * directory — uploads through the local runtime's storage endpoint, the cover decoded and resized with jimp, the
 * image check started through the local WeChat stand-in, whose verdict is pushed back to the activity function as a
 * platform call and applied (a refused cover taken down, its poster told, an audit entry).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createJimp } from '@jimp/core';
import jpeg from '@jimp/js-jpeg';
import png from '@jimp/js-png';
import { COVER_WIDTH, IMAGE_MAX_BYTES } from '../../types/activity';
import { Collections } from '../../cloudfunctions/_shared/collections';
import { database } from '../../cloudfunctions/_shared/db';
import { DomainError } from '../../cloudfunctions/_shared/errors';
import { CloudBaseFileStore, LocalFileStore, type CloudBaseStorage } from '../../cloudfunctions/_shared/files';
import {
  acceptImage,
  COVER_MAX_HEIGHT,
  exifOrientationOf,
  imageIdOf,
  makeCover,
  orient,
  sha256Of,
  useImageIn,
  WxImageChecker,
  type ImageDoc,
} from '../../cloudfunctions/_shared/images';
import type { RuntimeDeps } from '../../cloudfunctions/_shared/runtime';
import { retryingTransaction } from '../../cloudfunctions/_shared/tx';
import type { ActivityDoc } from '../../cloudfunctions/activity/activity.docs';
import { contextFor } from '../support/local-cloud';
import { databaseDigest } from '../support/digest';
import { volunteerWorld, type VolunteerWorld } from '../support/volunteer';

const Jimp = createJimp({ formats: [jpeg, png] });
/** Decodes a stored cover (JPEG) to its size. */
const sizeOfJpeg = (bytes: Buffer): [number, number] => {
  const d = jpeg().decode(bytes);
  return [d.width, d.height];
};

const SECRETARY = 'demo-secretary';
const OTHER = 'demo-party-member';

/** A picture made here: colour bands, so resizing has something to keep. */
async function picture(width: number, height: number, type: 'image/png' | 'image/jpeg', seed = 0): Promise<Buffer> {
  const img = new Jimp({ width, height, color: 0xffffffff });
  const d = img.bitmap.data;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = (y * width + x) * 4;
      d[p] = (x + seed * 37) % 256;
      d[p + 1] = (y * 3) % 256;
      d[p + 2] = ((x ^ y) + seed) % 256;
      d[p + 3] = 255;
    }
  }
  return img.getBuffer(type);
}

// The local WeChat stand-in reads its block list from this file on every check (set before the runtime starts).
const listFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'red-sail-blocklist-')), 'content-security.json');
const baseList = JSON.parse(fs.readFileSync('config/content-security.json', 'utf8')) as Record<string, unknown>;
const writeBlockList = (hashes: string[]): void => fs.writeFileSync(listFile, JSON.stringify({ ...baseList, blockedImages: hashes }));
writeBlockList([]);
process.env.CONTENT_SECURITY_WORDS = listFile;

// Decoding and resizing in JavaScript takes seconds on a busy 2-core machine.
jest.setTimeout(90_000);

let w: VolunteerWorld;
let deps: RuntimeDeps;

beforeAll(async () => {
  w = await volunteerWorld({ date: '2026-12-01', clock: '10:00' });
  deps = { clock: w.clock, db: database };
  // Verdicts wait until a test lets WeChat (the stand-in) answer: flush() pushes them.
  w.cloud.wechat.delayMs = 600_000;
});
afterAll(async () => {
  await w.stop();
});

async function upload(openid: string, bytes: Buffer): Promise<string> {
  const res = await fetch(`${w.cloud.url}/storage/upload`, { method: 'POST', headers: { authorization: `Bearer ${w.cloud.server.signer.sign(openid)}` }, body: new Uint8Array(bytes) });
  const body = (await res.json()) as { ok: boolean; data: { fileId: string } };
  expect(res.status).toBe(200);
  return body.data.fileId;
}

/** Puts a file straight into someone's upload folder (what the storage endpoint itself would refuse to take). */
function plant(openid: string, name: string, bytes: Buffer): string {
  const cloudPath = `uploads/${openid}/${name}`;
  const file = new LocalFileStore(w.cloud.storageDir).fileOf(cloudPath);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, bytes);
  return `local://${cloudPath}`;
}

async function refusal(p: Promise<unknown>): Promise<{ code: string; reason: string | undefined }> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DomainError) return { code: e.code, reason: e.details?.reason };
    throw e;
  }
  throw new Error('expected a refusal');
}

const coversOnDisk = (): string[] => {
  const dir = path.join(w.cloud.storageDir, 'covers');
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
};

/** An activity using the image as its cover, written as the activity's create does it (useImageIn in its transaction). */
async function activityWithCover(id: string, imageId: string, fileId: string): Promise<void> {
  const now = w.clock.now();
  await retryingTransaction(database(), async (tx) => {
    const coverState = await useImageIn(tx, imageId, `activity:${id}`);
    const doc: ActivityDoc = {
      _id: id,
      branchId: 'branch-shanheliang',
      branchName: '芝罘区社会组织第一联合党支部',
      title: '社区主题党日',
      type: 'theme_day',
      description: '一起学习，一起做点实事。',
      coverImageId: imageId,
      coverFileId: fileId,
      coverState,
      start: new Date(now + 86_400_000),
      end: new Date(now + 86_400_000 + 7_200_000),
      signUpDeadline: new Date(now + 86_400_000),
      date: '2026-12-02',
      venueId: null,
      bookingId: null,
      placeName: '北大社区活动室',
      address: '北大社区活动室',
      streetId: null,
      streetName: null,
      communityId: null,
      communityName: null,
      lat: null,
      lng: null,
      capacity: 20,
      audience: 'public',
      state: 'published',
      cancelReason: null,
      createdBy: SECRETARY,
      updatedBy: SECRETARY,
      createdAt: new Date(now),
      updatedAt: new Date(now),
      publishedAt: new Date(now),
      version: 1,
    };
    await tx.collection(Collections.activities).add(doc);
  });
}

describe('acceptImage: a real picture is accepted, resized and checked', () => {
  it('a PNG 800×400 becomes a 750-wide JPEG cover (aspect kept), recorded as checking, the raw upload removed, then passed by the pushed verdict', async () => {
    const bytes = await picture(800, 400, 'image/png');
    const fileId = await upload(SECRETARY, bytes);
    expect(fileId).toMatch(new RegExp(`^local://uploads/${SECRETARY}/`));
    const accepted = await acceptImage(deps, { openid: SECRETARY, fileId, usedBy: 'activity:act_one' });
    expect(accepted).toEqual({ imageId: imageIdOf(fileId), fileId: `local://covers/${imageIdOf(fileId)}.jpg`, state: 'checking' });

    const stored = await new LocalFileStore(w.cloud.storageDir).read(accepted.fileId);
    expect(stored.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    expect(sizeOfJpeg(stored)).toEqual([COVER_WIDTH, Math.round((400 * COVER_WIDTH) / 800)]);
    const doc = w.doc<ImageDoc>(Collections.images, accepted.imageId);
    expect(doc).toMatchObject({ openid: SECRETARY, usedBy: 'activity:act_one', width: 750, height: 375, mimeType: 'image/jpeg', state: 'checking', bytes: stored.length });
    expect(doc?.traceId).toMatch(/^local-/);
    // The raw upload is gone; the cover is served, the raw upload never was.
    expect(fs.existsSync(new LocalFileStore(w.cloud.storageDir).fileOf(fileId.slice('local://'.length)))).toBe(false);
    const served = await fetch(`${w.cloud.url}/storage/covers/${accepted.imageId}.jpg`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/jpeg');

    await activityWithCover('act_one', accepted.imageId, accepted.fileId);
    expect(w.doc<ActivityDoc>(Collections.activities, 'act_one')?.coverState).toBe('checking');
    await w.cloud.wechat.flush();
    expect(w.doc<ImageDoc>(Collections.images, accepted.imageId)).toMatchObject({ state: 'pass', label: null });
    expect(w.doc<ActivityDoc>(Collections.activities, 'act_one')?.coverState).toBe('ok');
  });

  it('a tall JPEG keeps its middle: 750 wide, at most COVER_MAX_HEIGHT high', async () => {
    const fileId = await upload(SECRETARY, await picture(200, 400, 'image/jpeg'));
    const accepted = await acceptImage(deps, { openid: SECRETARY, fileId, usedBy: 'activity:act_tall' });
    expect(sizeOfJpeg(await new LocalFileStore(w.cloud.storageDir).read(accepted.fileId))).toEqual([COVER_WIDTH, COVER_MAX_HEIGHT]);
    await w.cloud.wechat.flush();
  });

  it('a phone photo stored sideways (EXIF orientation 6) stands upright: 400×200 stored → 200×400 → 750 wide, cropped to COVER_MAX_HEIGHT', async () => {
    const stored = await picture(400, 200, 'image/jpeg', 7);
    // APP1 "Exif" with one IFD0 entry: Orientation (0x0112), SHORT, 1, value 6 (big-endian TIFF).
    const tiff = Buffer.from([0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0]);
    const app1Body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
    const app1 = Buffer.concat([Buffer.from([0xff, 0xe1, (app1Body.length + 2) >> 8, (app1Body.length + 2) & 0xff]), app1Body]);
    const withExif = Buffer.concat([stored.subarray(0, 2), app1, stored.subarray(2)]);
    expect(exifOrientationOf(withExif)).toBe(6);
    expect(exifOrientationOf(stored)).toBe(1);
    const cover = await makeCover(withExif);
    expect([cover.width, cover.height]).toEqual([COVER_WIDTH, COVER_MAX_HEIGHT]);
    // orient() itself: a 2×1 bitmap [A B] turned by 6 (90° clockwise) is 1×2 [A; B].
    const turned = orient({ width: 2, height: 1, data: Buffer.from([1, 1, 1, 255, 2, 2, 2, 255]) }, 6);
    expect([turned.width, turned.height, [...turned.data]]).toEqual([1, 2, [1, 1, 1, 255, 2, 2, 2, 255]]);
    const flipped = orient({ width: 2, height: 1, data: Buffer.from([1, 1, 1, 255, 2, 2, 2, 255]) }, 3);
    expect([...flipped.data]).toEqual([2, 2, 2, 255, 1, 1, 1, 255]);
  });

  it('used once: a second use by the same person answers the same image (no second file, no second check)', async () => {
    const fileId = await upload(SECRETARY, await picture(400, 300, 'image/png', 3));
    const first = await acceptImage(deps, { openid: SECRETARY, fileId, usedBy: 'activity:act_a' });
    const covers = coversOnDisk().length;
    const again = await acceptImage(deps, { openid: SECRETARY, fileId, usedBy: 'activity:act_b' });
    expect(again).toEqual(first);
    expect(coversOnDisk().length).toBe(covers);
    expect(w.count(Collections.images, { _id: first.imageId })).toBe(1);
    await w.cloud.wechat.flush();
    expect(await acceptImage(deps, { openid: SECRETARY, fileId, usedBy: 'activity:act_c' })).toEqual({ ...first, state: 'pass' });
  });
});

describe('acceptImage: races and failures', () => {
  it('two calls accepting one upload at once (two instances of a create): one image, one stored cover, the same answer', async () => {
    const fileId = await upload(SECRETARY, await picture(300, 200, 'image/png', 21));
    const [a, b] = await Promise.all([
      acceptImage(deps, { openid: SECRETARY, fileId, usedBy: 'activity:act_r1' }),
      acceptImage({ clock: w.clock, db: database }, { openid: SECRETARY, fileId, usedBy: 'activity:act_r2' }),
    ]);
    expect(b).toEqual(a);
    expect(w.count(Collections.images, { _id: a.imageId })).toBe(1);
    expect(coversOnDisk().filter((f) => f.startsWith(a.imageId))).toEqual([`${a.imageId}.jpg`]);
    await w.cloud.wechat.flush();
  });

  it('when the image check cannot be started, nothing is kept: no document, no stored cover, the upload still there to retry', async () => {
    const fileId = await upload(SECRETARY, await picture(300, 200, 'image/png', 22));
    const before = databaseDigest(w.cloud.db);
    const covers = coversOnDisk();
    const failing = { clock: w.clock, db: database, imageChecker: { start: () => Promise.reject(new Error('mediaCheckAsync failed: 45009')) } };
    await expect(acceptImage(failing, { openid: SECRETARY, fileId, usedBy: 'activity:act_f' })).rejects.toThrow(/45009/);
    expect(databaseDigest(w.cloud.db)).toBe(before);
    expect(coversOnDisk()).toEqual(covers);
    expect((await acceptImage(deps, { openid: SECRETARY, fileId, usedBy: 'activity:act_f' })).state).toBe('checking');
    await w.cloud.wechat.flush();
  });
});

describe('acceptImage refuses, with ACTIVITY.IMAGE_INVALID and nothing written', () => {
  const refusedWithNothingWritten = async (o: { openid: string; fileId: string }, reason: string): Promise<void> => {
    const before = databaseDigest(w.cloud.db);
    const covers = coversOnDisk().length;
    expect(await refusal(acceptImage(deps, { ...o, usedBy: 'activity:act_x' }))).toEqual({ code: 'ACTIVITY.IMAGE_INVALID', reason });
    expect(databaseDigest(w.cloud.db)).toBe(before);
    expect(coversOnDisk().length).toBe(covers);
    // The caller's own upload that can never be a picture is removed with the refusal; anyone else's is untouched.
    const own = o.fileId.startsWith(`local://uploads/${o.openid}/`) && !o.fileId.includes('..');
    if (own) expect(fs.existsSync(new LocalFileStore(w.cloud.storageDir).fileOf(o.fileId.slice('local://'.length)))).toBe(false);
  };

  it("someone else's upload", async () => {
    const fileId = await upload(OTHER, await picture(400, 300, 'image/png', 5));
    await refusedWithNothingWritten({ openid: SECRETARY, fileId }, 'not_own');
    expect(fs.existsSync(new LocalFileStore(w.cloud.storageDir).fileOf(fileId.slice('local://'.length)))).toBe(true);
    // Not even once its owner has used it.
    await acceptImage(deps, { openid: OTHER, fileId, usedBy: 'activity:act_other' });
    await refusedWithNothingWritten({ openid: SECRETARY, fileId }, 'not_own');
    await w.cloud.wechat.flush();
  });

  it('a path that is not an upload folder, or a made-up file', async () => {
    await refusedWithNothingWritten({ openid: SECRETARY, fileId: `local://covers/${imageIdOf('x')}.jpg` }, 'not_own');
    await refusedWithNothingWritten({ openid: SECRETARY, fileId: `local://uploads/${SECRETARY}/../${OTHER}/a.jpg` }, 'not_own');
    await refusedWithNothingWritten({ openid: SECRETARY, fileId: `local://uploads/${SECRETARY}/nothing-here.jpg` }, 'missing');
  });

  it('a ".jpg" that is really text', async () => {
    await refusedWithNothingWritten({ openid: SECRETARY, fileId: plant(SECRETARY, 'photo.jpg', Buffer.from('这不是图片，只是一段文字。'.repeat(50))) }, 'type');
  });

  it('larger than IMAGE_MAX_BYTES (a real PNG header, then padding)', async () => {
    const head = await picture(200, 200, 'image/png');
    const big = Buffer.concat([head, Buffer.alloc(IMAGE_MAX_BYTES + 1 - head.length)]);
    await refusedWithNothingWritten({ openid: SECRETARY, fileId: plant(SECRETARY, 'big.png', big) }, 'too_large');
  });

  it('too small, too many pixels, or bytes that do not decode', async () => {
    await refusedWithNothingWritten({ openid: SECRETARY, fileId: plant(SECRETARY, 'icon.png', await picture(64, 64, 'image/png')) }, 'too_small');
    // A PNG header claiming 100000×100000 pixels: refused before anything is decoded.
    const huge = await picture(200, 200, 'image/png');
    huge.writeUInt32BE(100_000, 16);
    huge.writeUInt32BE(100_000, 20);
    await refusedWithNothingWritten({ openid: SECRETARY, fileId: plant(SECRETARY, 'huge.png', huge) }, 'too_many_pixels');
    const broken = await picture(300, 300, 'image/jpeg');
    await refusedWithNothingWritten({ openid: SECRETARY, fileId: plant(SECRETARY, 'broken.jpg', broken.subarray(0, 400)) }, 'undecodable');
  });
});

describe('the verdict: a blocked picture is taken down after WeChat (the local stand-in) pushes it', () => {
  it('blocked by its hash in the configuration: image rejected, cover taken down and its file removed, the poster told, audited; a second use refused', async () => {
    const bytes = await picture(400, 300, 'image/jpeg', 9);
    writeBlockList([sha256Of((await makeCover(bytes)).bytes)]);
    const fileId = await upload(SECRETARY, bytes);
    const accepted = await acceptImage(deps, { openid: SECRETARY, fileId, usedBy: 'activity:act_blocked' });
    await activityWithCover('act_blocked', accepted.imageId, accepted.fileId);
    // Until the verdict: checking (only the poster sees it, view.ts).
    expect(w.doc<ActivityDoc>(Collections.activities, 'act_blocked')?.coverState).toBe('checking');
    await w.cloud.wechat.flush();

    expect(w.doc<ImageDoc>(Collections.images, accepted.imageId)).toMatchObject({ state: 'rejected', label: '21000' });
    expect(w.doc<ActivityDoc>(Collections.activities, 'act_blocked')).toMatchObject({ coverState: 'rejected', coverFileId: null, version: 2 });
    expect((await fetch(`${w.cloud.url}/storage/covers/${accepted.imageId}.jpg`)).status).toBe(404);
    const told = w.notifications(SECRETARY).filter((n) => n.kind === 'activity_image_rejected');
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ activityId: 'act_blocked', title: '活动封面没有通过审核' });
    expect(told[0]?.body).toContain('「社区主题党日」');
    expect(w.count(Collections.auditLog, { action: 'activity.cover_taken_down', target: 'act_blocked' })).toBe(1);
    expect(await refusal(acceptImage(deps, { openid: SECRETARY, fileId, usedBy: 'activity:act_again' }))).toEqual({ code: 'ACTIVITY.IMAGE_INVALID', reason: 'rejected' });
    writeBlockList([]);
  });

  it('the same push again (a redelivery) changes nothing; a push for an unknown trace id is ignored', async () => {
    const image = w.doc<ImageDoc>(Collections.images, w.doc<ActivityDoc>(Collections.activities, 'act_blocked')?.coverImageId ?? '');
    expect(image?.state).toBe('rejected');
    const before = databaseDigest(w.cloud.db);
    const platform = { environment: JSON.stringify({ TCB_SOURCE: 'wx_msgpush' }) };
    const main = w.instances.activity[1];
    const again = await main?.({ MsgType: 'event', Event: 'wxa_media_check', trace_id: image?.traceId, result: { suggest: 'risky', label: '21000' } }, platform);
    expect(again).toEqual({ ok: true, data: { applied: true, imageId: image?._id, activities: 0 } });
    const unknown = await main?.({ MsgType: 'event', Event: 'wxa_media_check', trace_id: 'no-such-trace', result: { suggest: 'risky' } }, platform);
    expect(unknown).toEqual({ ok: true, data: { applied: false, imageId: null, activities: 0 } });
    expect(databaseDigest(w.cloud.db)).toBe(before);
  });

  it('a pushed verdict from a user context is refused and changes nothing (client call, or over HTTP)', async () => {
    const fileId = await upload(SECRETARY, await picture(300, 200, 'image/png', 11));
    const accepted = await acceptImage(deps, { openid: SECRETARY, fileId, usedBy: 'activity:act_forged' });
    await activityWithCover('act_forged', accepted.imageId, accepted.fileId);
    await w.cloud.wechat.flush();
    expect(w.doc<ActivityDoc>(Collections.activities, 'act_forged')?.coverState).toBe('ok');
    const traceId = w.doc<ImageDoc>(Collections.images, accepted.imageId)?.traceId;
    const forged = { MsgType: 'event', Event: 'wxa_media_check', trace_id: traceId, result: { suggest: 'risky', label: 20002 } };
    const before = databaseDigest(w.cloud.db);
    const main = w.instances.activity[0];
    for (const context of [
      contextFor(OTHER),
      contextFor(SECRETARY),
      { environment: JSON.stringify({ TCB_SOURCE: 'wx_client', WX_OPENID: OTHER }) },
      { environment: JSON.stringify({ TCB_SOURCE: 'wx_client' }) },
      { environment: JSON.stringify({ TCB_SOURCE: 'wx_devtools,scf' }) },
      { environment: JSON.stringify({}) },
      undefined,
    ]) {
      const res = await main?.(forged, context);
      expect(res).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    }
    const http = await w.cloud.post('activity', OTHER, forged);
    expect(http.status).toBe(403);
    expect(databaseDigest(w.cloud.db)).toBe(before);
    expect(w.doc<ActivityDoc>(Collections.activities, 'act_forged')?.coverState).toBe('ok');
  });
});

describe('production pieces, with their SDK and open-API calls stubbed', () => {
  it('WxImageChecker sends mediaCheckAsync v2 for an image and answers its trace_id; an error or no trace_id throws', async () => {
    const calls: Array<[string, Record<string, unknown>]> = [];
    const checker = new WxImageChecker((api, data) => {
      calls.push([api, data]);
      return Promise.resolve({ errcode: 0, errmsg: 'ok', trace_id: 'trace-1' });
    });
    expect(await checker.start({ openid: 'o1', mediaUrl: 'https://tmp.example/a.jpg' })).toEqual({ traceId: 'trace-1' });
    expect(calls).toEqual([['/wxa/media_check_async', { media_url: 'https://tmp.example/a.jpg', media_type: 2, version: 2, scene: 3, openid: 'o1' }]]);
    await expect(new WxImageChecker(() => Promise.resolve({ errcode: 45009, errmsg: 'limit' })).start({ openid: 'o1', mediaUrl: 'u' })).rejects.toThrow(/45009/);
    await expect(new WxImageChecker(() => Promise.resolve({ result: JSON.stringify({ errcode: 0 }) })).start({ openid: 'o1', mediaUrl: 'u' })).rejects.toThrow(/trace_id/);
  });

  it('CloudBaseFileStore: uploads lie in their uploader’s folder of the cloud:// fileID; write/read/remove/tempUrl through the SDK', async () => {
    const saved = new Map<string, Buffer>();
    const sdk: CloudBaseStorage = {
      uploadFile: ({ cloudPath, fileContent }) => {
        saved.set(`cloud://env-1.bucket/${cloudPath}`, fileContent);
        return Promise.resolve({ fileID: `cloud://env-1.bucket/${cloudPath}` });
      },
      downloadFile: ({ fileID }) => Promise.resolve({ fileContent: saved.get(fileID) }),
      deleteFile: ({ fileList }) => Promise.resolve({ fileList: fileList.map((f) => ({ fileID: f, code: saved.delete(f) ? 'SUCCESS' : 'STORAGE_FILE_NONEXIST' })) }),
      getTempFileURL: ({ fileList }) => Promise.resolve({ fileList: fileList.map((f) => ({ fileID: f.fileID, code: 'SUCCESS', tempFileURL: `https://tmp.example/${f.fileID.length}` })) }),
    };
    const store = new CloudBaseFileStore(sdk);
    const id = await store.write('covers/img_1.jpg', Buffer.from('x'), 'image/jpeg');
    expect(id).toBe('cloud://env-1.bucket/covers/img_1.jpg');
    expect((await store.read(id)).toString()).toBe('x');
    expect(store.url(id)).toBe(id);
    expect(await store.tempUrl(id)).toMatch(/^https:\/\/tmp\.example\//);
    await store.remove(id);
    await store.remove(id);
    await expect(store.read(id)).rejects.toThrow(/no file/);
    expect(store.uploadedBy('cloud://env-1.bucket/uploads/o1/a.jpg', 'o1')).toBe(true);
    expect(store.uploadedBy('cloud://env-1.bucket/uploads/o2/a.jpg', 'o1')).toBe(false);
    expect(store.uploadedBy('cloud://env-1.bucket/uploads/o1/x/a.jpg', 'o1')).toBe(false);
    expect(store.uploadedBy('cloud://env-1.bucket/uploads/o1/../o2/a.jpg', 'o1')).toBe(false);
    expect(store.uploadedBy('local://uploads/o1/a.jpg', 'o1')).toBe(false);
  });
});

it('the block list in config/content-security.json is a list of sha256 hashes', () => {
  const list = (JSON.parse(fs.readFileSync('config/content-security.json', 'utf8')) as { blockedImages?: unknown }).blockedImages;
  expect(Array.isArray(list)).toBe(true);
  for (const h of list as unknown[]) expect(h).toMatch(/^[0-9a-f]{64}$/);
});
