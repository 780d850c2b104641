/**
 * Excel workbooks (.xlsx) handed back in an answer as base64: this project keeps no files for exports, so the app saves
 * the bytes it is given. Used by the course function's organization-life record and the activity function's roster.
 */

export type Cell = string | number | null;

/** One sheet: a bold title row across every column, a bold header row (both stay in view), the rows, an italic footer. */
export interface SheetSpec {
  name: string;
  title: string;
  /** Header words and widths (in characters) of the columns. */
  columns: Array<{ header: string; width: number }>;
  rows: Cell[][];
  /** A last row in italics (totals, rates), if any. */
  footer?: Cell[];
}

/** Builds the workbook and answers its bytes as base64. */
export async function workbookBase64(sheets: SheetSpec[]): Promise<string> {
  // Loaded on the first export only: the other actions of a function do not pay for it at a cold start.
  const { default: Excel } = await import('exceljs');
  const book = new Excel.Workbook();
  book.creator = '红帆';
  for (const s of sheets) {
    const ws = book.addWorksheet(s.name, { views: [{ state: 'frozen', ySplit: 2 }] });
    ws.columns = s.columns.map((c) => ({ width: c.width }));
    ws.addRow([s.title]);
    ws.mergeCells(1, 1, 1, s.columns.length);
    ws.getRow(1).font = { bold: true, size: 14 };
    ws.addRow(s.columns.map((c) => c.header)).font = { bold: true };
    for (const row of s.rows) ws.addRow(row);
    if (s.footer) ws.addRow(s.footer).font = { italic: true };
  }
  return Buffer.from(await book.xlsx.writeBuffer()).toString('base64');
}
