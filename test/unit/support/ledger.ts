import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { composeIdNumber } from '../../../shared/domain/idNumber';
import type { HavenCore } from '../../../electron/core/app';
import { tempDir } from './tmp';

/** Writes a one-sheet workbook (exceljs's in-memory writer, not the app's streaming one) for a test. */
export async function writeWorkbook(rows: unknown[][], options: { sheet?: string; file?: string; textColumns?: number[]; dateColumns?: number[] } = {}): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(options.sheet ?? '台账');
  for (const values of rows) {
    const row = sheet.addRow(values);
    for (const column of options.dateColumns ?? []) {
      const cell = row.getCell(column);
      if (cell.value instanceof Date) cell.numFmt = 'yyyy-mm-dd';
    }
  }
  const file = options.file ?? join(tempDir('haven-ledger-'), 'ledger.xlsx');
  await workbook.xlsx.writeFile(file);
  return file;
}

/** A UTC midnight, as Excel stores a day. */
export const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

/** A valid ID number for the n-th synthetic person (unique per n; odd sequence numbers: men). */
export function idFor(n: number, birth = '1985-01-01'): string {
  const base = new Date(`${birth}T00:00:00Z`).getTime() + Math.floor(n / 400) * 86_400_000;
  const birthDate = new Date(base).toISOString().slice(0, 10);
  return composeIdNumber('320102', birthDate, (n % 400) * 2 + 1);
}

/** Names the file for the core as the open dialog would, and returns its id. */
export function grant(core: HavenCore, path: string): string {
  const [file] = core.grantFiles([path]);
  if (!file) throw new Error(`not granted: ${path}`);
  return file.fileId;
}

export const HEADERS = ['姓名', '身份证号', '性别', '民族', '户籍地', '现住址', '联系电话', '措施类型', '决定书文号', '决定机关', '决定日期', '送达日期', '报到日期'];

/**
 * A workbook whose sheet inflates to `megabytes` MB (spaces inside its XML), deflated to a few
 * hundred KB; `declare` says the size its headers claim (the truth, or a lie).
 */
export async function bombWorkbook(megabytes: number, declare: 'truth' | 'lie'): Promise<Buffer> {
  const { readFileSync } = await import('node:fs');
  const { constants, crc32, createDeflateRaw } = await import('node:zlib');
  const { centralDirectory, localHeader } = await import('../../../electron/core/bundles/zip');
  const JSZip = (await import('jszip')).default;
  const source = await JSZip.loadAsync(readFileSync(await writeWorkbook([['姓名', '身份证号']])));
  const head = Buffer.from('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>');
  const tail = Buffer.from('</sheetData></worksheet>');
  const deflate = createDeflateRaw({ level: constants.Z_BEST_COMPRESSION });
  const out: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => out.push(chunk));
  const done = new Promise((resolve) => deflate.on('end', resolve));
  const spaces = Buffer.alloc(1024 * 1024, 0x20);
  let crc = crc32(head);
  deflate.write(head);
  for (let i = 0; i < megabytes; i++) {
    crc = crc32(spaces, crc);
    if (!deflate.write(spaces)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  crc = crc32(tail, crc);
  deflate.end(tail);
  await done;
  const body = Buffer.concat(out);
  const size = head.length + tail.length + megabytes * 1024 * 1024;
  const parts: Buffer[] = [];
  const entries: { name: string; method: 0 | 8; crc: number; compressedSize: number; size: number; offset: number }[] = [];
  let offset = 0;
  const add = (name: string, data: Buffer, raw: { crc: number; size: number; method: 0 | 8 }) => {
    const entry = { name, method: raw.method, crc: raw.crc, compressedSize: data.length, size: raw.size, offset };
    const header = localHeader(entry, new Date());
    parts.push(header, data);
    offset += header.length + data.length;
    entries.push(entry);
  };
  for (const name of Object.keys(source.files)) {
    if (source.files[name]!.dir) continue;
    if (name === 'xl/worksheets/sheet1.xml') {
      add(name, body, { crc: crc >>> 0, size: declare === 'truth' ? size : 1000, method: 8 });
      continue;
    }
    const data = Buffer.from(await source.file(name)!.async('uint8array'));
    add(name, data, { crc: crc32(data) >>> 0, size: data.length, method: 0 });
  }
  parts.push(centralDirectory(entries, new Date()));
  return Buffer.concat(parts);
}
