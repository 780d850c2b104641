/**
 * 长辈版 cannot be forgotten by a page: every page in app.config.ts has a Screen (components/Screen.tsx, which carries
 * the `elder` class) as its root, and no stylesheet under src/ sets a type size, a line height or a tap-target height
 * of its own below the 长辈版 floors: those come from the design tokens in app.css, which 长辈版 raises.
 */
import fs from 'node:fs';
import path from 'node:path';

const SRC = path.resolve(__dirname, '..', '..', 'src');

function pagePaths(): string[] {
  const config = fs.readFileSync(path.join(SRC, 'app.config.ts'), 'utf8');
  const main = [...(/pages:\s*\[([^\]]*)\]/.exec(config)?.[1] ?? '').matchAll(/'([^']+)'/g)].map((m) => m[1] ?? '');
  const sub = [...config.matchAll(/root:\s*'([^']+)',\s*pages:\s*\[([^\]]*)\]/g)].flatMap((m) => [...(m[2] ?? '').matchAll(/'([^']+)'/g)].map((p) => `${m[1]}/${p[1]}`));
  return [...main, ...sub];
}

function cssFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return cssFiles(p);
    return e.name.endsWith('.css') ? [p] : [];
  });
}

/** The custom properties a rule block of app.css declares, e.g. tokensOf('page'). */
function tokensOf(selector: string): Record<string, string> {
  const css = fs.readFileSync(path.join(SRC, 'app.css'), 'utf8');
  const body = new RegExp(`(?:^|\\n)${selector.replace(':', '\\:')} \\{([^}]*)\\}`).exec(css)?.[1] ?? '';
  return Object.fromEntries([...body.matchAll(/(--[\w-]+):\s*([^;]+);/g)].map((m) => [m[1] as string, (m[2] as string).trim()]));
}

describe('design tokens', () => {
  const pages = pagePaths();

  it('keeps time ranges on one line: .nowrap (used around every 09:30–11:30) declares white-space: nowrap', () => {
    // The browser check (accessibility.test.ts) sees a wrap only where a range happens to meet a line end at the
    // screen sizes it tries; this one fails whenever the rule itself is gone.
    const css = fs.readFileSync(path.join(SRC, 'app.css'), 'utf8');
    expect(/(?:^|\n)\.nowrap \{[^}]*white-space:\s*nowrap;/.test(css)).toBe(true);
    // Every line of the pages that puts a time range into the layout (not into a dialog's text) keeps it whole: in a
    // .nowrap Text, or a class that is nowrap in its stylesheet.
    const tsx = fs.readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.tsx'));
    const bare = tsx.flatMap((f) =>
      fs
        .readFileSync(path.join(SRC, f), 'utf8')
        .split('\n')
        .map((line, i) => ({ line, at: `${f}:${i + 1}` }))
        .filter(({ line }) => /timeRange\(/.test(line) && !/\$\{timeRange\(/.test(line) && !/nowrap|mb__time|slot__time|booking-bar__range/.test(line))
        .map(({ at }) => at),
    );
    expect(bare).toEqual([]);
  });

  it('declares the same tokens for the weapp (page) and H5 (:root) — app.css has to write them twice', () => {
    const weapp = tokensOf('page');
    expect(Object.keys(weapp).length).toBeGreaterThanOrEqual(20);
    expect(tokensOf(':root')).toEqual(weapp);
  });

  it('finds every page of the app', () => {
    expect(pages.length).toBeGreaterThanOrEqual(14);
  });

  it.each(pages)('%s: its root is a Screen (which switches 长辈版)', (page) => {
    const source = fs.readFileSync(path.join(SRC, `${page}.tsx`), 'utf8');
    // Every JSX tree the page returns starts with <Screen …>; a plain <View className='page …'> would miss 长辈版.
    const roots = [...source.matchAll(/return \(\s*<([A-Za-z.]+)[\s>]/g)].map((m) => m[1]);
    const pageRoots = [...source.matchAll(/return \(\s*<View className=[{'"`]+page\b/g)];
    expect(pageRoots).toEqual([]);
    expect(roots.length).toBeGreaterThan(0);
    expect(source).toMatch(/<Screen[\s>]/);
  });

  const sheets = cssFiles(SRC).filter((f) => path.basename(f) !== 'app.css');
  it.each(sheets.map((f) => path.relative(SRC, f)))('%s: type sizes, line heights and tap heights come from the tokens', (rel) => {
    const css = fs.readFileSync(path.join(SRC, rel), 'utf8');
    const own: string[] = [];
    for (const m of css.matchAll(/font-size:\s*(\d+(?:\.\d+)?)px/g)) {
      // Fixed sizes are allowed only for display type already above every floor (check codes, big digits).
      if (Number(m[1]) < 28) own.push(m[0]);
    }
    for (const m of css.matchAll(/line-height:\s*(1(?:\.\d+)?)\s*[;!]/g)) {
      // A unitless line height under 1.5 would stay under 长辈版's floor; 1 is for single glyphs (arrows, digits).
      if (Number(m[1]) !== 1 && Number(m[1]) < 1.5) own.push(m[0]);
    }
    for (const m of css.matchAll(/min-height:\s*(\d+)px/g)) {
      if (Number(m[1]) < 60) own.push(m[0]);
    }
    expect(own).toEqual([]);
  });
});
