#!/usr/bin/env node
// Generates the tab-bar icons referenced by src/app.config.ts:
//   src/assets/tab/{home,venue,station,me}.png      (unselected, #5C5C5C)
//   src/assets/tab/{home,venue,station,me}-on.png   (selected,   #C8161D)
// 81x81 RGBA PNGs with a transparent background. Built-in modules only: shapes are rasterised
// on a supersampled grid (SS x SS samples per pixel) for anti-aliasing and encoded with zlib.
//
// Usage: node scripts/make-tab-icons.mjs [outDir]

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pngFile } from './lib/png.mjs';

const SIZE = 81;
const SS = 6; // samples per pixel along each axis
const COLORS = { off: [0x5c, 0x5c, 0x5c], on: [0xc8, 0x16, 0x1d] };

// ---------------------------------------------------------------------------
// Shapes: each is a predicate inside(x, y) in icon coordinates (0..81, y down).

const poly = (...pts) => (x, y) => {
  let inside = false;
  for (let i = 0, j = pts.length - 1; i < pts.length; j = i++) {
    const [xi, yi] = pts[i];
    const [xj, yj] = pts[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
};

const circle = (cx, cy, r) => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;

const ellipse = (cx, cy, rx, ry) => (x, y) => ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1;

const rect = (x0, y0, x1, y1, r = 0) => (x, y) => {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  if (r <= 0) return true;
  const dx = Math.max(x0 + r - x, 0, x - (x1 - r));
  const dy = Math.max(y0 + r - y, 0, y - (y1 - r));
  return dx * dx + dy * dy <= r * r;
};

/** A thick line segment with round caps. */
const line = (ax, ay, bx, by, w) => (x, y) => {
  const vx = bx - ax;
  const vy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * vx + (y - ay) * vy) / (vx * vx + vy * vy)));
  return (x - ax - t * vx) ** 2 + (y - ay - t * vy) ** 2 <= (w / 2) ** 2;
};

// Each icon: list of [op, shape]; '+' paints, '-' erases (applied in order).

const ICONS = {
  // House: roof with eaves, body, and a door cut out.
  home: [
    ['+', poly([40.5, 8], [76, 39], [70, 45], [40.5, 19], [11, 45], [5, 39])],
    ['+', poly([40.5, 23], [64, 44], [64, 72], [17, 72], [17, 44])],
    ['+', rect(55, 13, 63, 34)],
    ['-', rect(33, 49, 48, 73, 2.5)],
  ],

  // Venue: a hall with a pediment, four columns and steps.
  venue: [
    ['+', poly([40.5, 7], [76, 25], [76, 31], [5, 31], [5, 25])],
    ['-', poly([40.5, 14.5], [61, 25.5], [20, 25.5])],
    ['+', rect(10, 34, 71, 38)],
    ['+', rect(13, 41, 20, 62)],
    ['+', rect(27, 41, 34, 62)],
    ['+', rect(47, 41, 54, 62)],
    ['+', rect(61, 41, 68, 62)],
    ['+', rect(9, 65, 72, 69)],
    ['+', rect(5, 71, 76, 75)],
  ],

  // Station ("red sail"): a sailboat — mast, main sail, jib, hull.
  station: [
    ['+', rect(38, 7, 42, 61)],
    ['+', poly([44.5, 9], [72, 56], [44.5, 56])],
    ['+', poly([35.5, 19], [35.5, 56], [13, 56])],
    ['+', poly([6, 60], [75, 60], [64, 73], [17, 73])],
  ],

  // Me: head and shoulders.
  me: [
    ['+', circle(40.5, 24, 15)],
    ['+', (x, y) => y <= 74 && ellipse(40.5, 74, 31, 29)(x, y)],
    ['-', (x, y) => y < 44.5 && circle(40.5, 24, 19)(x, y) && !circle(40.5, 24, 15)(x, y)],
  ],
};

// ---------------------------------------------------------------------------
// Rasterisation.

function coverage(ops) {
  const cov = new Float64Array(SIZE * SIZE);
  const n = SS * SS;
  for (let py = 0; py < SIZE; py++) {
    for (let px = 0; px < SIZE; px++) {
      let hits = 0;
      for (let sy = 0; sy < SS; sy++) {
        const y = py + (sy + 0.5) / SS;
        for (let sx = 0; sx < SS; sx++) {
          const x = px + (sx + 0.5) / SS;
          let on = false;
          for (const [op, shape] of ops) {
            if (op === '+') {
              if (!on && shape(x, y)) on = true;
            } else if (on && shape(x, y)) on = false;
          }
          if (on) hits++;
        }
      }
      cov[py * SIZE + px] = hits / n;
    }
  }
  return cov;
}

// ---------------------------------------------------------------------------
// PNG encoding (RGBA, 8 bits per channel).

function encodePng(cov, [r, g, b]) {
  const stride = SIZE * 4;
  // Transparent pixels keep the icon colour so scaled edges do not fringe dark.
  const raw = Buffer.alloc(SIZE * stride);
  for (let i = 0; i < SIZE * SIZE; i++) {
    raw[i * 4] = r;
    raw[i * 4 + 1] = g;
    raw[i * 4 + 2] = b;
    raw[i * 4 + 3] = Math.round(cov[i] * 255);
  }
  // Per row, pick the PNG filter with the smallest sum of absolute residuals.
  const out = Buffer.alloc(SIZE * (stride + 1));
  const zero = Buffer.alloc(stride);
  for (let y = 0; y < SIZE; y++) {
    const cur = raw.subarray(y * stride, (y + 1) * stride);
    const prev = y > 0 ? raw.subarray((y - 1) * stride, y * stride) : zero;
    let best = null;
    let bestScore = Infinity;
    for (let f = 0; f <= 4; f++) {
      const row = Buffer.alloc(stride);
      for (let i = 0; i < stride; i++) {
        const a = i >= 4 ? cur[i - 4] : 0;
        const up = prev[i];
        const c = i >= 4 ? prev[i - 4] : 0;
        let pred = 0;
        if (f === 1) pred = a;
        else if (f === 2) pred = up;
        else if (f === 3) pred = (a + up) >> 1;
        else if (f === 4) {
          const p = a + up - c;
          const pa = Math.abs(p - a);
          const pb = Math.abs(p - up);
          const pc = Math.abs(p - c);
          pred = pa <= pb && pa <= pc ? a : pb <= pc ? up : c;
        }
        row[i] = (cur[i] - pred) & 0xff;
      }
      let score = 0;
      for (const v of row) score += v < 128 ? v : 256 - v;
      if (score < bestScore) {
        bestScore = score;
        best = [f, row];
      }
    }
    out[y * (stride + 1)] = best[0];
    best[1].copy(out, y * (stride + 1) + 1);
  }
  return pngFile({ width: SIZE, height: SIZE, colourType: 6, raw: out });
}

// ---------------------------------------------------------------------------

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.resolve(process.argv[2] ?? path.join(root, 'src', 'assets', 'tab'));
mkdirSync(outDir, { recursive: true });

for (const [name, ops] of Object.entries(ICONS)) {
  const cov = coverage(ops);
  for (const [state, color] of Object.entries(COLORS)) {
    const file = path.join(outDir, `${name}${state === 'on' ? '-on' : ''}.png`);
    const png = encodePng(cov, color);
    writeFileSync(file, png);
    console.log(`${path.relative(root, file)}  ${png.length} B`);
  }
}
