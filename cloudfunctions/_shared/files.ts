import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import tcb from '@cloudbase/node-sdk';

/**
 * Files people upload (issue #12: activity covers). One interface, two stores:
 * - production: CloudBase storage (the app uploads with Taro.cloud.uploadFile to `uploads/<openid>/…`; functions read
 *   and write through @cloudbase/node-sdk downloadFile / uploadFile / deleteFile; a `cloud://` fileID shows directly in
 *   a weapp <Image>);
 * - locally: the local runtime's storage endpoint (`POST /storage/upload`, `GET /storage/covers/…`), files kept under
 *   FILE_STORE_DIR (`DATA_DIR/storage`); chosen by FILE_STORE=local, which the local runtime's host sets (as it sets
 *   CONTENT_SECURITY=local). Anything else, including no setting at all, is CloudBase storage.
 *
 * Paths: uploads lie in their uploader's folder `uploads/<openid>/<name>.<ext>` (so "the caller's own upload" is a
 * question about the path); accepted, resized files in `covers/<imageId>.jpg`. In production the app picks the path of
 * its upload: the storage security rule must keep files private to their creator (`{"read": "resource.openid ==
 * auth.openid", "write": "resource.openid == auth.openid"}`, 存储 → 权限设置), so nobody can read another person's
 * raw upload, and putting a file into someone else's folder gains nothing (only that person may use it).
 */
export interface FileStore {
  /** The bytes of a stored file; throws FileMissing when there is none. */
  read(fileId: string): Promise<Buffer>;
  /** Stores bytes at `cloudPath` (e.g. `covers/<id>.jpg`); returns the file's id. */
  write(cloudPath: string, bytes: Buffer, mimeType: string): Promise<string>;
  /** Removes a file; a file that is already gone is not an error. */
  remove(fileId: string): Promise<void>;
  /** What a page shows the file with (a weapp <Image> takes a cloud:// fileID; locally `/storage/<path>`). */
  url(fileId: string): string;
  /** A URL anyone may download the file from for a while (WeChat's image check fetches it). */
  tempUrl(fileId: string): Promise<string>;
  /** Whether the file is one this person uploaded (it lies in their own upload folder). */
  uploadedBy(fileId: string, openid: string): boolean;
  /**
   * The ids of the files lying directly in a folder (`uploads/<openid>/`), for erasing a person's uploads; null when
   * the store cannot list folders (CloudBase storage through @cloudbase/node-sdk).
   */
  list(folder: string): Promise<string[] | null>;
}

export class FileMissing extends Error {}

/** Path segments: letters, digits, `_` and `-` only, and one extension at the end (no `..`, no empty segment). */
const CLOUD_PATH = /^[A-Za-z0-9_-]{1,128}(\/[A-Za-z0-9_-]{1,128}){0,3}\.[a-z0-9]{2,5}$/;

export function isSafeCloudPath(p: string): boolean {
  return CLOUD_PATH.test(p);
}

/** The upload folder of a person (an openid is letters, digits, `_` and `-`). */
export const uploadFolderOf = (openid: string): string => `uploads/${openid}/`;

/** A fresh name for an upload in `openid`'s folder. */
export const newUploadPath = (openid: string, ext: string): string => `${uploadFolderOf(openid)}${Date.now().toString(36)}-${randomBytes(12).toString('hex')}.${ext}`;

const inFolderOf = (cloudPath: string | null, openid: string): boolean =>
  cloudPath !== null && /^[A-Za-z0-9_-]{1,128}$/.test(openid) && cloudPath.startsWith(uploadFolderOf(openid)) && cloudPath.split('/').length === 3;

/** Files under a directory (the local runtime's DATA_DIR/storage); fileIds are `local://<cloudPath>`. */
export class LocalFileStore implements FileStore {
  static readonly SCHEME = 'local://';

  constructor(readonly dir: string) {}

  /** The cloud path of a local fileId, or null for anything that is not one (or not a safe path). */
  static pathOf(fileId: string): string | null {
    if (!fileId.startsWith(LocalFileStore.SCHEME)) return null;
    const p = fileId.slice(LocalFileStore.SCHEME.length);
    return isSafeCloudPath(p) ? p : null;
  }

  /** Where a cloud path lives on disk. */
  fileOf(cloudPath: string): string {
    if (!isSafeCloudPath(cloudPath)) throw new Error(`unsafe storage path ${cloudPath}`);
    return path.join(this.dir, ...cloudPath.split('/'));
  }

  async read(fileId: string): Promise<Buffer> {
    const p = LocalFileStore.pathOf(fileId);
    if (!p) throw new FileMissing(`not a local file: ${fileId}`);
    try {
      return await fs.promises.readFile(this.fileOf(p));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new FileMissing(`no file ${fileId}`);
      throw e;
    }
  }

  async write(cloudPath: string, bytes: Buffer, _mimeType?: string): Promise<string> {
    const file = this.fileOf(cloudPath);
    await fs.promises.mkdir(path.dirname(file), { recursive: true });
    // Written beside and renamed: a reader never sees half a file.
    const tmp = `${file}.${randomBytes(6).toString('hex')}.part`;
    await fs.promises.writeFile(tmp, bytes);
    await fs.promises.rename(tmp, file);
    return `${LocalFileStore.SCHEME}${cloudPath}`;
  }

  async remove(fileId: string): Promise<void> {
    const p = LocalFileStore.pathOf(fileId);
    if (!p) return;
    await fs.promises.rm(this.fileOf(p), { force: true });
  }

  url(fileId: string): string {
    const p = LocalFileStore.pathOf(fileId);
    return p ? `/storage/${p}` : '';
  }

  tempUrl(fileId: string): Promise<string> {
    return Promise.resolve(this.url(fileId));
  }

  uploadedBy(fileId: string, openid: string): boolean {
    return inFolderOf(LocalFileStore.pathOf(fileId), openid);
  }

  async list(folder: string): Promise<string[]> {
    const prefix = folder.endsWith('/') ? folder : `${folder}/`;
    if (!/^[A-Za-z0-9_-]{1,128}(\/[A-Za-z0-9_-]{1,128}){0,2}\/$/.test(prefix)) throw new Error(`unsafe storage folder ${folder}`);
    let names: fs.Dirent[];
    try {
      names = await fs.promises.readdir(path.join(this.dir, ...prefix.split('/').filter(Boolean)), { withFileTypes: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    // Half-written files (`.part`) are not files yet; anything that is not a safe path is not one of ours.
    return names.filter((d) => d.isFile() && isSafeCloudPath(`${prefix}${d.name}`)).map((d) => `${LocalFileStore.SCHEME}${prefix}${d.name}`);
  }
}

/** The storage calls of @cloudbase/node-sdk this store uses; replaceable so tests stub them (no network). */
export interface CloudBaseStorage {
  uploadFile(o: { cloudPath: string; fileContent: Buffer }): Promise<{ fileID: string }>;
  downloadFile(o: { fileID: string }): Promise<{ fileContent: string | Buffer | undefined }>;
  deleteFile(o: { fileList: string[] }): Promise<{ fileList: Array<{ code: string; fileID: string }> }>;
  getTempFileURL(o: { fileList: Array<{ fileID: string; maxAge?: number }> }): Promise<{ fileList: Array<{ code: string; fileID: string; tempFileURL: string }> }>;
}

/**
 * CloudBase storage through @cloudbase/node-sdk (dist/storage: uploadFile({cloudPath, fileContent: Buffer}) →
 * {fileID}; downloadFile({fileID}) → {fileContent: Buffer}; deleteFile({fileList}) → per-file codes;
 * getTempFileURL({fileList: [{fileID, maxAge}]}) → {tempFileURL}). FileIDs are `cloud://<env>.<bucket>/<cloudPath>`.
 * Verified: the calls and their shapes in the SDK 3.18.3 source and typings. NOT verified (no CloudBase env here):
 * the per-file code a deleteFile of an already deleted file answers (treated as done unless it names another error).
 */
export class CloudBaseFileStore implements FileStore {
  private storage: CloudBaseStorage | undefined;

  constructor(storage?: CloudBaseStorage) {
    this.storage = storage;
  }

  private sdk(): CloudBaseStorage {
    this.storage ??= tcb.init({ env: tcb.SYMBOL_CURRENT_ENV }) as unknown as CloudBaseStorage;
    return this.storage;
  }

  /** The cloud path of a fileID (`cloud://<env>.<bucket>/<path>`), or null. */
  static pathOf(fileId: string): string | null {
    const m = /^cloud:\/\/[^/\s]+\/(.+)$/.exec(fileId);
    return m?.[1] && isSafeCloudPath(m[1]) ? m[1] : null;
  }

  async read(fileId: string): Promise<Buffer> {
    let res: { fileContent: string | Buffer | undefined };
    try {
      res = await this.sdk().downloadFile({ fileID: fileId });
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      if (typeof code === 'string' && /NOT_?EXIST|NONEXIST|NOT_FOUND/i.test(code)) throw new FileMissing(`no file ${fileId}`);
      throw e;
    }
    const c = res.fileContent;
    if (c === undefined) throw new FileMissing(`no file ${fileId}`);
    return Buffer.isBuffer(c) ? c : Buffer.from(c);
  }

  async write(cloudPath: string, bytes: Buffer, _mimeType?: string): Promise<string> {
    if (!isSafeCloudPath(cloudPath)) throw new Error(`unsafe storage path ${cloudPath}`);
    const res = await this.sdk().uploadFile({ cloudPath, fileContent: bytes });
    return res.fileID;
  }

  async remove(fileId: string): Promise<void> {
    const res = await this.sdk().deleteFile({ fileList: [fileId] });
    const code = res.fileList[0]?.code;
    if (code && code !== 'SUCCESS' && !/NOT_?EXIST|NONEXIST|NOT_FOUND/i.test(code)) throw new Error(`deleteFile ${fileId}: ${code}`);
  }

  url(fileId: string): string {
    return fileId;
  }

  async tempUrl(fileId: string): Promise<string> {
    // An hour: WeChat's image check downloads it within its 30 minutes.
    const res = await this.sdk().getTempFileURL({ fileList: [{ fileID: fileId, maxAge: 3600 }] });
    const url = res.fileList[0]?.tempFileURL;
    if (!url) throw new Error(`getTempFileURL ${fileId}: ${res.fileList[0]?.code ?? 'no answer'}`);
    return url;
  }

  uploadedBy(fileId: string, openid: string): boolean {
    return inFolderOf(CloudBaseFileStore.pathOf(fileId), openid);
  }

  /**
   * Cannot list: the storage of @cloudbase/node-sdk 3.18.3 (dist/storage: uploadFile, downloadFile, deleteFile,
   * getTempFileURL, getFileInfo, getUploadMetadata, getFileAuthority, copyFile) has no listing by prefix (only the
   * admin SDK @cloudbase/manager-node, with account keys, has listDirectoryFiles). Uploads the server accepts are
   * deleted when accepted; see the account erasure for what remains.
   */
  list(_folder: string): Promise<null> {
    return Promise.resolve(null);
  }
}

/** FILE_STORE=local (set by the local runtime's host, with FILE_STORE_DIR) → LocalFileStore; else CloudBase storage. */
export function fileStoreFromEnv(env: NodeJS.ProcessEnv = process.env): FileStore {
  if (env.FILE_STORE === 'local') {
    if (!env.FILE_STORE_DIR) throw new Error('FILE_STORE=local needs FILE_STORE_DIR');
    return new LocalFileStore(env.FILE_STORE_DIR);
  }
  return new CloudBaseFileStore();
}

let cloud: CloudBaseFileStore | undefined;

/** The file store of a runtime: the injected one, else the environment's (read on each use: a host may set it late). */
export function fileStore(deps: { files?: FileStore }): FileStore {
  if (deps.files) return deps.files;
  if (process.env.FILE_STORE === 'local') return fileStoreFromEnv();
  cloud ??= new CloudBaseFileStore();
  return cloud;
}
