import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { scanSecrets, SHIPPED_DIRS } from '../../scripts/scan-secrets';

describe('no secrets in anything we ship', () => {
  it('finds nothing secret-shaped in the weapp build, the H5 build or the function bundles', () => {
    for (const dir of SHIPPED_DIRS) if (!fs.existsSync(dir)) throw new Error(`${dir} missing: run \`npm run build\``);
    expect(scanSecrets(SHIPPED_DIRS)).toEqual([]);
  });

  it('would notice a planted key, AppSecret or local secret', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'redsail-secrets-'));
    const known = 'f3a9c1d2e4b5a6978877665544332211';
    fs.writeFileSync(path.join(dir, 'a.js'), 'const cfg={secretId:"AKIDabcdefghijklmnopqrstuvwxyz123456"};');
    fs.writeFileSync(path.join(dir, 'b.js'), 'var appSecret = "0123456789abcdef0123456789abcdef";');
    fs.writeFileSync(path.join(dir, 'c.json'), '{"key":"-----BEGIN PRIVATE KEY-----\\nMIIE"}');
    fs.writeFileSync(path.join(dir, 'd.js'), `sign("${known}")`);
    fs.writeFileSync(path.join(dir, 'ok.js'), 'const SECRET_NAME = "CHECKIN_SECRET"; process.env.CHECKIN_SECRET;');
    const found = scanSecrets([dir], [known]).map((f) => `${path.basename(f.file)} ${f.rule}`);
    expect(found).toEqual(
      expect.arrayContaining(['a.js Tencent Cloud SecretId', 'b.js secret assigned a literal', 'c.json private key', 'd.js known local secret']),
    );
    expect(found.some((f) => f.startsWith('ok.js'))).toBe(false);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
