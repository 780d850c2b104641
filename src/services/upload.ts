import Taro from '@tarojs/taro';
import { IMAGE_MAX_BYTES } from '../../types/activity-rules';
import { CallError } from './client';
import { getToken, onUnauthenticated } from './session';
import { userService } from './user';

/**
 * Uploading a picture the person chose (activity covers). Answers the file id to send with the activity; the server
 * then checks it for real (the caller's own upload, JPEG or PNG by its bytes, at most 5 MB), resizes it and sends it
 * to the image check — nothing here is trusted, the size check below only spares a pointless upload.
 * - weapp: Taro.cloud.uploadFile to CloudBase storage, into the person's own folder `uploads/<openid>/…` (the server
 *   accepts only pictures from the caller's folder);
 * - H5: the local runtime's `POST /storage/upload` (Taro.cloud is a stub on H5), signed in with the local token.
 * Failures are CallErrors with a code (ACTIVITY.IMAGE_INVALID, AUTH.UNAUTHENTICATED, UNAVAILABLE), for messageFor().
 */
export async function uploadImage(filePath: string): Promise<string> {
  return process.env.TARO_ENV === 'weapp' ? uploadToCloud(filePath) : uploadToLocalRuntime(filePath);
}

const tooLarge = (): CallError => new CallError({ code: 'ACTIVITY.IMAGE_INVALID', message: 'picture larger than 5 MB' });
const unavailable = (e: unknown): CallError => new CallError({ code: 'UNAVAILABLE', message: e instanceof Error ? e.message : String(e) });

let myOpenid: string | null = null;

/** The weapp shrinks a picture to this width before uploading it: a cover is 750 wide, a phone photo 4000. */
const UPLOAD_WIDTH = 1500;

async function uploadToCloud(chosen: string): Promise<string> {
  // Smaller to send on a slow connection and lighter for the server to decode; the original when shrinking fails
  // (compressedWidth needs base library 2.26).
  const shrunk = await Taro.compressImage({ src: chosen, quality: 85, compressedWidth: UPLOAD_WIDTH }).catch(() => null);
  const filePath = shrunk?.tempFilePath ?? chosen;
  const info = await Taro.getFileInfo({ filePath }).catch(() => null);
  if (info && 'size' in info && typeof info.size === 'number' && info.size > IMAGE_MAX_BYTES) throw tooLarge();
  myOpenid ??= (await userService.me()).openid;
  const ext = /\.png$/i.test(filePath) ? 'png' : 'jpg';
  const name = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12).padEnd(10, '0')}`;
  try {
    const res = await Taro.cloud.uploadFile({ cloudPath: `uploads/${myOpenid}/${name}.${ext}`, filePath });
    if (!res.fileID) throw new Error('no fileID');
    return res.fileID;
  } catch (e) {
    throw unavailable(e);
  }
}

async function uploadToLocalRuntime(filePath: string): Promise<string> {
  let blob: Blob;
  try {
    blob = await (await fetch(filePath)).blob();
  } catch (e) {
    throw unavailable(e);
  }
  if (blob.size > IMAGE_MAX_BYTES) throw tooLarge();
  const token = getToken();
  let res: Response;
  try {
    res = await fetch('/storage/upload', { method: 'POST', headers: token ? { Authorization: `Bearer ${token}` } : {}, body: blob });
  } catch (e) {
    throw unavailable(e);
  }
  if (res.status === 401) {
    onUnauthenticated();
    throw new CallError({ code: 'AUTH.UNAUTHENTICATED', message: 'sign in first' });
  }
  if (res.status === 413 || res.status === 415) throw new CallError({ code: 'ACTIVITY.IMAGE_INVALID', message: `upload refused (${res.status})` });
  const body = (await res.json().catch(() => null)) as { ok?: boolean; data?: { fileId?: unknown }; error?: { code: string; message: string } } | null;
  if (body?.ok && typeof body.data?.fileId === 'string') return body.data.fileId;
  throw body?.error ? new CallError(body.error) : unavailable(new Error(`HTTP ${res.status}`));
}
