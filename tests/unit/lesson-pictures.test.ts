import fs from 'node:fs';
import path from 'node:path';
import { courseSeeds } from '../../local-cloud/seed-courses';
import { PACKAGED_IMAGE_FOLDERS, packagedImageSrc } from '../../src/services/packaged-images';

// Every picture a seeded lesson names must reach the page: its file exists (scripts/make-course-pictures.mjs), is a
// small PNG, and the build config copies it to where the lesson page asks for it — the very URL on H5, the course
// subpackage on weapp (never the main package: it counts against WeChat's 2 MB limit).

const root = path.resolve(__dirname, '..', '..');
const MAX_BYTES = 12 * 1024;

type CopyPattern = { from: string; to: string };

/** The `copy` patterns of config/index.ts as the build for `env` sees them. */
function copyPatterns(env: 'h5' | 'weapp'): CopyPattern[] {
  const saved = process.env.TARO_ENV;
  process.env.TARO_ENV = env;
  try {
    jest.resetModules();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const config = (require(path.join(root, 'config', 'index')) as { default: (merge: (...parts: object[]) => object) => { copy?: { patterns?: CopyPattern[] } } }).default;
    const built = config((...parts) => Object.assign({}, ...parts));
    return built.copy?.patterns ?? [];
  } finally {
    if (saved === undefined) delete process.env.TARO_ENV;
    else process.env.TARO_ENV = saved;
  }
}

/** Where in the source tree the build takes the file that ends up at `dist/<env><servedAt>`, if a copy rule does. */
function sourceOf(patterns: CopyPattern[], env: string, servedAt: string): string | null {
  const target = path.posix.join(`dist/${env}`, servedAt);
  for (const p of patterns) {
    const to = p.to.endsWith('/') ? p.to : `${p.to}/`;
    if (target.startsWith(to)) return path.join(root, p.from, target.slice(to.length));
  }
  return null;
}

const imageUrls = courseSeeds.flatMap((c) => (c.lesson?.blocks ?? []).flatMap((b) => (b.type === 'image' ? [b.url] : [])));

describe('pictures of the seeded lessons', () => {
  it('the seed has lesson pictures, all shipped with the app', () => {
    expect(imageUrls.length).toBeGreaterThanOrEqual(3);
    for (const url of imageUrls) expect(Object.keys(PACKAGED_IMAGE_FOLDERS).some((prefix) => url.startsWith(prefix))).toBe(true);
  });

  it.each(imageUrls)('%s exists as a small PNG', (url) => {
    const file = sourceOf(copyPatterns('h5'), 'h5', url);
    expect(file).not.toBeNull();
    expect(fs.existsSync(file!)).toBe(true);
    const png = fs.readFileSync(file!);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.length).toBeLessThan(MAX_BYTES);
  });

  it.each(imageUrls)('%s is copied into the weapp course subpackage, where the lesson page looks for it', (url) => {
    const saved = process.env.TARO_ENV;
    process.env.TARO_ENV = 'weapp';
    let src: string;
    try {
      src = packagedImageSrc(url);
    } finally {
      if (saved === undefined) delete process.env.TARO_ENV;
      else process.env.TARO_ENV = saved;
    }
    // In the subpackage of the lesson page (packages/course), not in the main package.
    expect(src.startsWith('/packages/course/')).toBe(true);
    const file = sourceOf(copyPatterns('weapp'), 'weapp', src);
    expect(file).not.toBeNull();
    expect(fs.existsSync(file!)).toBe(true);
  });

  it('shows other pictures (https, cloud file ids) as they are', () => {
    expect(packagedImageSrc('https://example.com/a.png')).toBe('https://example.com/a.png');
    expect(packagedImageSrc('cloud://env/a.png')).toBe('cloud://env/a.png');
  });
});
