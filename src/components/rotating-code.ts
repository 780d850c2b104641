/** What a scanned organiser's QR code says: `redsail:<subject>:<id>:<six digits>` (the server's rotatingQr), or just the six digits. */
export interface ScannedCode {
  /** The session / activity the code is for; null when only the digits were read. */
  id: string | null;
  code: string;
}

/** Reads a rotating check-in QR payload of `subject` (session, activity); null when it is not one. */
export function parseRotatingCode(text: string, subject: string): ScannedCode | null {
  const trimmed = text.trim();
  const prefix = `redsail:${subject}:`;
  if (trimmed.startsWith(prefix)) {
    const m = /^(.+):(\d{6})$/.exec(trimmed.slice(prefix.length));
    return m ? { id: m[1] ?? null, code: m[2] ?? '' } : null;
  }
  const digits = /^(\d{6})$/.exec(trimmed);
  return digits ? { id: null, code: digits[1] ?? '' } : null;
}
