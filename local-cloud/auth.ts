import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
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
