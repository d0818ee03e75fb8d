import { describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { detectDelimiter, detectEncoding, detectLayout, readRows } from './import-file.js';

async function all(rows: AsyncIterable<string[]>): Promise<string[][]> {
  const result: string[][] = [];
  for await (const row of rows) result.push(row);
  return result;
}

describe('import files', () => {
  it('finds the delimiter that splits the lines evenly, quotes respected', () => {
    expect(detectDelimiter('a;b;c\n1;2;3')).toBe(';');
    expect(detectDelimiter('a,b\n"x;y",2')).toBe(',');
    expect(detectDelimiter('a\tb\tc\n1\t2\t3')).toBe('\t');
    expect(detectDelimiter('a|b\n1|2')).toBe('|');
    // Commas inside names do not outvote the real delimiter.
    expect(detectDelimiter('Name;City\nSmith, John;Riga\nDoe, Jane;Liepaja')).toBe(';');
    expect(detectDelimiter('Name\nAnna')).toBe(',');
  });

  it('reads UTF-8 with or without a BOM, UTF-16 and Windows-1251', () => {
    expect(detectEncoding(Buffer.from('Имя'))).toBe('utf-8');
    expect(detectEncoding(Buffer.from('\uFEFFИмя'))).toBe('utf-8');
    expect(detectEncoding(iconv.encode('Имя', 'windows-1251'))).toBe('windows-1251');
    expect(detectEncoding(Buffer.from([0xff, 0xfe, 0x18, 0x04]))).toBe('utf-16le');
  });

  it('yields trimmed rows without the BOM, skipping blank ones and keeping quoted line breaks', async () => {
    const file = iconv.encode('\uFEFFИмя;Заметка\r\n Анна ;"две\nстроки"\r\n;\r\n\r\nПётр;', 'utf-8');
    expect(await all(readRows(file, detectLayout(file)))).toEqual([
      ['Имя', 'Заметка'],
      ['Анна', 'две\nстроки'],
      ['Пётр', ''],
    ]);
  });

  it('reads the first sheet of a workbook, cells of every kind as text', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Data');
    sheet.addRow(['Name', 'Phone', 'Since', 'Site']);
    sheet.addRow(['Anna', 37126123456, new Date(Date.UTC(2024, 0, 31)), { text: 'site', hyperlink: 'https://anna.example' }]);
    sheet.addRow([]);
    sheet.addRow([{ richText: [{ text: 'Pē' }, { text: 'teris' }] }, null, null, { formula: '1+1', result: 2 }]);
    workbook.addWorksheet('Other').addRow(['ignored']);
    const file = Buffer.from(await workbook.xlsx.writeBuffer());
    expect(detectLayout(file)).toEqual({ format: 'xlsx', encoding: null, delimiter: null });
    expect(await all(readRows(file, detectLayout(file)))).toEqual([
      ['Name', 'Phone', 'Since', 'Site'],
      ['Anna', '37126123456', '2024-01-31', 'site'],
      ['Pēteris', '', '', '2'],
    ]);
  });
});
