import type { RuntimeDeps } from './runtime';

/** An upload the server accepted: the `images` document's id and the stored (resized) file. */
export interface AcceptedImage {
  imageId: string;
  fileId: string;
  /** 'checking' until the image check's verdict arrives ('pass' at once where the checker answers synchronously). */
  state: 'checking' | 'pass';
}

/**
 * Accepts an uploaded picture for `usedBy` (e.g. `activity:<id>`): the caller's own upload, used once, a JPEG/PNG/WebP
 * judged by its bytes, at most IMAGE_MAX_BYTES; resized to COVER_WIDTH for the feed and stored; recorded in `images`;
 * sent to the image check (mediaCheckAsync in production), whose verdict is applied when it arrives (a refused image
 * is taken down and its poster told). Throws DomainError ACTIVITY.IMAGE_INVALID for anything else.
 *
 * TO BE BUILT (engineer C).
 */
export function acceptImage(_deps: RuntimeDeps, _o: { openid: string; fileId: string; usedBy: string }): Promise<AcceptedImage> {
  return Promise.reject(new Error('not built yet'));
}
