import { darkRuns, QR_QUIET_ZONE, qrModules } from '../../src/components/qr';

/** The 7×7 finder pattern: dark ring, light ring, dark 3×3 centre. */
const FINDER = ['#######', '#.....#', '#.###.#', '#.###.#', '#.###.#', '#.....#', '#######'];

const block = (m: boolean[][], top: number, left: number, size: number): string[] =>
  m.slice(top, top + size).map((row) => row.slice(left, left + size).map((dark) => (dark ? '#' : '.')).join(''));

describe('QR matrix for a six-digit check-in code', () => {
  const m = qrModules('482913');
  const n = m.length;

  it('is version 1: 21×21 modules, no quiet zone in the matrix (QrCode adds it)', () => {
    expect(n).toBe(21);
    expect(m.every((row) => row.length === 21)).toBe(true);
    expect(QR_QUIET_ZONE).toBe(4);
  });

  it('has the finder patterns in the top-left, top-right and bottom-left corners, and none bottom-right', () => {
    expect(block(m, 0, 0, 7)).toEqual(FINDER);
    expect(block(m, 0, n - 7, 7)).toEqual(FINDER);
    expect(block(m, n - 7, 0, 7)).toEqual(FINDER);
    expect(block(m, n - 7, n - 7, 7)).not.toEqual(FINDER);
  });

  it('separates each finder from the data by a light row and column', () => {
    const light = (cells: boolean[]) => cells.every((dark) => !dark);
    expect(light(m[7]!.slice(0, 8)) && light(m[7]!.slice(n - 8))).toBe(true);
    expect(light(m[n - 8]!.slice(0, 8))).toBe(true);
    expect(light(m.slice(0, 8).map((row) => row[7]!))).toBe(true);
    expect(light(m.slice(0, 8).map((row) => row[n - 8]!))).toBe(true);
    expect(light(m.slice(n - 8).map((row) => row[7]!))).toBe(true);
  });

  it('is the same for the same digits and differs for others', () => {
    expect(qrModules('482913')).toEqual(m);
    expect(qrModules('482914')).not.toEqual(m);
  });

  it('draws exactly the dark modules as runs', () => {
    for (const row of m) {
      const drawn = new Array<boolean>(row.length).fill(false);
      for (const [x, length] of darkRuns(row)) for (let i = x; i < x + length; i++) drawn[i] = true;
      expect(drawn).toEqual(row);
    }
    expect(darkRuns([true, true, false, true])).toEqual([
      [0, 2],
      [3, 1],
    ]);
  });
});
