// Shared drawing kit for the zero-dependency picture generators (venue photos, lesson pictures): shapes as predicates
// inside(x, y) in image coordinates (y down) with a bounding box for speed, colours, a supersampled rasteriser for
// anti-aliasing, and an indexed-colour PNG encoder (small files for flat illustrations).

import { pngFile } from './png.mjs';

export const shape = (box, inside) => ({ box, inside });

export const rect = (x0, y0, x1, y1, r = 0) =>
  shape([x0, y0, x1, y1], (x, y) => {
    if (x < x0 || x > x1 || y < y0 || y > y1) return false;
    if (r <= 0) return true;
    const dx = Math.max(x0 + r - x, 0, x - (x1 - r));
    const dy = Math.max(y0 + r - y, 0, y - (y1 - r));
    return dx * dx + dy * dy <= r * r;
  });

export const circle = (cx, cy, r) => shape([cx - r, cy - r, cx + r, cy + r], (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r);

/** An ellipse, optionally rotated by `deg` degrees. */
export const ellipse = (cx, cy, rx, ry, deg = 0) => {
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

export const poly = (...pts) => {
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
export const line = (ax, ay, bx, by, w) => {
  const vx = bx - ax;
  const vy = by - ay;
  const h = w / 2;
  return shape([Math.min(ax, bx) - h, Math.min(ay, by) - h, Math.max(ax, bx) + h, Math.max(ay, by) + h], (x, y) => {
    const t = Math.max(0, Math.min(1, ((x - ax) * vx + (y - ay) * vy) / (vx * vx + vy * vy)));
    return (x - ax - t * vx) ** 2 + (y - ay - t * vy) ** 2 <= h * h;
  });
};

/** `a` clipped to `b`. */
export const and = (a, b) => shape(a.box, (x, y) => a.inside(x, y) && b.inside(x, y));

/** Head and shoulders of a person standing at (cx, top), `s` = scale (1 ≈ 150 px tall). */
export const person = (cx, top, s) => [
  circle(cx, top + 30 * s, 30 * s),
  and(ellipse(cx, top + 150 * s, 62 * s, 78 * s), rect(cx - 62 * s, top + 68 * s, cx + 62 * s, top + 150 * s)),
];

export const hex = (s) => [parseInt(s.slice(1, 3), 16), parseInt(s.slice(3, 5), 16), parseInt(s.slice(5, 7), 16)];
export const mix = (a, b, t) => a.map((v, i) => Math.round(v + (b[i] - v) * t));
export const WHITE = [255, 255, 255];

/** A shape grown by `d` pixels (approximately: tests the point and its 8 neighbours at distance d). */
export function grow(s, d) {
  const offsets = [];
  for (let i = 0; i < 8; i++) offsets.push([d * Math.cos((i * Math.PI) / 4), d * Math.sin((i * Math.PI) / 4)]);
  offsets.push([0, 0]);
  const [x0, y0, x1, y1] = s.box;
  return shape([x0 - d, y0 - d, x1 + d, y1 + d], (x, y) => offsets.some(([ox, oy]) => s.inside(x + ox, y + oy)));
}

// ---------------------------------------------------------------------------
// Rasterisation: per pixel, the average colour of ss×ss samples, each the colour of the topmost layer containing it.
// A picture is { bg, layers: [colour, shape][] } painted in order (later on top).

export function render({ bg, layers }, W, H, SS = 4) {
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

function toIndexed(rgb, W, H) {
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

export function encodePng(rgb, W, H) {
  const { pixels, plte } = toIndexed(rgb, W, H);
  // Filter type 0 on every row: the usual best choice for palette images.
  const raw = Buffer.alloc(H * (W + 1));
  for (let y = 0; y < H; y++) {
    raw[y * (W + 1)] = 0;
    raw.set(pixels.subarray(y * W, (y + 1) * W), y * (W + 1) + 1);
  }
  return pngFile({ width: W, height: H, colourType: 3, raw, plte });
}

