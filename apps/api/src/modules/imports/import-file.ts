import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

export type ImportFileFormat = 'csv' | 'xlsx';

/** How to read an uploaded file again, as found when it was uploaded. */
export interface FileLayout {
  format: ImportFileFormat;
  /** For CSV: `utf-8`, `utf-16le` or `windows-1251`. */
  encoding: string | null;
  /** For CSV: one of `; , \t |`. */
  delimiter: string | null;
}

const ZIP_SIGNATURE = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const DELIMITERS = [';', ',', '\t', '|'];

/** XLSX files are ZIP archives; anything else is read as delimited text. */
export function detectFormat(file: Buffer): ImportFileFormat {
  return file.subarray(0, 4).equals(ZIP_SIGNATURE) ? 'xlsx' : 'csv';
}

/**
 * The encoding of a CSV file. Excel saves "CSV UTF-8" with a BOM, "Unicode text" as UTF-16 and, on Russian Windows,
 * plain "CSV" in Windows-1251: bytes that are not valid UTF-8 are read as the latter.
 */
export function detectEncoding(file: Buffer): string {
  if (file[0] === 0xff && file[1] === 0xfe) return 'utf-16le';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(file);
    return 'utf-8';
  } catch {
    return 'windows-1251';
  }
}

/** The text of a file in a known encoding, without its BOM. */
function textOf(file: Buffer, encoding: string): string {
  return iconv.decode(file, encoding);
}

function countOutsideQuotes(line: string, char: string): number {
  let count = 0;
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (c === char && !quoted) count += 1;
  }
  return count;
}

/**
 * The delimiter that splits the first lines into the same number of cells most consistently, preferring more
 * cells; a one-column file has none and gets a comma.
 */
export function detectDelimiter(text: string): string {
  const lines = text.split(/\r?\n/, 21).filter((line) => line.trim() !== '').slice(0, 20);
  let best = { delimiter: ',', consistency: 0, cells: 0 };
  for (const delimiter of DELIMITERS) {
    const counts = lines.map((line) => countOutsideQuotes(line, delimiter));
    const cells = counts[0] ?? 0;
    if (cells === 0) continue;
    const consistency = counts.filter((count) => count === cells).length / counts.length;
    if (consistency > best.consistency || (consistency === best.consistency && cells > best.cells)) {
      best = { delimiter, consistency, cells };
    }
  }
  return best.delimiter;
}

/** How the file is to be read: its format and, for text, its encoding and delimiter. */
export function detectLayout(file: Buffer): FileLayout {
  const format = detectFormat(file);
  if (format === 'xlsx') return { format, encoding: null, delimiter: null };
  const encoding = detectEncoding(file);
  return { format, encoding, delimiter: detectDelimiter(textOf(file, encoding)) };
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value !== 'object') return String(value);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('hyperlink' in value) return cellText(value.text as ExcelJS.CellValue);
  if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
  if ('error' in value) return '';
  return String(value);
}

async function* csvRows(file: Buffer, layout: FileLayout): AsyncGenerator<string[]> {
  const text = textOf(file, layout.encoding ?? 'utf-8');
  const parser = Readable.from([text]).pipe(
    parse({ delimiter: layout.delimiter ?? ',', relax_column_count: true, relax_quotes: true, skip_empty_lines: true }),
  );
  for await (const record of parser) yield record as string[];
}

async function* xlsxRows(file: Buffer): AsyncGenerator<string[]> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([file]), {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    // Without the number formats a date is only its serial number.
    styles: 'cache',
    worksheets: 'emit',
  });
  // Only the first sheet is data; the reader is left unfinished on purpose once it is read.
  for await (const worksheet of reader) {
    for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
      const values = row.values as ExcelJS.CellValue[];
      // exceljs numbers cells from 1; the first slot is always empty.
      yield Array.from({ length: Math.max(values.length - 1, 0) }, (_, index) => cellText(values[index + 1]));
    }
    return;
  }
}

/** Every row of the file that has at least one filled cell, the header first, cells trimmed. */
export async function* readRows(file: Buffer, layout: FileLayout): AsyncGenerator<string[]> {
  const rows = layout.format === 'xlsx' ? xlsxRows(file) : csvRows(file, layout);
  for await (const row of rows) {
    const cells = row.map((cell) => cell.trim());
    if (cells.some((cell) => cell !== '')) yield cells;
  }
}
