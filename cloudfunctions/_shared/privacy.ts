/** 13812341234 → 138****1234. Anything that is not a full mainland mobile number is hidden entirely. */
export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  return /^1\d{10}$/.test(phone) ? `${phone.slice(0, 3)}****${phone.slice(7)}` : '****';
}
