#!/usr/bin/env node
// Generates the pictures the seeded online lessons show (local-cloud/seed-courses.ts image blocks,
// `url: '/static/courses/<name>.png'`):
//   src/assets/courses/{sanhui,zuzhi-shenghuo,dangfei}.png
// 640x360 (16:9) indexed-colour PNGs, each < 12 KB, drawn like the venue photos (scripts/make-venue-photos.mjs, same
// kit in scripts/lib/picture.mjs): a soft warm background and simple dignified pictograms, no text (the kit has no
// font; the lesson shows the caption under the picture). config/index.ts copies the folder into each build (H5:
// /static/courses/, weapp: the course subpackage, out of the main package).
//
// Usage: node scripts/make-course-pictures.mjs [outDir]

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WHITE, circle, encodePng, grow, hex, line, mix, person, poly, rect, render } from './lib/picture.mjs';

const W = 640;
const H = 360;
const MAX_BYTES = 12 * 1024;

const RED = hex('#B0262B');
const DARK = hex('#7E1A1E');
const GOLD = hex('#D9A441');
const WOOD = hex('#9A6A3E');
const TABLE = hex('#8A4B2A');

/** A right-pointing arrow from (x0, y) to (x1, y). */
const arrow = (x0, x1, y, colour) => [
  [colour, line(x0 + 4, y, x1 - 14, y, 8)],
  [colour, poly([x1 - 20, y - 14], [x1, y], [x1 - 20, y + 14])],
];

/** A check mark whose corner is at (x, y). */
const check = (x, y, colour) => [
  [colour, line(x - 14, y - 12, x, y, 7)],
  [colour, line(x, y, x + 24, y - 26, 7)],
];

const PICTURES = {
  // 三会一课示意图: four cards side by side — 支部党员大会 (a long table, everyone round it), 支部委员会 (a round table
  // with a few chairs), 党小组会 (three people together), 党课 (a teacher at a lectern). A red band ties the three
  // meetings together; the lesson card stands apart with a gold band.
  sanhui: (() => {
    const bg = hex('#F6E3D3');
    const card = mix(bg, WHITE, 0.6);
    const chair = hex('#C9865A');
    const layers = [];
    const cards = [98, 246, 394, 542]; // centres of the four cards, 136 wide, 12 apart
    cards.forEach((cx, i) => {
      layers.push([card, rect(cx - 68, 58, cx + 68, 302, 18)]);
      layers.push([i < 3 ? RED : GOLD, rect(cx - 68, 58, cx + 68, 82, 18)]);
      layers.push([card, rect(cx - 68, 72, cx + 68, 84)]);
    });
    // 1. 支部党员大会: a long table seen from above, four chairs each side.
    {
      const cx = cards[0];
      for (const x of [cx - 39, cx - 13, cx + 13, cx + 39]) layers.push([chair, rect(x - 10, 134, x + 10, 152, 5)], [chair, rect(x - 10, 232, x + 10, 250, 5)]);
      layers.push([chair, rect(cx - 62, 178, cx - 48, 206, 5)], [chair, rect(cx + 48, 178, cx + 62, 206, 5)]);
      layers.push([TABLE, rect(cx - 46, 150, cx + 46, 234, 14)], [mix(TABLE, WHITE, 0.25), rect(cx - 38, 158, cx + 38, 226, 9)]);
    }
    // 2. 支部委员会: a round table, five chairs round it.
    {
      const cx = cards[1];
      const cy = 192;
      for (let k = 0; k < 5; k++) {
        const a = -Math.PI / 2 + (k * 2 * Math.PI) / 5;
        layers.push([chair, circle(cx + 50 * Math.cos(a), cy + 50 * Math.sin(a), 13)]);
      }
      layers.push([TABLE, circle(cx, cy, 36)], [mix(TABLE, WHITE, 0.25), circle(cx, cy, 28)]);
    }
    // 3. 党小组会: three people close together.
    {
      const cx = cards[2];
      const side = mix(RED, WHITE, 0.35);
      for (const p of person(cx - 34, 130, 0.5)) layers.push([side, p]);
      for (const p of person(cx + 34, 130, 0.5)) layers.push([side, p]);
      for (const p of person(cx, 118, 0.62)) layers.push([card, grow(p, 6)]);
      for (const p of person(cx, 118, 0.62)) layers.push([DARK, p]);
    }
    // 4. 党课: a teacher behind a lectern, a book open on it.
    {
      const cx = cards[3];
      for (const p of person(cx, 112, 0.6)) layers.push([hex('#8A5A12'), p]);
      layers.push([WOOD, poly([cx - 40, 190], [cx + 40, 190], [cx + 30, 270], [cx - 30, 270])]);
      layers.push([DARK, rect(cx - 48, 182, cx + 48, 196, 4)]);
      layers.push([WHITE, poly([cx - 34, 172], [cx, 178], [cx + 34, 172], [cx + 34, 184], [cx, 190], [cx - 34, 184])]);
      layers.push([GOLD, rect(cx - 2, 176, cx + 2, 190)]);
    }
    // a thin red rule under the three meetings, a gold one under the lesson
    layers.push([RED, rect(cards[0] - 60, 318, cards[2] + 60, 324, 3)], [GOLD, rect(cards[3] - 60, 318, cards[3] + 60, 324, 3)]);
    return { bg, layers };
  })(),

  // 组织生活会流程: three steps joined by arrows — before (two people talking, 谈心谈话), during (members round a table,
  // 批评和自我批评), after (a list ticked off, 整改) — with one, two and three dots under them for the order.
  'zuzhi-shenghuo': (() => {
    const bg = hex('#F4DCC6');
    const disc = mix(bg, WHITE, 0.55);
    const xs = [118, 320, 522];
    const layers = [];
    for (const x of xs) layers.push([disc, circle(x, 168, 86)]);
    layers.push(...arrow(212, 232, 168, RED), ...arrow(414, 434, 168, RED));
    // 1. two people facing each other, a speech bubble between them
    {
      const cx = xs[0];
      const ink = hex('#8A4B2A');
      for (const p of person(cx - 36, 132, 0.5)) layers.push([ink, p]);
      for (const p of person(cx + 36, 132, 0.5)) layers.push([mix(ink, WHITE, 0.3), p]);
      layers.push([WHITE, rect(cx - 26, 96, cx + 26, 126, 12)], [WHITE, poly([cx - 8, 124], [cx + 4, 124], [cx - 12, 138])]);
      for (const dx of [-12, 0, 12]) layers.push([RED, circle(cx + dx, 111, 4)]);
    }
    // 2. a meeting table with people on both sides
    {
      const cx = xs[1];
      const ink = TABLE;
      for (const x of [cx - 40, cx, cx + 40]) for (const p of person(x, 104, 0.36)) layers.push([mix(ink, WHITE, 0.35), p]);
      layers.push([ink, rect(cx - 66, 160, cx + 66, 196, 12)], [mix(ink, WHITE, 0.25), rect(cx - 58, 166, cx + 58, 190, 8)]);
      for (const x of [cx - 40, cx, cx + 40]) layers.push([mix(ink, WHITE, 0.35), rect(x - 16, 204, x + 16, 230, 8)]);
    }
    // 3. a clipboard with three lines, each ticked
    {
      const cx = xs[2];
      layers.push([WOOD, rect(cx - 48, 96, cx + 48, 246, 10)], [WHITE, rect(cx - 38, 112, cx + 38, 236, 4)]);
      layers.push([DARK, rect(cx - 20, 88, cx + 20, 106, 6)]);
      for (const y of [140, 176, 212]) {
        layers.push(...check(cx - 20, y + 6, RED));
        layers.push([hex('#B99A78'), line(cx + 2, y, cx + 28, y, 6)]);
      }
    }
    // the order: 1, 2, 3 dots
    xs.forEach((x, i) => {
      for (let k = 0; k <= i; k++) layers.push([RED, circle(x + (k - i / 2) * 22, 294, 7)]);
    });
    return { bg, layers };
  })(),

  // 党费交纳比例表: a ledger sheet with a red header and four rows; in each row a stack of coins for the income (one to
  // four coins) and a bar for the share paid, as long as 1%, 1.5%, 2% and 3% are to each other.
  dangfei: (() => {
    const bg = hex('#EEDFC6');
    const paper = hex('#FFFDF7');
    const rule = hex('#D8C6A8');
    const coin = GOLD;
    const coinEdge = hex('#A8772A');
    const layers = [
      [mix(bg, WHITE, 0.35), circle(320, 180, 170)],
      [hex('#C9B48E'), rect(138, 40, 510, 330, 12)],
      [paper, rect(130, 32, 502, 322, 12)],
      [RED, rect(130, 32, 502, 80, 12)],
      [RED, rect(130, 64, 502, 80)],
      // header marks: a coin and a bar, in white
      [WHITE, circle(198, 56, 12)],
      [WHITE, rect(290, 50, 390, 62, 6)],
      [rule, rect(244, 80, 248, 314)],
    ];
    const shares = [1, 1.5, 2, 3];
    shares.forEach((share, i) => {
      const top = 80 + i * 60;
      if (i > 0) layers.push([rule, rect(138, top - 2, 494, top + 2)]);
      const base = top + 32 + i * 4.5; // the stack centred in its row
      for (let k = 0; k <= i; k++) {
        const y = base - k * 9;
        layers.push([coinEdge, rect(172, y - 6, 224, y + 6, 6)], [coin, rect(172, y - 10, 224, y + 1, 6)]);
      }
      layers.push([mix(RED, WHITE, 0.15), rect(270, top + 20, 270 + share * 68, top + 40, 8)]);
    });
    return { bg, layers };
  })(),
};

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.resolve(process.argv[2] ?? path.join(root, 'src', 'assets', 'courses'));
mkdirSync(outDir, { recursive: true });

let tooBig = false;
for (const [name, picture] of Object.entries(PICTURES)) {
  const file = path.join(outDir, `${name}.png`);
  const png = encodePng(render(picture, W, H), W, H);
  writeFileSync(file, png);
  const over = png.length >= MAX_BYTES;
  tooBig ||= over;
  console.log(`${path.relative(root, file)}  ${png.length} B${over ? `  (over ${MAX_BYTES} B!)` : ''}`);
}
if (tooBig) process.exitCode = 1;
