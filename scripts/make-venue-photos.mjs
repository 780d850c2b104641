#!/usr/bin/env node
// Generates the placeholder venue photos the demo data points at (`photos: ['/static/venues/<type>.png']`):
//   src/assets/venues/{meeting,activity,hall,rehearsal,training,reading}.png
// 640x360 (16:9) indexed-colour PNGs, each < 12 KB: a soft warm background per venue type, a lighter disc, and a simple
// pictogram (meeting table, people, stage, music notes, blackboard, open book). config/index.ts copies the folder into
// each build (H5: /static/venues/, weapp: the venue subpackage). Built-in modules only, like make-tab-icons.mjs: shapes are
// rasterised on a supersampled grid for anti-aliasing and encoded with zlib.
//
// Usage: node scripts/make-venue-photos.mjs [outDir]

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pngFile } from './lib/png.mjs';

const W = 640;
const H = 360;
const SS = 4; // samples per pixel along each axis
const MAX_BYTES = 12 * 1024;

// ---------------------------------------------------------------------------
// Shapes: predicates inside(x, y) in image coordinates (0..640 × 0..360, y down), with a bounding box for speed.

const shape = (box, inside) => ({ box, inside });

const rect = (x0, y0, x1, y1, r = 0) =>
  shape([x0, y0, x1, y1], (x, y) => {
    if (x < x0 || x > x1 || y < y0 || y > y1) return false;
    if (r <= 0) return true;
    const dx = Math.max(x0 + r - x, 0, x - (x1 - r));
    const dy = Math.max(y0 + r - y, 0, y - (y1 - r));
    return dx * dx + dy * dy <= r * r;
  });

const circle = (cx, cy, r) => shape([cx - r, cy - r, cx + r, cy + r], (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r);

/** An ellipse, optionally rotated by `deg` degrees. */
const ellipse = (cx, cy, rx, ry, deg = 0) => {
  const a = (deg * Math.PI) / 180;
  const c = Math.cos(a);
  const s = Math.sin(a);
  const m = Math.max(rx, ry);
  return shape([cx - m, cy - m, cx + m, cy + m], (x, y) => {
    const u = (x - cx) * c + (y - cy) * s;
    const v = -(x - cx) * s + (y - cy) * c;
    return (u / rx) ** 2 + (v / ry) ** 2 <= 1;
  });
};

const poly = (...pts) => {
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  return shape([Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)], (x, y) => {
    let inside = false;
    for (let i = 0, j = pts.length - 1; i < pts.length; j = i++) {
      const [xi, yi] = pts[i];
      const [xj, yj] = pts[j];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
    return inside;
  });
};

/** A thick line segment with round caps. */
const line = (ax, ay, bx, by, w) => {
  const vx = bx - ax;
  const vy = by - ay;
  const h = w / 2;
  return shape([Math.min(ax, bx) - h, Math.min(ay, by) - h, Math.max(ax, bx) + h, Math.max(ay, by) + h], (x, y) => {
    const t = Math.max(0, Math.min(1, ((x - ax) * vx + (y - ay) * vy) / (vx * vx + vy * vy)));
    return (x - ax - t * vx) ** 2 + (y - ay - t * vy) ** 2 <= h * h;
  });
};

/** `a` clipped to `b`. */
const and = (a, b) => shape(a.box, (x, y) => a.inside(x, y) && b.inside(x, y));

/** Head and shoulders of a person standing at (cx, top), `s` = scale (1 ≈ 150 px tall). */
const person = (cx, top, s) => [
  circle(cx, top + 30 * s, 30 * s),
  and(ellipse(cx, top + 150 * s, 62 * s, 78 * s), rect(cx - 62 * s, top + 68 * s, cx + 62 * s, top + 150 * s)),
];

// ---------------------------------------------------------------------------
// Palettes and pictograms. Each photo: background, a lighter disc behind the pictogram, then layers [colour, shape]
// painted in order (later on top).

const hex = (s) => [parseInt(s.slice(1, 3), 16), parseInt(s.slice(3, 5), 16), parseInt(s.slice(5, 7), 16)];
const mix = (a, b, t) => a.map((v, i) => Math.round(v + (b[i] - v) * t));
const WHITE = [255, 255, 255];

const DISC = circle(320, 180, 150);

const PHOTOS = {
  // 会议室: a long table seen from above, three chairs on each side and one at each end.
  meeting: (() => {
    const bg = hex('#F4DCC6');
    const ink = hex('#8A4B2A');
    const chair = hex('#C9865A');
    const chairs = [];
    for (const x of [250, 320, 390]) {
      chairs.push(rect(x - 24, 104, x + 24, 140, 10), rect(x - 24, 220, x + 24, 256, 10));
    }
    chairs.push(rect(166, 156, 200, 204, 10), rect(440, 156, 474, 204, 10));
    return {
      bg,
      layers: [
        [mix(bg, WHITE, 0.45), DISC],
        ...chairs.map((c) => [chair, c]),
        [ink, rect(206, 136, 434, 224, 22)],
        [mix(ink, WHITE, 0.25), rect(216, 146, 424, 214, 14)],
        [WHITE, rect(246, 164, 286, 196, 4)],
        [WHITE, rect(354, 164, 394, 196, 4)],
      ],
    };
  })(),

  // 活动室: three people side by side, the middle one in front.
  activity: (() => {
    const bg = hex('#F7E2B4');
    const side = hex('#C48A2C');
    const front = hex('#8A5A12');
    return {
      bg,
      layers: [
        [mix(bg, WHITE, 0.45), DISC],
        ...person(232, 112, 0.86).map((p) => [side, p]),
        ...person(408, 112, 0.86).map((p) => [side, p]),
        // a halo in the disc colour separates the front person from the two behind
        ...person(320, 86, 1.08).map((p) => [mix(bg, WHITE, 0.45), grow(p, 7)]),
        ...person(320, 86, 1.08).map((p) => [front, p]),
      ],
    };
  })(),

  // 多功能厅: a stage with curtains, a valance and a lectern.
  hall: (() => {
    const bg = hex('#F4D4CF');
    const curtain = hex('#B0262B');
    const dark = hex('#7E1A1E');
    const wood = hex('#9A6A3E');
    const scallops = [];
    for (let x = 196; x <= 444; x += 31) scallops.push(circle(x, 92, 16));
    return {
      bg,
      layers: [
        [mix(bg, WHITE, 0.45), DISC],
        [mix(bg, WHITE, 0.75), rect(200, 84, 440, 262)],
        [wood, rect(170, 258, 470, 290, 6)],
        [dark, rect(170, 282, 470, 292, 4)],
        // curtains gathered at the sides
        [curtain, poly([180, 78], [262, 78], [226, 170], [234, 262], [180, 262])],
        [curtain, poly([378, 78], [460, 78], [460, 262], [406, 262], [414, 170])],
        [dark, line(226, 170, 190, 176, 8)],
        [dark, line(414, 170, 450, 176, 8)],
        // valance
        [dark, rect(176, 66, 464, 92, 6)],
        ...scallops.map((c) => [dark, c]),
        // lectern
        [wood, poly([296, 196], [344, 196], [338, 258], [302, 258])],
        [dark, rect(288, 188, 352, 200, 4)],
        [dark, line(326, 188, 340, 160, 5)],
        [dark, circle(341, 156, 7)],
      ],
    };
  })(),

  // 排练室: two beamed eighth notes and a single note.
  rehearsal: (() => {
    const bg = hex('#F6D6DA');
    const ink = hex('#8C2F4C');
    const soft = hex('#C7708A');
    return {
      bg,
      layers: [
        [mix(bg, WHITE, 0.45), DISC],
        // a smaller single note to the right
        [soft, ellipse(424, 240, 26, 19, -22)],
        [soft, rect(442, 120, 451, 238)],
        [soft, poly([451, 120], [480, 148], [476, 162], [451, 140])],
        // beamed pair
        [ink, ellipse(230, 250, 34, 25, -22)],
        [ink, ellipse(334, 226, 34, 25, -22)],
        [ink, rect(253, 110, 264, 246)],
        [ink, rect(357, 86, 368, 222)],
        [ink, poly([253, 110], [368, 86], [368, 116], [253, 140])],
      ],
    };
  })(),

  // 培训室: a blackboard on an easel, with chalk lines and a small chart.
  training: (() => {
    const bg = hex('#EDE3C4');
    const wood = hex('#8A5A2E');
    const board = hex('#2F5A45');
    const chalk = hex('#F4F1E6');
    return {
      bg,
      layers: [
        [mix(bg, WHITE, 0.45), DISC],
        [wood, line(222, 240, 196, 318, 12)],
        [wood, line(418, 240, 444, 318, 12)],
        [wood, line(320, 240, 320, 300, 10)],
        [wood, rect(180, 70, 460, 254, 12)],
        [board, rect(194, 84, 446, 240, 4)],
        [chalk, line(222, 118, 330, 118, 7)],
        [chalk, line(222, 150, 300, 150, 7)],
        [chalk, line(222, 182, 316, 182, 7)],
        // bar chart
        [chalk, rect(352, 170, 368, 212)],
        [chalk, rect(378, 144, 394, 212)],
        [chalk, rect(404, 116, 420, 212)],
        [chalk, line(346, 216, 426, 216, 4)],
        [wood, rect(260, 236, 380, 246, 3)],
      ],
    };
  })(),

  // 阅览室: an open book with lines of text on both pages.
  reading: (() => {
    const bg = hex('#EEDFC6');
    const cover = hex('#7A4A26');
    const page = hex('#FFFDF7');
    const text = hex('#B99A78');
    const lines = [];
    for (let i = 0; i < 5; i++) {
      const y = 140 + i * 24;
      lines.push(line(212, y, 298, y - 4, 6), line(342, y - 4, 428, y, 6));
    }
    return {
      bg,
      layers: [
        [mix(bg, WHITE, 0.45), DISC],
        [cover, poly([168, 116], [320, 134], [472, 116], [472, 262], [320, 284], [168, 262])],
        [page, poly([182, 98], [254, 96], [314, 116], [314, 266], [254, 248], [182, 250])],
        [page, poly([326, 116], [386, 96], [458, 98], [458, 250], [386, 248], [326, 266])],
        [mix(cover, WHITE, 0.55), rect(314, 112, 326, 270)],
        ...lines.map((l) => [text, l]),
      ],
    };
  })(),
};

/** A shape grown by `d` pixels (approximately: tests the point and its 8 neighbours at distance d). */
function grow(s, d) {
  const offsets = [];
  for (let i = 0; i < 8; i++) offsets.push([d * Math.cos((i * Math.PI) / 4), d * Math.sin((i * Math.PI) / 4)]);
  offsets.push([0, 0]);
  const [x0, y0, x1, y1] = s.box;
  return shape([x0 - d, y0 - d, x1 + d, y1 + d], (x, y) => offsets.some(([ox, oy]) => s.inside(x + ox, y + oy)));
}

// ---------------------------------------------------------------------------
// Rasterisation: per pixel, the average colour of SS×SS samples, each the colour of the topmost layer containing it.

function render({ bg, layers }) {
  const rgb = new Uint8Array(W * H * 3);
  const n = SS * SS;
  for (let py = 0; py < H; py++) {
    // Layers whose box meets this row.
    const rowLayers = layers.filter(([, s]) => s.box[1] <= py + 1 && s.box[3] >= py);
    for (let px = 0; px < W; px++) {
      const here = rowLayers.filter(([, s]) => s.box[0] <= px + 1 && s.box[2] >= px);
      let r = 0;
      let g = 0;
      let b = 0;
      for (let sy = 0; sy < SS; sy++) {
        const y = py + (sy + 0.5) / SS;
        for (let sx = 0; sx < SS; sx++) {
          const x = px + (sx + 0.5) / SS;
          let c = bg;
          for (let k = here.length - 1; k >= 0; k--) {
            if (here[k][1].inside(x, y)) {
              c = here[k][0];
              break;
            }
          }
          r += c[0];
          g += c[1];
          b += c[2];
        }
      }
      const o = (py * W + px) * 3;
      rgb[o] = Math.round(r / n);
      rgb[o + 1] = Math.round(g / n);
      rgb[o + 2] = Math.round(b / n);
    }
  }
  return rgb;
}

// ---------------------------------------------------------------------------
// PNG encoding: indexed colour (type 3) when the image has ≤ 256 colours, else RGB (type 2).

function toIndexed(rgb) {
  for (let step = 1; step <= 64; step *= 2) {
    const q = (v) => Math.min(255, Math.round(v / step) * step);
    const index = new Map();
    const pixels = new Uint8Array(W * H);
    let ok = true;
    for (let i = 0; i < W * H && ok; i++) {
      const key = (q(rgb[i * 3]) << 16) | (q(rgb[i * 3 + 1]) << 8) | q(rgb[i * 3 + 2]);
      let idx = index.get(key);
      if (idx === undefined) {
        if (index.size === 256) ok = false;
        else index.set(key, (idx = index.size));
      }
      pixels[i] = idx ?? 0;
    }
    if (ok) {
      const plte = Buffer.alloc(index.size * 3);
      for (const [key, idx] of index) {
        plte[idx * 3] = key >> 16;
        plte[idx * 3 + 1] = (key >> 8) & 0xff;
        plte[idx * 3 + 2] = key & 0xff;
      }
      return { pixels, plte };
    }
  }
  throw new Error('too many colours for a palette');
}

function encodePng(rgb) {
  const { pixels, plte } = toIndexed(rgb);
  // Filter type 0 on every row: the usual best choice for palette images.
  const raw = Buffer.alloc(H * (W + 1));
  for (let y = 0; y < H; y++) {
    raw[y * (W + 1)] = 0;
    raw.set(pixels.subarray(y * W, (y + 1) * W), y * (W + 1) + 1);
  }
  return pngFile({ width: W, height: H, colourType: 3, raw, plte });
}

// ---------------------------------------------------------------------------

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.resolve(process.argv[2] ?? path.join(root, 'src', 'assets', 'venues'));
mkdirSync(outDir, { recursive: true });

let tooBig = false;
for (const [name, photo] of Object.entries(PHOTOS)) {
  const file = path.join(outDir, `${name}.png`);
  const png = encodePng(render(photo));
  writeFileSync(file, png);
  const over = png.length >= MAX_BYTES;
  tooBig ||= over;
  console.log(`${path.relative(root, file)}  ${png.length} B${over ? `  (over ${MAX_BYTES} B!)` : ''}`);
}
if (tooBig) process.exitCode = 1;
