/**
 * Files people upload (issue #12: activity covers). One interface, two stores:
 * - production: CloudBase storage (the app uploads with Taro.cloud.uploadFile; functions read and write through
 *   @cloudbase/node-sdk downloadFile / uploadFile / deleteFile; a `cloud://` fileID shows directly in a weapp <Image>);
 * - locally: the local runtime's storage endpoint, files kept under DATA_DIR (chosen by FILE_STORE=local, which the
 *   local runtime's host sets, like CONTENT_SECURITY).
 *
 * TO BE BUILT (engineer C): LocalFileStore, CloudBaseFileStore, fileStoreFromEnv, and the runtime wiring.
 */
export interface FileStore {
  /** The bytes of a stored file; throws FileMissing when there is none. */
  read(fileId: string): Promise<Buffer>;
  /** Stores bytes at `cloudPath` (e.g. `activity-covers/<id>.jpg`); returns the file's id. */
  write(cloudPath: string, bytes: Buffer, mimeType: string): Promise<string>;
  remove(fileId: string): Promise<void>;
  /** What a page shows the file with (a weapp <Image> takes a cloud:// fileID; locally `/storage/<path>`). */
  url(fileId: string): string;
  /** Whether the file is one this person uploaded (it lies in their own upload folder). */
  uploadedBy(fileId: string, openid: string): boolean;
}

export class FileMissing extends Error {}

let fromEnv: FileStore | undefined;

/** The file store of a runtime: the injected one, else the environment's. */
export function fileStore(deps: { files?: FileStore }): FileStore {
  if (deps.files) return deps.files;
  if (!fromEnv) throw new Error('file store not built yet');
  return fromEnv;
}
