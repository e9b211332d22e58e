import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeIdNumber } from '../../../shared/domain/idNumber';
import { suggestMapping } from '../../../shared/domain/ledger';
import type { IpcResult } from '../../../shared/ipc/errors';
import { createHavenCore } from '../app';
import { openSheetWriter } from '../kernel/xlsxWrite';
import { createVault, vaultPaths } from '../kernel/vault';

/**
 * A figure, not a test: a ledger of `rows` persons, each with a 社区戒毒 decision and a report-in,
 * read, checked (preview, rolled back) and imported through the core as the screen does it. Run
 * with `npx tsx electron/core/bench/ledger.ts [rows]`; prints one JSON object.
 */
export interface LedgerBenchFigures {
  rows: number;
  fileMb: number;
  writeMs: number;
  inspectMs: number;
  previewMs: number;
  importMs: number;
  /** Peak resident memory of this process so far (MB). */
  peakRssMb: number;
}

const HEADERS = ['姓名', '身份证号', '性别', '民族', '户籍地', '现住址', '联系电话', '措施类型', '决定书文号', '决定机关', '决定日期', '送达日期', '报到日期'];

function value<T>(result: IpcResult<unknown>): T {
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value as T;
}

export async function benchLedgerImport(rows: number): Promise<LedgerBenchFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'haven-bench-ledger-'));
  try {
    createVault(vaultPaths(dir), { station: { code: 'BENCH-01', name: '性能测试工作站', mode: 'station' }, admin: { username: 'admin', displayName: '管理员', password: 'bench password' } }, new Date(), {
      scrypt: { N: 2 ** 10, r: 8, p: 1 },
    });
    const core = createHavenCore({ dataDir: dir, vaultOptions: { scrypt: { N: 2 ** 10, r: 8, p: 1 } }, logError: () => {} });
    value(await core.invoke('auth:login', { username: 'admin', password: 'bench password' }));

    let at = performance.now();
    const file = join(dir, 'ledger.xlsx');
    const writer = openSheetWriter(file, '人员台账', HEADERS.map((header) => ({ header, width: 14, text: true })), { creator: 'bench', created: new Date() });
    for (let n = 0; n < rows; n++) {
      const birth = new Date(Date.UTC(1970, 0, 1) + (n % 9000) * 86_400_000 * 2).toISOString().slice(0, 10);
      writer.add([
        `人员${n}`,
        composeIdNumber('320102', birth, Math.floor(n / 9000) * 2 + 1),
        '男',
        '汉族',
        '南京市玄武区某街道某社区',
        '南京市玄武区某路某号',
        `139${String(n).padStart(8, '0')}`,
        '社区戒毒',
        `玄公决字〔2025〕${n}号`,
        '南京市公安局玄武分局',
        { date: '2025-06-01' },
        { date: '2025-06-03' },
        { date: '2025-06-10' },
      ]);
    }
    await writer.finish();
    const writeMs = performance.now() - at;

    const [granted] = core.grantFiles([file]);
    if (!granted) throw new Error('not granted');
    at = performance.now();
    const inspected = value<{ sheets: { name: string; sample: string[][] }[] }>(await core.invoke('ledger:inspect', { fileId: granted.fileId }));
    const inspectMs = performance.now() - at;
    const mapping = suggestMapping(inspected.sheets[0]!.sample[0]!);
    const source = { fileId: granted.fileId, sheet: inspected.sheets[0]!.name, headerRow: 1, mapping };
    at = performance.now();
    const preview = value<{ sha256: string; counts: { create: number } }>(await core.invoke('ledger:preview', source));
    const previewMs = performance.now() - at;
    if (preview.counts.create !== rows) throw new Error(`preview: ${JSON.stringify(preview)}`.slice(0, 3000));
    at = performance.now();
    value(await core.invoke('ledger:import', { ...source, sha256: preview.sha256 }));
    const importMs = performance.now() - at;
    await core.close();
    return {
      rows,
      fileMb: Math.round((statSync(file).size / 1024 / 1024) * 10) / 10,
      writeMs: Math.round(writeMs),
      inspectMs: Math.round(inspectMs),
      previewMs: Math.round(previewMs),
      importMs: Math.round(importMs),
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// `npx tsx electron/core/bench/ledger.ts 20000`
if (process.argv[1]?.endsWith('bench/ledger.ts')) {
  const rows = Number(process.argv[2] ?? 20_000);
  benchLedgerImport(rows).then(
    (figures) => process.stdout.write(`${JSON.stringify(figures)}\n`),
    (error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
