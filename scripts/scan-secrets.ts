/**
 * Fails on anything secret-shaped in what we ship: the weapp build, the H5 build and the function bundles.
 * `npm run scan:secrets [dir...]`. Patterns: private keys, Tencent Cloud SecretIds, WeChat AppSecrets and other
 * long keys assigned to secret-sounding names, and any value from the local runtime's own secret files.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface SecretFinding {
  file: string;
  rule: string;
  excerpt: string;
}

const RULES: Array<{ rule: string; re: RegExp }> = [
  { rule: 'private key', re: /-----BEGIN (?:RSA |EC |OPENSSH |DSA )?PRIVATE KEY-----/ },
  { rule: 'Tencent Cloud SecretId', re: /\bAKID[A-Za-z0-9]{32}\b/ },
  { rule: 'secret assigned a literal', re: /(?:secret|secretKey|SecretKey|appsecret|AppSecret|app_secret|CHECKIN_SECRET|password|passwd|token)["']?\s*[:=]\s*["'][A-Za-z0-9+/_=-]{20,}["']/i },
  { rule: 'WeChat AppSecret-like hex', re: /(?:appsecret|app_secret|secret)[^\n]{0,20}\b[0-9a-f]{32}\b/i },
];

function* files(dir: string): Generator<string> {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(p);
    else if (/\.(js|json|wxml|wxss|wxs|html|css|map|txt)$/.test(entry.name)) yield p;
  }
}

export function scanSecrets(dirs: string[], knownSecrets: string[] = []): SecretFinding[] {
  const findings: SecretFinding[] = [];
  for (const dir of dirs) {
    for (const file of files(dir)) {
      const text = fs.readFileSync(file, 'utf8');
      for (const { rule, re } of RULES) {
        const m = re.exec(text);
        if (m) findings.push({ file, rule, excerpt: text.slice(Math.max(0, m.index - 20), m.index + 60).replace(/\s+/g, ' ') });
      }
      for (const secret of knownSecrets) {
        if (secret.length >= 16 && text.includes(secret)) findings.push({ file, rule: 'known local secret', excerpt: `${secret.slice(0, 4)}…` });
      }
    }
  }
  return findings;
}

/** The local runtime's generated secrets (never to appear in a build). */
export function localSecrets(dataDir: string): string[] {
  if (!fs.existsSync(dataDir)) return [];
  return fs
    .readdirSync(dataDir)
    .filter((f) => f.endsWith('.secret'))
    .map((f) => fs.readFileSync(path.join(dataDir, f), 'utf8').trim());
}

export const SHIPPED_DIRS = ['dist/weapp', 'dist/h5', 'dist/cloudfunctions'].map((d) => path.resolve(__dirname, '..', d));

if (require.main === module) {
  const dirs = process.argv.slice(2).length ? process.argv.slice(2).map((d) => path.resolve(d)) : SHIPPED_DIRS;
  const findings = scanSecrets(dirs, localSecrets(path.resolve(__dirname, '..', '.data')));
  for (const f of findings) process.stdout.write(`${path.relative(process.cwd(), f.file)}: ${f.rule}: ${f.excerpt}\n`);
  process.stdout.write(findings.length ? `${findings.length} secret-shaped strings found\n` : `no secrets in ${dirs.length} folders\n`);
  process.exit(findings.length ? 1 : 0);
}
