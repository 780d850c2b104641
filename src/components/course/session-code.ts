import { parseRotatingCode } from '../rotating-code';

/** What a scanned session QR code says: `redsail:session:<sessionId>:<six digits>`, or just the six digits. */
export interface ScannedSessionCode {
  sessionId: string | null;
  code: string;
}

/** Reads the organiser's QR payload (course.sessionCode `qr`); null when it is not a session code. */
export function parseSessionCode(text: string): ScannedSessionCode | null {
  const read = parseRotatingCode(text, 'session');
  return read ? { sessionId: read.id, code: read.code } : null;
}
