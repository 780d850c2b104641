/** What a scanned session QR code says: `redsail:session:<sessionId>:<six digits>`, or just the six digits. */
export interface ScannedSessionCode {
  sessionId: string | null;
  code: string;
}

/** Reads the organiser's QR payload (course.sessionCode `qr`); null when it is not a session code. */
export function parseSessionCode(text: string): ScannedSessionCode | null {
  const m = /^redsail:session:(.+):(\d{6})$/.exec(text.trim());
  if (m) return { sessionId: m[1] ?? null, code: m[2] ?? '' };
  const digits = /^\s*(\d{6})\s*$/.exec(text);
  return digits ? { sessionId: null, code: digits[1] ?? '' } : null;
}
