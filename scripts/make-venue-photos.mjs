#!/usr/bin/env node
// Generates the placeholder venue photos the demo data points at (`photos: ['/static/venues/<type>.png']`):
//   src/assets/venues/{meeting,activity,hall,rehearsal,training,reading}.png
// 640x360 (16:9) indexed-colour PNGs, each < 12 KB: a soft warm background per venue type, a lighter disc, and a simple
// pictogram (meeting table, people, stage, music notes, blackboard, open book). config/index.ts copies the folder into
// each build (H5: /static/venues/, weapp: the venue subpackage). Built-in modules only; the drawing kit (shapes,
// supersampled rasteriser, indexed-colour PNG) is shared with make-course-pictures.mjs in scripts/lib/picture.mjs.
//
// Usage: node scripts/make-venue-photos.mjs [outDir]

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WHITE, circle, ellipse, encodePng, grow, hex, line, mix, person, poly, rect, render } from './lib/picture.mjs';

const W = 640;
const H = 360;
const MAX_BYTES = 12 * 1024;

// ---------------------------------------------------------------------------
// Palettes and pictograms. Each photo: background, a lighter disc behind the pictogram, then layers [colour, shape]
// painted in order (later on top).

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

// ---------------------------------------------------------------------------

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.resolve(process.argv[2] ?? path.join(root, 'src', 'assets', 'venues'));
mkdirSync(outDir, { recursive: true });

let tooBig = false;
for (const [name, photo] of Object.entries(PHOTOS)) {
  const file = path.join(outDir, `${name}.png`);
  const png = encodePng(render(photo, W, H), W, H);
  writeFileSync(file, png);
  const over = png.length >= MAX_BYTES;
  tooBig ||= over;
  console.log(`${path.relative(root, file)}  ${png.length} B${over ? `  (over ${MAX_BYTES} B!)` : ''}`);
}
if (tooBig) process.exitCode = 1;
