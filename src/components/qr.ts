import { encode } from 'uqr';

/** Light modules around the code on every side: the QR standard asks for 4, and phone scanners need them. */
export const QR_QUIET_ZONE = 4;

/**
 * The modules of the QR code for `text` (rows of columns, true = dark), without the quiet zone. Error correction is the
 * highest that still fits the smallest version: six digits → version 1 (21×21) at level H, which still scans off a
 * scratched or glaring phone screen.
 */
export function qrModules(text: string): boolean[][] {
  return encode(text, { ecc: 'M', boostEcc: true, border: 0 }).data;
}

/** The dark runs of one row as [first column, length], left to right: QrCode draws one View per run. */
export function darkRuns(row: readonly boolean[]): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  let start = -1;
  row.forEach((dark, x) => {
    if (dark && start < 0) start = x;
    if (!dark && start >= 0) {
      runs.push([start, x - start]);
      start = -1;
    }
  });
  if (start >= 0) runs.push([start, row.length - start]);
  return runs;
}
