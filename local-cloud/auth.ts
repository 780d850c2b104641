import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Local sign-in tokens: `base64url(openid).base64url(hmac)`. Local mode only: they stand in for the identity that
 * WeChat injects into a cloud function's context in production.
 */
export class TokenSigner {
  constructor(private readonly secret: Buffer) {}

  static forDataDir(dataDir: string | null): TokenSigner {
    if (!dataDir) return new TokenSigner(randomBytes(32));
    return new TokenSigner(Buffer.from(persistentSecret(dataDir, 'dev-login.secret'), 'hex'));
  }

  sign(openid: string): string {
    const id = Buffer.from(openid, 'utf8').toString('base64url');
    return `${id}.${this.mac(id)}`;
  }

  /** The openid of a valid token, or null. */
  verify(token: string): string | null {
    const [id, mac] = token.split('.');
    if (!id || !mac) return null;
    const expected = Buffer.from(this.mac(id));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    return Buffer.from(id, 'base64url').toString('utf8');
  }

  private mac(id: string): string {
    return createHmac('sha256', this.secret).update(id).digest('base64url');
  }
}

/** What a local sign-in may use as an openid. */
export const OPENID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** A random hex secret kept in a file of the data directory (created on first use, readable only by its owner). */
export function persistentSecret(dataDir: string, name: string): string {
  const file = path.join(dataDir, name);
  if (!fs.existsSync(file)) fs.writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  return fs.readFileSync(file, 'utf8').trim();
}

/** Why a database request's signature was refused. */
export interface SignatureRefusal {
  status: 401 | 403;
  reason: string;
}

/** How far a signature's timestamp may be from now (the SDK sends X-Signature-Expires: 600). */
const SIGNATURE_MAX_SKEW_S = 600;

const camSafe = (s: string): string =>
  encodeURIComponent(s).replace(/!/g, '%21').replace(/'/g, '%27').replace(/\(/g, '%28').replace(/\)/g, '%29').replace(/\*/g, '%2A');
const stringify = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));
const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data).digest();

/**
 * Checks the TC3-HMAC-SHA256 signature @cloudbase/node-sdk puts on every request (`Authorization`, `X-Timestamp`),
 * as @cloudbase/signature-nodejs computes it: method, path and query, the signed headers (Host among them), every
 * body parameter and the timestamp, under `secretKey` (the SDK's TENCENTCLOUD_SECRETKEY). Null when it is valid.
 */
export function verifyTc3Request(
  req: { method?: string; url?: string; headers: Record<string, string | string[] | undefined> },
  params: Record<string, unknown>,
  secretKey: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): SignatureRefusal | null {
  const auth = req.headers.authorization;
  if (typeof auth !== 'string' || !auth) return { status: 401, reason: 'the request is not signed' };
  const m = /^TC3-HMAC-SHA256 Credential=[^/\s,]+\/(\d{4}-\d{2}-\d{2})\/([a-z]+)\/tc3_request,(?: SignedParams=([^,\s]*),)? SignedHeaders=([^,\s]+), Signature=([0-9a-f]{64})$/.exec(auth);
  if (!m) return { status: 401, reason: 'the request is not signed with TC3-HMAC-SHA256' };
  const [, date, service, signedParamList = '', signedHeaderList = '', signature = ''] = m;
  const timestamp = Number(req.headers['x-timestamp']);
  if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > SIGNATURE_MAX_SKEW_S) return { status: 401, reason: 'the signature has expired' };
  if (new Date(timestamp * 1000).toISOString().slice(0, 10) !== date || service !== 'tcb') return { status: 401, reason: 'the signature’s scope is wrong' };

  const headerNames = signedHeaderList.split(';');
  if (!headerNames.includes('host')) return { status: 401, reason: 'the Host header is not signed' };
  const canonicalHeaders = headerNames
    .map((name) => {
      const raw = req.headers[name];
      let value = stringify(Array.isArray(raw) ? raw.join(', ') : (raw ?? '')).trim().toLowerCase();
      if (name === 'content-type' && value.startsWith('multipart/form-data')) value = 'multipart/form-data';
      return `${name}:${value}`;
    })
    .join('\n');

  // Every parameter of the body must be signed (the SDK hashes each non-empty one): none may be added or changed.
  const formatted = new Map<string, string>();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    const k = camSafe(key.toLowerCase().trim());
    if (formatted.has(k)) return { status: 403, reason: 'ambiguous body parameters' };
    formatted.set(k, stringify(value).trim());
  }
  const signedParams = signedParamList ? signedParamList.split(';') : [];
  const present = [...formatted].filter(([, v]) => v !== '').map(([k]) => k);
  if (present.length !== signedParams.length || present.some((k) => !signedParams.includes(k))) return { status: 403, reason: 'the body is not what was signed' };
  const hash = createHash('sha256');
  for (const key of signedParams) hash.update(`&${key}=`).update(formatted.get(key) ?? '').update('\r\n');

  const target = req.url ?? '/';
  const q = target.indexOf('?');
  const canonicalRequest = [
    (req.method ?? '').toLowerCase(),
    `//${stringify(req.headers.host ?? '')}${q === -1 ? target : target.slice(0, q)}`,
    q === -1 ? '' : target.slice(q + 1),
    `${canonicalHeaders}\n`,
    signedHeaderList,
    hash.digest('hex'),
  ].join('\n');
  const scope = `${date}/${service}/tc3_request`;
  const stringToSign = `TC3-HMAC-SHA256\n${timestamp}\n${scope}\n${createHash('sha256').update(canonicalRequest).digest('hex')}`;
  const key = hmac(hmac(hmac(`TC3${secretKey}`, date), service), 'tc3_request');
  const expected = Buffer.from(createHmac('sha256', key).update(stringToSign).digest('hex'));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { status: 403, reason: 'the signature does not match' };
  return null;
}
