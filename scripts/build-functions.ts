/**
 * Bundles each cloud function (cloudfunctions/<name>/index.ts) with esbuild into a self-contained CommonJS
 * dist/cloudfunctions/<name>/index.js + package.json, ready for `tcb fn deploy` (cloudbaserc.json) and for the
 * local runtime, which loads these very files.
 */
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(__dirname, '..');
const srcDir = path.join(root, 'cloudfunctions');
const outDir = path.join(root, 'dist', 'cloudfunctions');

export function functionNames(): string[] {
  return fs
    .readdirSync(srcDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('_') && fs.existsSync(path.join(srcDir, d.name, 'index.ts')))
    .map((d) => d.name)
    .sort();
}

export async function buildFunctions(options: { minify?: boolean } = {}): Promise<Array<{ name: string; bytes: number }>> {
  const names = functionNames();
  const results = await Promise.all(
    names.map(async (name) => {
      const dir = path.join(outDir, name);
      fs.rmSync(dir, { recursive: true, force: true });
      fs.mkdirSync(dir, { recursive: true });
      await build({
        entryPoints: [path.join(srcDir, name, 'index.ts')],
        outfile: path.join(dir, 'index.js'),
        bundle: true,
        platform: 'node',
        target: 'node18',
        format: 'cjs',
        minify: options.minify ?? process.env.FUNCTIONS_MINIFY !== '0',
        keepNames: true,
        sourcemap: false,
        legalComments: 'none',
        logLevel: 'warning',
        // Optional native speed-ups of the SDK's websocket dependency; absent in the cloud too.
        external: ['bufferutil', 'utf-8-validate'],
        define: { 'process.env.NODE_ENV': '"production"' },
      });
      fs.writeFileSync(
        path.join(dir, 'package.json'),
        `${JSON.stringify({ name: `red-sail-${name}`, version: '1.0.0', private: true, main: 'index.js', dependencies: {} }, null, 2)}\n`,
      );
      return { name, bytes: fs.statSync(path.join(dir, 'index.js')).size };
    }),
  );
  return results;
}

if (require.main === module) {
  buildFunctions().then(
    (results) => {
      for (const r of results) process.stdout.write(`dist/cloudfunctions/${r.name}/index.js  ${(r.bytes / 1024).toFixed(0)} KB\n`);
    },
    (e: unknown) => {
      process.stderr.write(`${String(e)}\n`);
      process.exit(1);
    },
  );
}
