import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import { StreamableFile } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';

/** `Content-Disposition` for a download: a plain ASCII name for old clients and the exact UTF-8 one (RFC 6266). */
export function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** A file answer streamed as it is produced, offered to be saved as `fileName`. */
export function download(body: Readable, type: string, fileName: string): StreamableFile {
  return new StreamableFile(body, { type, disposition: attachment(fileName) });
}

// A cell that a spreadsheet would run as a formula gets a leading apostrophe; phone numbers such as +371 … stay as they are.
const FORMULA = /^[=@\t\r]|^[+-](?![\d\s().;+-]*$)/;

function cellText(value: unknown): string {
  const text = value === null || value === undefined ? '' : value instanceof Date ? value.toISOString() : String(value);
  return FORMULA.test(text) ? `'${text}` : text;
}

/**
 * CSV produced page by page as the client reads it, with a UTF-8 BOM so that Excel shows Cyrillic and Latvian text
 * correctly. Pages are pulled only when the client has taken the previous one.
 */
export function csvStream(header: string[], pages: AsyncIterable<unknown[][]>, delimiter = ','): Readable {
  const line = (rows: unknown[][]) => stringify(rows.map((row) => row.map(cellText)), { delimiter, record_delimiter: 'windows' });
  return Readable.from(
    (async function* () {
      yield `\uFEFF${line([header])}`;
      for await (const rows of pages) if (rows.length) yield line(rows);
    })(),
  );
}

/**
 * An Excel workbook of one sheet written as the client reads it (exceljs' streaming writer): rows are committed as
 * they come, and the next page is only asked for once the client has caught up.
 */
export function xlsxStream(sheetName: string, header: string[], pages: AsyncIterable<unknown[][]>): Readable {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName);
  void (async () => {
    sheet.addRow(header).commit();
    for await (const rows of pages) {
      for (const row of rows) sheet.addRow(row).commit();
      if (out.writableNeedDrain) await once(out, 'drain');
    }
    sheet.commit();
    await workbook.commit();
  })().catch((error: unknown) => out.destroy(error as Error));
  return out;
}
