/**
 * The local runtime's storage endpoint (the stand-in for CloudBase storage, issue #12 covers):
 * POST /storage/upload for signed-in callers only, IMAGE_MAX_BYTES enforced with 413, pictures only (by their bytes),
 * kept in the uploader's folder; GET /storage serves accepted covers only, never raw uploads.
 */
import fs from 'node:fs';
import { LocalFileStore } from '../../cloudfunctions/_shared/files';
import { IMAGE_MAX_BYTES } from '../../types/activity';
import { CallError } from '../../src/services/client';
import { uploadImage } from '../../src/services/upload';
import { startTestCloud, type TestCloud } from '../support/local-cloud';

// The app's H5 upload path, run against this runtime: Taro's storage holds the local sign-in token.
const taroStorage = new Map<string, unknown>();
jest.mock('@tarojs/taro', () => ({
  __esModule: true,
  default: {
    getStorageSync: (k: string) => taroStorage.get(k) ?? '',
    setStorageSync: (k: string, v: unknown) => taroStorage.set(k, v),
    removeStorageSync: (k: string) => taroStorage.delete(k),
    getCurrentPages: () => [],
    navigateTo: () => Promise.resolve(),
  },
}));

let cloud: TestCloud;
beforeAll(async () => {
  cloud = await startTestCloud({ seed: false });
});
afterAll(async () => {
  await cloud.stop();
});

/** The smallest valid PNG signature + IHDR start: enough for the endpoint, which judges the first bytes. */
const PNG_HEAD = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0, 0, 0, 1, 0, 8, 6, 0, 0, 0]);
const JPEG_HEAD = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0]);

const token = (openid: string): string => cloud.server.signer.sign(openid);

async function post(body: Buffer, headers: Record<string, string> = {}): Promise<{ status: number; body: { ok: boolean; data?: { fileId: string }; error?: { code: string } } }> {
  const res = await fetch(`${cloud.url}/storage/upload`, { method: 'POST', headers, body: new Uint8Array(body) });
  return { status: res.status, body: (await res.json()) as never };
}

const files = (): string[] => (fs.existsSync(cloud.storageDir) ? (fs.readdirSync(cloud.storageDir, { recursive: true }) as string[]) : []);

describe('POST /storage/upload', () => {
  it('without a token, or with a bad one: 401 and nothing stored', async () => {
    const before = files();
    expect((await post(PNG_HEAD)).status).toBe(401);
    expect((await post(PNG_HEAD, { authorization: 'Bearer not-a-token' })).status).toBe(401);
    expect((await post(PNG_HEAD, { authorization: `Bearer ${token('someone')}x` })).status).toBe(401);
    expect(files()).toEqual(before);
  });

  it('larger than IMAGE_MAX_BYTES: 413, nothing stored', async () => {
    const before = files();
    const big = Buffer.concat([PNG_HEAD, Buffer.alloc(IMAGE_MAX_BYTES + 1 - PNG_HEAD.length)]);
    const res = await post(big, { authorization: `Bearer ${token('someone')}` });
    expect(res.status).toBe(413);
    expect(files()).toEqual(before);
    // Exactly the limit is fine.
    const fits = await post(big.subarray(0, IMAGE_MAX_BYTES), { authorization: `Bearer ${token('someone')}` });
    expect(fits.status).toBe(200);
  });

  it('not a picture by its bytes (whatever its declared type): 415, nothing stored', async () => {
    const before = files();
    const res = await post(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>'), { authorization: `Bearer ${token('someone')}`, 'content-type': 'image/jpeg' });
    expect(res.status).toBe(415);
    expect(res.body.error?.code).toBe('ACTIVITY.IMAGE_INVALID');
    expect(files()).toEqual(before);
  });

  it('a picture is kept in the uploader’s own folder; its fileId says whose it is', async () => {
    const png = await post(PNG_HEAD, { authorization: `Bearer ${token('uploader-1')}` });
    const jpg = await post(JPEG_HEAD, { authorization: `Bearer ${token('uploader-1')}` });
    expect(png.status).toBe(200);
    expect(png.body.data?.fileId).toMatch(/^local:\/\/uploads\/uploader-1\/[a-z0-9]+-[0-9a-f]{24}\.png$/);
    expect(jpg.body.data?.fileId).toMatch(/^local:\/\/uploads\/uploader-1\/[a-z0-9]+-[0-9a-f]{24}\.jpg$/);
    const store = new LocalFileStore(cloud.storageDir);
    expect(await store.read(png.body.data?.fileId ?? '')).toEqual(PNG_HEAD);
    expect(store.uploadedBy(png.body.data?.fileId ?? '', 'uploader-1')).toBe(true);
    expect(store.uploadedBy(png.body.data?.fileId ?? '', 'uploader-2')).toBe(false);
  });
});

describe('GET /storage/…', () => {
  it('raw uploads are never served — not to their uploader, not to anyone', async () => {
    const up = await post(PNG_HEAD, { authorization: `Bearer ${token('uploader-2')}` });
    const cloudPath = (up.body.data?.fileId ?? '').slice('local://'.length);
    const asks: Array<Record<string, string>> = [{}, { authorization: `Bearer ${token('uploader-2')}` }, { authorization: `Bearer ${token('other')}` }];
    for (const headers of asks) {
      expect((await fetch(`${cloud.url}/storage/${cloudPath}`, { headers })).status).toBe(404);
    }
    expect((await fetch(`${cloud.url}/storage/covers/../${cloudPath}`)).status).toBe(404);
    expect((await fetch(`${cloud.url}/storage/covers/..%2F${cloudPath.replace(/\//g, '%2F')}`)).status).toBe(404);
  });

  it('an accepted cover is served as image/jpeg; a missing one (or one taken down) is 404; only GET and HEAD', async () => {
    const store = new LocalFileStore(cloud.storageDir);
    const id = `img_${'a'.repeat(32)}`;
    await store.write(`covers/${id}.jpg`, JPEG_HEAD, 'image/jpeg');
    const res = await fetch(`${cloud.url}/storage/covers/${id}.jpg`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(JPEG_HEAD);
    expect((await fetch(`${cloud.url}/storage/covers/${id}.jpg`, { method: 'HEAD' })).status).toBe(200);
    expect((await fetch(`${cloud.url}/storage/covers/${id}.jpg`, { method: 'DELETE' })).status).toBe(405);
    await store.remove(`local://covers/${id}.jpg`);
    expect((await fetch(`${cloud.url}/storage/covers/${id}.jpg`)).status).toBe(404);
    expect((await fetch(`${cloud.url}/storage/covers/${'b'.repeat(10)}.jpg`)).status).toBe(404);
  });
});

describe('the app’s uploadImage (H5) against this endpoint', () => {
  const realFetch = global.fetch;
  beforeAll(() => {
    // The page's origin is the runtime: relative URLs go to it; a chosen picture is a data: URL here (a blob: URL in a browser).
    global.fetch = ((input: string | URL | Request, init?: RequestInit) => realFetch(typeof input === 'string' && input.startsWith('/') ? `${cloud.url}${input}` : input, init));
  });
  afterAll(() => {
    global.fetch = realFetch;
  });
  const dataUrl = (b: Buffer): string => `data:application/octet-stream;base64,${b.toString('base64')}`;

  it('signed in: the picture lands in the person’s folder and its fileId comes back', async () => {
    taroStorage.set('redsail.token', token('app-user'));
    const fileId = await uploadImage(dataUrl(PNG_HEAD));
    expect(fileId).toMatch(/^local:\/\/uploads\/app-user\/.+\.png$/);
  });

  it('too large, not a picture, or signed out: a coded CallError for messageFor()', async () => {
    taroStorage.set('redsail.token', token('app-user'));
    const codeOf = (p: Promise<unknown>): Promise<string> => p.then(() => 'none', (e: unknown) => (e instanceof CallError ? e.code : String(e)));
    expect(await codeOf(uploadImage(dataUrl(Buffer.concat([PNG_HEAD, Buffer.alloc(IMAGE_MAX_BYTES)]))))).toBe('ACTIVITY.IMAGE_INVALID');
    expect(await codeOf(uploadImage(dataUrl(Buffer.from('hello'))))).toBe('ACTIVITY.IMAGE_INVALID');
    taroStorage.delete('redsail.token');
    expect(await codeOf(uploadImage(dataUrl(PNG_HEAD)))).toBe('AUTH.UNAUTHENTICATED');
  });
});
