import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addAttachment } from '../../electron/core/attachments/service';
import { exportBundle } from '../../electron/core/bundles/export';
import { PART_BYTES } from '../../electron/core/bundles/format';
import { lastHelperImport } from '../../electron/core/bundles/helper';
import { importBundle, importBundleFiles } from '../../electron/core/bundles/import';
import { registerRecipient } from '../../electron/core/bundles/recipients';
import { BUNDLE_TABLES } from '../../electron/core/bundles/tables';
import { DEFAULT_ZIP_LIMITS, readZip, writeZip } from '../../electron/core/bundles/zip';
import { readOuter } from '../../electron/core/bundles/seal';
import { ageDecrypt } from '../../electron/core/kernel/identity/ageStream';
import { generateDemo } from '../../electron/core/demo/generate';
import type { Db } from '../../electron/core/kernel/db/database';
import { keySheet, ownKeys } from '../../electron/core/kernel/identity/ownKeys';
import { opsFor, type Ops } from '../../electron/core/kernel/ops';
import { createVault, pathsForDatabase, unlockWithPassword } from '../../electron/core/kernel/vault';
import { FAST_SCRYPT, tempDir } from './support/tmp';

/** Format 2 (streamed) bundles: several parts per table, format 1 still imports, hostile files stay cheap. */
const NOW = new Date('2026-03-02T01:00:00Z');
const opened: Db[] = [];
afterEach(() => {
  while (opened.length > 0) opened.pop()?.close();
});

function makeDb(code: string, mode: 'station' | 'supervisor'): { db: Db; ops: Ops; dir: string } {
  const dir = tempDir();
  const paths = pathsForDatabase(join(dir, `${code}.db`));
  createVault(paths, { station: { code, name: `${code} 测试站`, mode }, admin: { username: 'admin', displayName: '王站长', password: 'a long password' } }, NOW, { scrypt: FAST_SCRYPT });
  const { db } = unlockWithPassword(paths, 'admin', 'a long password', { scrypt: FAST_SCRYPT });
  opened.push(db);
  return { db, ops: opsFor(db, NOW, { userId: 1, username: 'admin', displayName: '王站长' }), dir };
}

/** Every carried table's rows in order, without ids and references (new or cleared at the importer) and origin columns. */
function tableHash(db: Db, table: string): string {
  const hash = createHash('sha256');
  for (const row of db.prepare(`SELECT * FROM ${table} ORDER BY id`).iterate() as IterableIterator<Record<string, unknown>>) {
    // A key naming rows by id (BundleTable.keyRefs) names them by their new ids: compared without the id.
    const keyColumns = BUNDLE_TABLES.find((t) => t.name === table)?.keyRefs ?? {};
    const kept = Object.entries(row)
      .filter(([k]) => k !== 'id' && !k.endsWith('_id') && !k.startsWith('origin_'))
      .map(([k, v]) => [k, k in keyColumns && typeof v === 'string' ? v.replace(/^([a-z_]+:[a-z])\d+/, '$1') : v]);
    hash.update(JSON.stringify(kept, (_, v: unknown) => (Buffer.isBuffer(v) ? v.toString('base64') : v)));
  }
  return hash.digest('hex');
}

describe('format 2 bundles', () => {
  it('a table larger than a part travels in several parts and arrives whole', async () => {
    const s = makeDb('JS-NJ-01', 'station');
    const v = makeDb('SUP-01', 'supervisor');
    generateDemo(s.db, { persons: 6, seed: 'parts', at: '2026-03-02', now: NOW, actor: s.ops.actor });
    // Three scans of 3 MB that do not compress: the attachments table is over two parts, the
    // encrypted payload several of the importer's reads.
    const scan = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(3 * 1024 * 1024)]);
    for (const personId of [1, 2, 3]) addAttachment(s.ops, { personId, kind: 'document', filename: `${personId}.pdf`, note: '', dataBase64: scan.toString('base64') });
    const sheet = keySheet(v.ops);
    registerRecipient(s.ops, { name: '县禁毒办', recipient: sheet.recipient, fingerprint: sheet.recipientFingerprint });
    const sent = await exportBundle(s.ops, { kind: 'full', recipient: sheet.recipient, out: s.dir });
    expect(sent.rows['attachments.ndjson']).toBe(3);
    const [result] = await importBundleFiles(v.ops, [sent.path], { confirmFingerprints: [keySheet(s.ops).fingerprint] });
    expect(result).toMatchObject({ outcome: 'accepted', rows: sent.rows });
    const logged = v.db.prepare(`SELECT details FROM bundle_log WHERE outcome = 'accepted'`).pluck().get() as string;
    expect(JSON.parse(logged).rows).toEqual(sent.rows);
    for (const t of BUNDLE_TABLES) {
      expect(tableHash(v.db, t.name), t.name).toBe(tableHash(s.db, t.name));
    }
    // The parts as written: attachments in three (two scans do not fit one part), the manifest last.
    const outer = await readOuter(readFileSync(sent.path));
    const inner = await readZip(ageDecrypt(ownKeys(v.ops).identity, outer.payloadAge), { allowed: () => true, limits: DEFAULT_ZIP_LIMITS });
    const names = [...inner.keys()];
    expect(names.filter((n) => n.startsWith('attachments.'))).toEqual(['attachments.0001.ndjson', 'attachments.0002.ndjson', 'attachments.0003.ndjson']);
    expect(names.slice(-2)).toEqual(['manifest.json', 'manifest.json.minisig']);
    expect(Math.max(...[...inner.values()].map((d) => d.length))).toBeLessThan(PART_BYTES + 5 * 1024 * 1024);
  });

  it('a station of a few thousand persons arrives equal: the same rows in every table', async () => {
    const s = makeDb('JS-NJ-01', 'station');
    const v = makeDb('SUP-01', 'supervisor');
    generateDemo(s.db, { persons: 2000, seed: 'round-trip', at: '2026-03-02', now: NOW, actor: s.ops.actor });
    const sheet = keySheet(v.ops);
    registerRecipient(s.ops, { name: '县禁毒办', recipient: sheet.recipient, fingerprint: sheet.recipientFingerprint });
    const sent = await exportBundle(s.ops, { kind: 'full', recipient: sheet.recipient, out: s.dir });
    const [result] = await importBundleFiles(v.ops, [sent.path], { confirmFingerprints: [keySheet(s.ops).fingerprint] });
    expect(result?.outcome).toBe('accepted');
    for (const t of BUNDLE_TABLES) {
      const count = (db: Db) => db.prepare(`SELECT count(*) FROM ${t.name}`).pluck().get() as number;
      expect(count(v.db), t.name).toBe(count(s.db));
      expect(tableHash(v.db, t.name), t.name).toBe(tableHash(s.db, t.name));
    }
    expect(v.db.prepare('SELECT count(*) FROM persons').pluck().get()).toBe(2000);
    // The helper stays two batches ahead of the writing and takes each written batch's buffer back:
    // a handful of buffers serve them all (26 batches; without the buffers coming back, 26 buffers).
    const made = lastHelperImport();
    expect(made?.batches).toBeGreaterThan(20);
    expect(made?.buffers).toBeLessThanOrEqual(12);
  }, 120_000);

  it('a bundle written in format 1 (before streaming) still imports', async () => {
    const fixture = JSON.parse(readFileSync('test/fixtures/bundles/v1-full.json', 'utf8')) as {
      file: string;
      stationFingerprint: string;
      supervisorIdentity: string;
      supervisorRecipient: string;
      rows: Record<string, number>;
      counts: Record<string, number>;
    };
    const v = makeDb('SUP-01', 'supervisor');
    // The fixture was encrypted to a test supervisor's key: this database takes that key.
    v.db.prepare('UPDATE crypto_keys SET age_identity = ?, age_recipient = ? WHERE id = 1').run(fixture.supervisorIdentity, fixture.supervisorRecipient);
    const bytes = readFileSync(join('test/fixtures/bundles', fixture.file));
    const unknown = await importBundle(v.ops, fixture.file, bytes);
    expect(unknown).toMatchObject({ outcome: 'refused', reason: 'BUNDLE_UNKNOWN_STATION', params: { fingerprint: fixture.stationFingerprint } });
    const accepted = await importBundle(v.ops, fixture.file, bytes, { confirmFingerprints: [fixture.stationFingerprint] });
    expect(accepted).toMatchObject({ outcome: 'accepted', station: 'JS-NJ-01', kind: 'full', seq: 1, rows: fixture.rows });
    for (const [table, count] of Object.entries(fixture.counts)) {
      expect(v.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get(), table).toBe(count);
    }
    expect((await importBundle(v.ops, fixture.file, bytes)).outcome).toBe('duplicate');
  });

  it('a small file that declares a huge content is refused at once, before anything is inflated', async () => {
    const v = makeDb('SUP-01', 'supervisor');
    // 256 MiB of zeros deflate to a quarter of a megabyte: the outer layer must be stored, so it is refused on sight.
    const zeros = Buffer.alloc(256 * 1024 * 1024);
    const bomb = writeZip(
      [
        { name: 'payload.age', data: zeros },
        { name: 'payload.age.minisig', data: Buffer.from('x') },
        { name: 'station.pub', data: Buffer.from('x') },
        { name: 'README.txt', data: Buffer.from('x') },
      ],
      { compress: true, modified: NOW },
    );
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const path = join(tempDir(), 'bomb.haven');
    writeFileSync(path, bomb);
    const [result] = await importBundleFiles(v.ops, [path]);
    // Refused on the entries' method (deflated, where the outer layer is stored), nothing read beyond the directory.
    expect(result).toMatchObject({ outcome: 'refused', reason: 'BUNDLE_UNREADABLE' });
  });
});
