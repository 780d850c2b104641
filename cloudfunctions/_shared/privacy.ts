import { createHmac, randomBytes } from 'node:crypto';

/** 13812341234 → 138****1234. Anything that is not a full mainland mobile number is hidden entirely. */
export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  return /^1\d{10}$/.test(phone) ? `${phone.slice(0, 3)}****${phone.slice(7)}` : '****';
}

/** What replaces a deleted person's name and the purpose they typed, wherever a record is kept. */
/** 王小芳 → 王*芳, 王芳 → 王*, 欧阳小芳 → 欧**芳: the surname and the last character stay. */
export function maskName(name: string): string {
  const chars = Array.from(name);
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0] as string}*`;
  return `${chars[0] as string}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1] as string}`;
}

export const ERASED_NAME = '已注销用户';
export const ERASED_PURPOSE = '（已注销用户）';

/**
 * A deleted account's pseudonym: random, drawn once per deletion and kept only in the deletion marker while the
 * deletion runs (a retried deletion reuses it), then forgotten. Nothing — no secret, no hash — links it back to the
 * openid, so past bookings and the audit trail stay countable per person without saying who.
 */
export function newPseudonym(): string {
  return `deleted:${randomBytes(12).toString('hex')}`;
}

/**
 * The `_id` of a person's deletion marker (in booking_accounts, which every booking transaction reads): an HMAC of
 * the openid under the server secret, so the marker that refuses writes for a deleted account names nobody to
 * anyone without the secret. The secret is CHECKIN_SECRET (a function environment variable in production, one per
 * data directory locally), under its own label.
 */
export function erasureMarkerId(openid: string): string {
  const secret = process.env.CHECKIN_SECRET;
  if (!secret || secret.length < 16) throw new Error('CHECKIN_SECRET is not configured');
  return `erased:${createHmac('sha256', secret).update(`account-erasure:${openid}`).digest('hex').slice(0, 32)}`;
}

/** A deletion marker: 'erasing' while the deletion runs (with its pseudonym), 'erased' once it is done. */
export interface ErasureMarker {
  _id: string;
  state: 'erasing' | 'erased';
  pseudonym: string | null;
  since: Date;
}
