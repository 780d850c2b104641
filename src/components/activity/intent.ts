import { CallError, newRequestId } from '../../services/client';
import { ask } from '../../services/dialog';
import { messageFor } from '../../services/messages';

/** The answer was lost (no network, a server hiccup): the intent may or may not have taken effect. */
const lost = (e: unknown): boolean => !(e instanceof CallError) || e.code === 'INTERNAL' || e.code === 'UNAVAILABLE';

/**
 * Runs one user intent (报名, 取消报名) under one request id. When the answer is lost, the person may try again; the
 * retry sends the same id, so the server answers what it already did instead of doing it twice. A refusal (full,
 * closed…) is thrown to the caller as is.
 */
export async function runIntent<T>(run: (requestId: string) => Promise<T>): Promise<T> {
  const requestId = newRequestId();
  for (;;) {
    try {
      return await run(requestId);
    } catch (e) {
      if (!lost(e)) throw e;
      const again = await ask({
        title: '没有收到回复',
        content: `${messageFor(e)}\n再试一次也只算一次，不会重复。`,
        confirmText: '再试一次',
        cancelText: '先不了',
      });
      if (!again) throw e;
    }
  }
}
