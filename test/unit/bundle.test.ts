import { addDays } from '../../shared/domain/dates';
import { composeIdNumber } from '../../shared/domain/idNumber';
import { createGoodReason } from '../../electron/core/goodReasons/service';
import { goodReasonSchema } from '../../shared/schemas/supervision';
import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { identityToRecipient } from 'age-encryption';
import { afterEach, describe, expect, it } from 'vitest';
import { measureTransitionSchema } from '../../shared/schemas/measure';
import { absenceSchema, contactSchema, drugTestSchema, leaveRequestSchema, violationSchema } from '../../shared/schemas/supervision';
import { translate } from '../../shared/i18n/translate';
import { createAbsence } from '../../electron/core/absences/service';
import { addAttachment } from '../../electron/core/attachments/service';
import { verifyAuditChain } from '../../electron/core/kernel/audit';
import { decryptWith, encryptTo, generateAgeIdentity, parseRecipient, recipientOfIdentity } from '../../electron/core/kernel/identity/ageKeys';
import { bech32Decode, bech32Encode } from '../../electron/core/kernel/identity/bech32';
import { bundleReasons, bundleWarnings } from '../../electron/core/bundles/errors';
import { exportBundle, listSent } from '../../electron/core/bundles/export';
import { normalizeFingerprint, recipientFingerprint, signingFingerprint } from '../../electron/core/kernel/identity/fingerprint';
import { BUNDLE_SCHEMA_VERSION, MANIFEST, MANIFEST_SIG, type BundleKind } from '../../electron/core/bundles/format';
import { importBundle, importBundleFiles, type StationKeyReplacement, listBundleLog, listStations, type ImportResult } from '../../electron/core/bundles/import';
import { keySheet, ownKeys } from '../../electron/core/kernel/identity/ownKeys';
import { generateSigningKey, parsePublicKey, parseSignature, publicKeyFile, signPrehashed, verifyPrehashed, type SigningSecretKey } from '../../electron/core/kernel/identity/minisign';
import { manifestBytes } from '../../electron/core/bundles/payload';
import { registerRecipient } from '../../electron/core/bundles/recipients';
import { assembleOuter, readOuter, readOuterFile, sha256, verifyOuter } from '../../electron/core/bundles/seal';
import { BUNDLE_TABLES, ORIGIN_COLUMNS, ownerWhere } from '../../electron/core/bundles/tables';
import { bundleSchema } from '../../electron/core/bundles/apply';
import { DEFAULT_ZIP_LIMITS, readZip, writeZip } from '../../electron/core/bundles/zip';
import { createContact } from '../../electron/core/contacts/service';
import { openDatabase, type Db } from '../../electron/core/kernel/db/database';
import { applyMigrations, SCHEMA_VERSION } from '../../electron/core/kernel/db/migrate';
import { migrations } from '../../electron/core/kernel/db/migrations';
import { generateDemo } from '../../electron/core/demo/generate';
import { createTest } from '../../electron/core/tests/service';
import { createViolation, reportToPolice } from '../../electron/core/violations/service';
import { loadPersonFacts } from '../../electron/core/kernel/facts';
import { evaluatePerson } from '../../shared/rules/engine';
import { policeReportSchema } from '../../shared/schemas/supervision';
import { createVault, pathsForDatabase, unlockWithPassword } from '../../electron/core/kernel/vault';
import { createLeave } from '../../electron/core/leaves/service';
import { transitionMeasure } from '../../electron/core/measures/service';
import { opsFor, type Ops } from '../../electron/core/kernel/ops';
import { FAST_SCRYPT, tempDir } from './support/tmp';

const PASSWORD = 'a long password';
const NOW = new Date('2026-03-02T01:00:00Z');
const AT = '2026-03-02';
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4, 5]).toString('base64');
const PDF = Buffer.from('%PDF-1.4\n% Haven test\n').toString('base64');

interface Ctx {
  db: Db;
  ops: Ops;
  dir: string;
  code: string;
}

const opened: Db[] = [];
afterEach(() => {
  while (opened.length > 0) opened.pop()?.close();
});

function makeDb(code: string, mode: 'station' | 'supervisor', now = NOW): Ctx {
  const dir = tempDir();
  const paths = pathsForDatabase(join(dir, `${code}.db`));
  createVault(paths, { station: { code, name: `${code} 测试站`, mode }, admin: { username: 'admin', displayName: '王站长', password: PASSWORD } }, now, { scrypt: FAST_SCRYPT });
  const { db } = unlockWithPassword(paths, 'admin', PASSWORD, { scrypt: FAST_SCRYPT });
  opened.push(db);
  return { db, ops: opsFor(db, now, { userId: 1, username: 'admin', displayName: '王站长' }), dir, code };
}

/** Demo persons and measures, then tests, talks, leave, absences, violations and attachments for three active persons. */
function seed(s: Ctx, persons = 24): number[] {
  generateDemo(s.db, { persons, seed: 'bundle', at: AT, now: NOW, actor: s.ops.actor });
  const active = s.db
    .prepare(`SELECT p.id FROM persons p JOIN measures m ON m.id = p.current_measure_id WHERE m.status = 'active' AND m.report_in_date <= '2026-01-01' ORDER BY p.id LIMIT 3`)
    .pluck()
    .all() as number[];
  expect(active.length).toBeGreaterThan(0);
  for (const id of active) {
    createTest(s.ops, id, drugTestSchema.parse({ date: '2026-02-10', sample: 'urine', mode: 'on_site', result: 'negative' }));
    const refused = createTest(s.ops, id, drugTestSchema.parse({ date: '2026-02-20', sample: 'hair', mode: 'lab', result: 'refused' }));
    createContact(s.ops, id, contactSchema.parse({ date: '2026-02-11', kind: 'home_visit', summary: '家访，情况稳定' }));
    createLeave(s.ops, id, leaveRequestSchema.parse({ reason: '探亲', province: '江苏', startDate: '2026-01-05', endDate: '2026-01-09' }));
    createAbsence(s.ops, id, absenceSchema.parse({ fromDate: '2026-01-20', toDate: '2026-01-22', discovered: 'home_visit' }));
    createViolation(s.ops, id, violationSchema.parse({ date: '2026-01-21', severity: 'general', description: '未按约定参加谈话' }));
    addAttachment(s.ops, { personId: id, kind: 'photo', filename: 'p.png', note: '', dataBase64: PNG });
    const scan = addAttachment(s.ops, { personId: id, kind: 'document', filename: 'd.pdf', note: '决定书', dataBase64: PDF });
    // A 正当理由 with its scan: both references are remapped on import.
    const reason = { reason: '当日住院治疗', decidedBy: '社区民警 赵某', decidedOn: '2026-02-21', attachmentId: scan.id };
    createGoodReason(s.ops, goodReasonSchema.parse({ personId: id, subject: 'test', testId: refused.id, goodReason: reason }));
  }
  return active;
}

function counts(db: Db): Record<string, number> {
  return Object.fromEntries(BUNDLE_TABLES.map((t) => [t.name, db.prepare(`SELECT count(*) FROM ${t.name}`).pluck().get() as number]));
}

/** Every table except the import log and the audit log (which record every attempt by design). */
function digest(db: Db): string {
  const hash = createHash('sha256');
  const tables = db
    .prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT IN ('bundle_log', 'audit_events', 'sqlite_sequence') ORDER BY name`)
    .pluck()
    .all() as string[];
  for (const table of tables) {
    hash.update(table);
    for (const row of db.prepare(`SELECT * FROM "${table}"`).raw().iterate()) hash.update(JSON.stringify(row, (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v)));
  }
  return hash.digest('hex');
}

/**
 * A station's carried rows as the station has them, read at the station (`code` null) or from its
 * block at a supervisor (ids and references less `base`): columns that cannot travel and the
 * origin columns the supervisor adds are left out.
 */
function asAtStation(db: Db, code: string | null, base: number): Record<string, unknown[][]> {
  const out: Record<string, unknown[][]> = {};
  for (const table of bundleSchema(db).tables) {
    const skip = new Set([...table.cleared, ...ORIGIN_COLUMNS]);
    const refs = new Set(['id', ...table.refs.map(([column]) => column)]);
    const columns = table.columns.filter((c) => !skip.has(c)).map((c) => (refs.has(c) ? `"${c}" - ${base}` : `"${c}"`));
    const persons = code === null ? 'origin_station IS NULL' : `origin_station = '${code}'`;
    const spec = BUNDLE_TABLES.find((t) => t.name === table.name) as (typeof BUNDLE_TABLES)[number];
    const rows = db.prepare(`SELECT ${columns.join(', ')} FROM ${table.name} WHERE ${ownerWhere(db, spec, persons)} ORDER BY id`).raw().all() as unknown[][];
    // A key naming rows by id (violations.rule_key) names them in the block too: less `base`, as a reference.
    const keyColumns = table.columns.filter((c) => !skip.has(c)).map((c, i) => (spec.keyRefs?.[c] ? i : -1)).filter((i) => i >= 0);
    for (const row of rows) for (const i of keyColumns) if (typeof row[i] === 'string') row[i] = (row[i] as string).replace(/^([a-z_]+:[a-z])(\d+)/, (_, head: string, id: string) => `${head}${Number(id) - base}`);
    out[table.name] = rows;
  }
  return out;
}

/** Every carried row in the block at `base`. */
function blockDigest(db: Db, base: number): string {
  const hash = createHash('sha256');
  for (const table of BUNDLE_TABLES) {
    for (const row of db.prepare(`SELECT * FROM ${table.name} WHERE id BETWEEN ? AND ? ORDER BY id`).raw().iterate(base + 1, base + 2 ** 32 - 1)) hash.update(JSON.stringify(row));
  }
  return hash.digest('hex');
}

/** The supervisor's recipient registered at the station, as an admin does once with the key sheet. */
function registerSupervisor(s: Ctx, v: Ctx): string {
  const sheet = keySheet(v.ops);
  registerRecipient(s.ops, { name: '县禁毒办', recipient: sheet.recipient, fingerprint: sheet.recipientFingerprint });
  return sheet.recipient;
}

async function exportTo(s: Ctx, recipient: string, kind: BundleKind = 'full', personId: number | null = null) {
  return exportBundle(s.ops, { kind, recipient, personId, out: s.dir });
}

async function importFile(v: Ctx, path: string, confirm: string[] = [], replaceStationKeys: StationKeyReplacement[] = []): Promise<ImportResult> {
  return importBundle(v.ops, path.split('/').pop() as string, readFileSync(path), { confirmFingerprints: confirm, replaceStationKeys });
}

function expectRefused(result: ImportResult, ...reasons: string[]): void {
  expect(result.outcome, JSON.stringify(result)).toBe('refused');
  expect(reasons).toContain(result.reason);
}

describe('keys', () => {
  it('every new database has a minisign signing key and an age identity, and a key sheet to compare by eye', async () => {
    const s = makeDb('JS-NJ-01', 'station');
    const sheet = keySheet(s.ops);
    expect(sheet.publicKey).toMatch(/^RW[A-Za-z0-9+/]{54}$/);
    expect(sheet.keyId).toMatch(/^[0-9A-F]{16}$/);
    expect(sheet.fingerprint).toMatch(/^(\d{5} ){7}\d{5}$/);
    expect(sheet.fingerprintGroups).toHaveLength(8);
    expect(sheet.recipient).toMatch(/^age1[a-z0-9]{58}$/);
    expect(sheet.publicKeyFile).toBe(`untrusted comment: Haven station JS-NJ-01 minisign public key ${sheet.keyId}\n${sheet.publicKey}\n`);
    expect(sheet.recipientFile).toContain(`# 指纹 / fingerprint: ${sheet.recipientFingerprint}\n${sheet.recipient}\n`);
    const keys = ownKeys(s.ops);
    // Our synchronous X25519 agrees with age-encryption's own derivation.
    expect(await identityToRecipient(keys.identity)).toBe(keys.recipient);
    expect(signingFingerprint(keys.signing)).toBe(sheet.fingerprint);
    const setup = s.db.prepare(`SELECT details FROM audit_events WHERE action = 'setup.create'`).pluck().get() as string;
    expect(JSON.parse(setup)).toMatchObject({ signingKeyId: sheet.keyId });
    // A database from before bundles gets its keys on first use, audited.
    s.db.prepare('DELETE FROM crypto_keys').run();
    const again = keySheet(s.ops);
    expect(again.publicKey).not.toBe(sheet.publicKey);
    expect(s.db.prepare(`SELECT count(*) FROM audit_events WHERE action = 'bundles.keys.create'`).pluck().get()).toBe(1);
  });

  it('bech32, recipients, fingerprints and minisign signatures behave', async () => {
    const { identity, recipient } = generateAgeIdentity();
    expect(identity).toMatch(/^AGE-SECRET-KEY-1[0-9A-Z]{58}$/);
    expect(recipientOfIdentity(identity)).toBe(recipient);
    expect(await identityToRecipient(identity)).toBe(recipient);
    expect(parseRecipient(recipient.toUpperCase())).toBe(recipient);
    expect(parseRecipient(`${recipient.slice(0, -1)}${recipient.endsWith('q') ? 'p' : 'q'}`)).toBeNull();
    expect(bech32Decode(bech32Encode('age', Buffer.alloc(32, 7)))?.bytes).toEqual(Buffer.alloc(32, 7));
    const data = Buffer.from(await encryptTo([recipient], Buffer.from('hello')));
    expect((await decryptWith(identity, data)).toString()).toBe('hello');
    await expect(decryptWith(generateAgeIdentity().identity, data)).rejects.toMatchObject({ problem: 'not_for_us' });

    expect(normalizeFingerprint('１２３４５ 12345-12345,12345 12345 12345 12345 12345')).toBe('12345'.repeat(8));
    expect(normalizeFingerprint('12345')).toBeNull();
    expect(recipientFingerprint(recipient)).not.toBe(recipientFingerprint(generateAgeIdentity().recipient));

    const key = generateSigningKey();
    const sig = signPrehashed(key, Buffer.from('payload'), 'trusted words', 'untrusted words');
    expect(verifyPrehashed(key, Buffer.from('payload'), sig)).toEqual({ ok: true, trustedComment: 'trusted words' });
    expect(verifyPrehashed(key, Buffer.from('payloae'), sig)).toEqual({ ok: false, problem: 'signature' });
    expect(verifyPrehashed(key, Buffer.from('payload'), sig.replace('trusted comment: trusted words', 'trusted comment: trusted wordz'))).toEqual({ ok: false, problem: 'comment' });
    expect(verifyPrehashed(generateSigningKey(), Buffer.from('payload'), sig)).toEqual({ ok: false, problem: 'key_id' });
    expect(parsePublicKey(publicKeyFile(key))).toEqual({ keyId: key.keyId, publicKey: key.publicKey });
  });

  it('has words for every refusal and warning in both languages', () => {
    for (const code of [...bundleReasons, ...bundleWarnings]) {
      for (const locale of ['zh-CN', 'en'] as const) expect(translate(locale, `errors.${code}`)).not.toBe(`errors.${code}`);
    }
  });
});

describe('migration 4', () => {
  it('rebuilds persons without losing a row of any table, and keeps one file per ID number among own files only', () => {
    const db = openDatabase(`${tempDir()}/m.db`, Buffer.alloc(32, 9), { migrate: false });
    opened.push(db);
    applyMigrations(db, 3);
    const at = '2026-01-01T00:00:00.000Z';
    db.exec(`
      INSERT INTO users (id, username, display_name, role, created_at, updated_at) VALUES (1, 'admin', '王', 'admin', '${at}', '${at}');
      INSERT INTO persons (id, name, name_pinyin, name_initials, id_number, birth_date, gender, staff_user_id, photo_attachment_id, current_measure_id, created_at, updated_at)
        VALUES (7, '张三', 'zhangsan', 'zs', '11010519491231002X', '1949-12-31', 'female', 1, 3, 5, '${at}', '${at}');
      INSERT INTO measures (id, person_id, kind, decision_number, decision_authority, decision_date, delivery_date, report_in_date, term_months, status, created_at, updated_at)
        VALUES (5, 7, 'community_detox', 'X1', '公安', '2025-01-01', '2025-01-02', '2025-01-05', 36, 'active', '${at}', '${at}');
      INSERT INTO measure_events (measure_id, action, to_status, date, created_at) VALUES (5, 'register', 'pending_report', '2025-01-02', '${at}');
      INSERT INTO measure_group_members (measure_id, position, role, name) VALUES (5, 0, 'community_police', '李警官');
      INSERT INTO attachments (id, person_id, kind, filename, mime, size, sha256, data, created_at) VALUES (3, 7, 'photo', 'p.png', 'image/png', 3, 'x', x'010203', '${at}');
      INSERT INTO drug_tests (person_id, measure_id, date, sample, mode, result, created_at) VALUES (7, 5, '2025-02-01', 'urine', 'on_site', 'negative', '${at}');
      INSERT INTO contacts (person_id, measure_id, date, kind, summary, created_at) VALUES (7, 5, '2025-02-02', 'phone', '电话', '${at}');
      INSERT INTO leaves (id, person_id, measure_id, reason, province, start_date, end_date, days, status, created_at) VALUES (4, 7, 5, '探亲', '江苏', '2025-03-01', '2025-03-05', 5, 'returned', '${at}');
      INSERT INTO absences (person_id, measure_id, from_date, discovered, leave_id, created_at) VALUES (7, 5, '2025-03-06', 'leave_overstay', 4, '${at}');
      INSERT INTO violations (person_id, measure_id, date, severity, description, created_at) VALUES (7, 5, '2025-03-07', 'general', '迟到', '${at}');
      INSERT INTO alerts (person_id, rule_id, severity, key, facts, article) VALUES (7, 'test_due', 'info', 'k', '{}', 'RR-19');
      INSERT INTO alert_state (person_id, evaluated_on) VALUES (7, '2025-03-08');
      INSERT INTO alert_dismissals (person_id, key, rule_id, reason, created_at) VALUES (7, 'k2', 'test_due', '理由', '${at}');
    `);
    const tables = ['persons', 'measures', 'measure_events', 'measure_group_members', 'attachments', 'drug_tests', 'contacts', 'leaves', 'absences', 'violations', 'alerts', 'alert_state', 'alert_dismissals'];
    const before = Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all()]));
    applyMigrations(db, 4);
    for (const t of tables) {
      const after = db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all() as Record<string, unknown>[];
      if (t === 'persons') expect(after).toEqual((before[t] as Record<string, unknown>[]).map((r) => ({ ...r, origin_station: null, origin_person_id: null, origin_staff_name: null })));
      else expect(after, t).toEqual(before[t]);
    }
    expect(db.pragma('foreign_key_check')).toEqual([]);
    // Search still finds the person, and keeps in step with changes.
    expect(db.prepare(`SELECT rowid FROM person_search WHERE person_search MATCH '"zhangsan"'`).pluck().all()).toEqual([7]);
    db.prepare(`UPDATE persons SET name_pinyin = 'zhangsanfeng' WHERE id = 7`).run();
    expect(db.prepare(`SELECT rowid FROM person_search WHERE person_search MATCH '"sanfeng"'`).pluck().all()).toEqual([7]);
    // One own file per ID number; imported snapshots of two stations may both hold it.
    const insert = db.prepare(
      `INSERT INTO persons (name, name_pinyin, name_initials, id_number, birth_date, gender, origin_station, origin_person_id, created_at, updated_at)
       VALUES ('张三', 'zhangsan', 'zs', '11010519491231002X', '1949-12-31', 'female', ?, ?, '${at}', '${at}')`,
    );
    expect(() => insert.run(null, null)).toThrow(/UNIQUE constraint failed: persons.id_number/);
    insert.run('A', 1);
    insert.run('B', 1);
    expect(() => insert.run('A', 2)).toThrow(/UNIQUE/);
    expect(() => insert.run('C', null)).toThrow(/CHECK/);
  });
});

describe('the schema a bundle names', () => {
  it('is that of the newest migration that changed a carried table (or raised by hand), so one update apart still exchange bundles', async () => {
    const db = openDatabase(`${tempDir()}/m.db`, Buffer.alloc(32, 9), { migrate: false });
    opened.push(db);
    const carried = BUNDLE_TABLES.map((t) => t.name);
    const tablesSql = () =>
      db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name IN (${carried.map(() => '?').join(', ')}) ORDER BY name`).all(...carried);
    let changedLast = 0;
    let before = tablesSql();
    for (const m of migrations) {
      applyMigrations(db, m.version);
      const after = tablesSql();
      if (JSON.stringify(after) !== JSON.stringify(before)) changedLast = m.version;
      before = after;
    }
    expect(BUNDLE_SCHEMA_VERSION).toBeGreaterThanOrEqual(changedLast);
    expect(BUNDLE_SCHEMA_VERSION).toBeLessThanOrEqual(SCHEMA_VERSION);

    // What a station writes, and a supervisor of the same build takes.
    const s = makeDb('JS-NJ-01', 'station');
    const v = makeDb('COUNTY', 'supervisor');
    const bundle = await exportTo(s, registerSupervisor(s, v), 'stats');
    expect((await readOuterFile(bundle.path, Number.MAX_SAFE_INTEGER)).claimed.schemaVersion).toBe(BUNDLE_SCHEMA_VERSION);
    expect((await importFile(v, bundle.path, [keySheet(s.ops).fingerprint])).outcome).toBe('accepted');
  });
});

describe('station → supervisor', () => {
  it('a full bundle round-trips every table, the same file twice is "already imported", and a second full bundle replaces the snapshot', async () => {
    const s = makeDb('JS-NJ-01', 'station');
    const v = makeDb('SUP-01', 'supervisor');
    const active = seed(s);
    const recipient = registerSupervisor(s, v);
    const progress: string[] = [];
    const sent = await exportBundle(s.ops, { kind: 'full', recipient, out: s.dir, onProgress: (p) => progress.push(p.phase) });
    expect(sent.fileName).toBe('JS-NJ-01-full-1-2026-03-02.haven');
    expect(progress).toEqual(expect.arrayContaining(['read', 'pack', 'encrypt', 'write', 'done']));
    expect(listSent(s.ops)).toMatchObject([{ kind: 'full', seq: 1, recipientName: '县禁毒办', sha256: sent.sha256 }]);
    expect(s.db.prepare(`SELECT details FROM audit_events WHERE action = 'bundles.export'`).pluck().get()).toContain(sent.sha256);

    const stationCounts = counts(s.db);
    expect(active.length).toBeGreaterThan(0);
    expect(Object.values(stationCounts).every((n) => n > 0)).toBe(true);
    const fingerprint = keySheet(s.ops).fingerprint;

    const unconfirmed = await importFile(v, sent.path);
    expectRefused(unconfirmed, 'BUNDLE_UNKNOWN_STATION');
    expect(unconfirmed.params).toMatchObject({ code: 'JS-NJ-01', fingerprint });
    const accepted = await importFile(v, sent.path, [fingerprint.replaceAll(' ', '')]);
    expect(accepted).toMatchObject({ outcome: 'accepted', station: 'JS-NJ-01', kind: 'full', seq: 1 });
    expect(accepted.warnings.map((w) => w.code)).toEqual(['BUNDLE_STATION_CONFIRMED']);
    expect(counts(v.db)).toEqual(stationCounts);
    expect(listStations(v.ops)).toMatchObject([{ code: 'JS-NJ-01', name: 'JS-NJ-01 测试站', fingerprint, lastSeq: 1 }]);

    // Same content, new ids, references remapped, origin recorded.
    const sPersons = s.db.prepare('SELECT id, name, id_number FROM persons ORDER BY id').all() as { id: number; name: string; id_number: string }[];
    const vPersons = v.db.prepare('SELECT name, id_number, origin_station, origin_person_id, staff_user_id, origin_staff_name FROM persons ORDER BY origin_person_id').all();
    expect(vPersons).toEqual(sPersons.map((p) => ({ name: p.name, id_number: p.id_number, origin_station: 'JS-NJ-01', origin_person_id: p.id, staff_user_id: null, origin_staff_name: '王站长' })));
    const sameFacts = (db: Db, originId: string) =>
      db
        .prepare(
          `SELECT ${originId} AS pid, m.decision_number, m.status, (SELECT count(*) FROM measure_events e WHERE e.measure_id = m.id) AS events,
                  (SELECT count(*) FROM drug_tests t WHERE t.measure_id = m.id) AS tests, pm.current_measure_id = m.id AS current,
                  (SELECT a.sha256 || a.filename FROM attachments a WHERE a.id = pm.photo_attachment_id) AS photo
           FROM measures m JOIN persons pm ON pm.id = m.person_id ORDER BY pid, m.decision_number`,
        )
        .all();
    expect(sameFacts(v.db, 'pm.origin_person_id')).toEqual(sameFacts(s.db, 'pm.id'));
    const blobs = (db: Db) => db.prepare('SELECT sha256, hex(data) FROM attachments ORDER BY sha256, filename').raw().all();
    expect(blobs(v.db)).toEqual(blobs(s.db));
    expect(v.db.prepare('SELECT count(*) FROM persons p JOIN measures m ON m.id = p.current_measure_id').pluck().get()).toBe(
      s.db.prepare('SELECT count(*) FROM persons WHERE current_measure_id IS NOT NULL').pluck().get(),
    );

    const before = digest(v.db);
    const again = await importFile(v, sent.path);
    expect(again).toMatchObject({ outcome: 'duplicate', station: 'JS-NJ-01', seq: 1 });
    expect(digest(v.db)).toBe(before);

    // The station changes; the next full bundle replaces its snapshot as a whole.
    s.db.prepare('DELETE FROM persons WHERE id = (SELECT max(id) FROM persons)').run();
    const second = await exportTo(s, recipient);
    expect(second.seq).toBe(2);
    expect(await importFile(v, second.path)).toMatchObject({ outcome: 'accepted', seq: 2, warnings: [] });
    expect(counts(v.db)).toEqual(counts(s.db));
    expect(listBundleLog(v.ops).map((e) => e.outcome)).toEqual(['accepted', 'duplicate', 'accepted', 'refused']);
    expect(verifyAuditChain(v.db).ok).toBe(true);
  });

  it("a station's next full bundle keeps its files' ids: only what changed is written, what went is removed, other stations stay", async () => {
    const s = makeDb('JS-NJ-01', 'station');
    const other = makeDb('JS-NJ-02', 'station');
    const v = makeDb('SUP-01', 'supervisor');
    const active = seed(s);
    seed(other, 6);
    const recipient = registerSupervisor(s, v);
    const otherRecipient = registerSupervisor(other, v);
    expect(await importFile(v, (await exportTo(s, recipient)).path, [keySheet(s.ops).fingerprint])).toMatchObject({ outcome: 'accepted' });
    expect(await importFile(v, (await exportTo(other, otherRecipient)).path, [keySheet(other.ops).fingerprint])).toMatchObject({ outcome: 'accepted' });
    // Each station's block: its ids there plus 2^32 for the first station, 2 × 2^32 for the second.
    const base = 2 ** 32;
    expect(asAtStation(v.db, 'JS-NJ-01', base)).toEqual(asAtStation(s.db, null, 0));
    expect(asAtStation(v.db, 'JS-NJ-02', 2 * base)).toEqual(asAtStation(other.db, null, 0));
    const otherBefore = blockDigest(v.db, 2 * base);

    // The supervisor's own work on the snapshot: the worklist evaluated, an alert dismissed for two files.
    const [kept, gone] = [active[0] as number, s.db.prepare('SELECT max(id) FROM persons').pluck().get() as number];
    expect(kept).not.toBe(gone);
    v.db.prepare(`INSERT INTO alert_state (person_id, evaluated_on) SELECT id, '2026-03-01' FROM persons`).run();
    const dismiss = v.db.prepare(`INSERT INTO alert_dismissals (person_id, key, rule_id, reason, created_at) VALUES (?, 'k', 'r', '已核实', '2026-03-01')`);
    dismiss.run(base + kept);
    dismiss.run(base + gone);
    v.db.prepare(`INSERT INTO alerts (person_id, rule_id, severity, key, facts, article) VALUES (?, 'r', 'info', 'k', '{}', '')`).run(base + gone);

    // A month at the station: a talk edited, a talk recorded, the last file deleted with all it had, its ID number
    // now on another file (held by the old snapshot's last file until it goes), a signed agreement voided.
    const edited = s.db.prepare('SELECT min(id) FROM contacts').pluck().get() as number;
    s.db.prepare(`UPDATE contacts SET summary = '谈话记录已更正' WHERE id = ?`).run(edited);
    const added = createContact(s.ops, active[1] as number, contactSchema.parse({ date: '2026-02-25', kind: 'face_to_face', summary: '月度谈话' })).id;
    const movedIdNumber = s.db.prepare('SELECT id_number FROM persons WHERE id = ?').pluck().get(gone) as string;
    const goneTalks = s.db.prepare('SELECT id FROM contacts WHERE person_id = ?').pluck().all(gone) as number[];
    s.db.prepare('DELETE FROM persons WHERE id = ?').run(gone);
    // Not `kept`: its file is written again (the update cannot take the moved ID number) and keeps its dismissal.
    const renumbered = s.db.prepare('SELECT min(id) FROM persons WHERE id NOT IN (?, ?)').pluck().get(kept, active[1]) as number;
    s.db.prepare('UPDATE persons SET id_number = ? WHERE id = ?').run(movedIdNumber, renumbered);
    // A file renamed (its search entry follows), and one only touched (its search entry is left alone).
    s.db.prepare(`UPDATE persons SET name = '林晓航', name_pinyin = 'linxiaohang', name_initials = 'lxh' WHERE id = ?`).run(kept);
    s.db.prepare(`UPDATE persons SET updated_at = '2026-02-27T02:00:00.000Z' WHERE id = ?`).run(active[1]);
    const voided = s.db.prepare(`SELECT min(id) FROM agreements WHERE status = 'signed'`).pluck().get() as number | null;
    expect(voided).not.toBeNull();
    s.db.prepare(`UPDATE agreements SET status = 'voided', voided_on = '2026-02-26', void_reason = '重新签订' WHERE id = ?`).run(voided);

    // What the import writes to the talks, seen by triggers of this connection alone.
    const searched = (text: string) => v.db.prepare(`SELECT rowid - ? FROM person_search WHERE person_search MATCH ?`).pluck().all(base, `"${text}"`);
    const touchedName = v.db.prepare('SELECT name_pinyin FROM persons WHERE id = ?').pluck().get(base + (active[1] as number)) as string;
    expect(searched(touchedName)).toContain(active[1]);
    v.db.exec(`CREATE TEMP TABLE written (what TEXT, id INTEGER);
      CREATE TEMP TRIGGER talk_inserted AFTER INSERT ON main.contacts BEGIN INSERT INTO written VALUES ('insert', new.id); END;
      CREATE TEMP TRIGGER talk_updated AFTER UPDATE ON main.contacts BEGIN INSERT INTO written VALUES ('update', new.id); END;
      CREATE TEMP TRIGGER talk_deleted AFTER DELETE ON main.contacts BEGIN INSERT INTO written VALUES ('delete', old.id); END;`);
    const second = await importFile(v, (await exportTo(s, recipient)).path);
    expect(second, JSON.stringify(second)).toMatchObject({ outcome: 'accepted', seq: 2, warnings: [] });
    expect(asAtStation(v.db, 'JS-NJ-01', base)).toEqual(asAtStation(s.db, null, 0));
    const written = v.db.prepare('SELECT what, id - ? FROM temp.written ORDER BY what, id').raw().all(base);
    expect(written).toEqual([...goneTalks.map((id) => ['delete', id]), ['insert', added], ['update', edited]]);
    expect(searched('linxiaohang')).toEqual([kept]);
    expect(searched(touchedName)).toContain(active[1]);
    // The other station's rows are as they were; no file of this station is outside its block.
    expect(blockDigest(v.db, 2 * base)).toBe(otherBefore);
    expect(v.db.prepare(`SELECT count(*) FROM persons WHERE origin_station = 'JS-NJ-01' AND NOT id BETWEEN ? AND ?`).pluck().get(base + 1, 2 * base - 1)).toBe(0);
    // Every file of the station is evaluated again; a dismissal stays with its file, and goes with a file that went.
    expect(v.db.prepare('SELECT count(*) FROM alert_state WHERE person_id BETWEEN ? AND ?').pluck().get(base + 1, 2 * base - 1)).toBe(0);
    expect(v.db.prepare('SELECT count(*) FROM alert_state WHERE person_id > ?').pluck().get(2 * base)).toBeGreaterThan(0);
    expect(v.db.prepare('SELECT person_id - ? FROM alert_dismissals').pluck().all(base)).toEqual([kept]);
    expect(v.db.prepare('SELECT count(*) FROM alerts WHERE person_id = ?').pluck().get(base + gone)).toBe(0);
    expect(verifyAuditChain(v.db).ok).toBe(true);
  });

  it('a next bundle with nothing new writes no row of the snapshot', async () => {
    const s = makeDb('JS-NJ-01', 'station');
    const v = makeDb('SUP-01', 'supervisor');
    seed(s);
    const recipient = registerSupervisor(s, v);
    expect(await importFile(v, (await exportTo(s, recipient)).path, [keySheet(s.ops).fingerprint])).toMatchObject({ outcome: 'accepted' });
    v.db.exec('CREATE TEMP TABLE written (what TEXT, tbl TEXT, id INTEGER)');
    for (const { name } of BUNDLE_TABLES) {
      for (const [when, row] of [['INSERT', 'new'], ['UPDATE', 'new'], ['DELETE', 'old']]) {
        v.db.exec(`CREATE TEMP TRIGGER ${name}_${when} AFTER ${when} ON main.${name} BEGIN INSERT INTO written VALUES ('${when}', '${name}', ${row}.id); END`);
      }
    }
    expect(await importFile(v, (await exportTo(s, recipient)).path)).toMatchObject({ outcome: 'accepted', seq: 2 });
    expect(v.db.prepare('SELECT what, tbl, id FROM temp.written').raw().all()).toEqual([]);
  });

  it('a next bundle refused part-way leaves the last snapshot as it was', async () => {
    const s = makeDb('JS-NJ-01', 'station');
    const v = makeDb('SUP-01', 'supervisor');
    const active = seed(s);
    const recipient = registerSupervisor(s, v);
    expect(await importFile(v, (await exportTo(s, recipient)).path, [keySheet(s.ops).fingerprint])).toMatchObject({ outcome: 'accepted' });
    // Changes the import would write first (files, a talk, a deleted file), then a talk whose date is no date.
    s.db.prepare(`UPDATE persons SET updated_at = '2026-02-28T00:00:00.000Z'`).run();
    s.db.prepare(`UPDATE contacts SET summary = '已更正' WHERE id = (SELECT min(id) FROM contacts)`).run();
    s.db.prepare('DELETE FROM persons WHERE id = (SELECT max(id) FROM persons)').run();
    s.db.prepare(`UPDATE contacts SET date = '2026-02-30' WHERE id = (SELECT max(id) FROM contacts WHERE person_id = ?)`).run(active[0]);
    const before = digest(v.db);
    const refused = await importFile(v, (await exportTo(s, recipient)).path);
    expectRefused(refused, 'BUNDLE_INVALID_FIELD');
    expect(refused.params).toMatchObject({ file: 'contacts.ndjson', field: 'date' });
    expect(digest(v.db)).toBe(before);
  });

  it('a snapshot imported before blocks of ids is replaced by its next bundle, in the block', async () => {
    const s = makeDb('JS-NJ-01', 'station');
    const v = makeDb('SUP-01', 'supervisor');
    seed(s, 8);
    const recipient = registerSupervisor(s, v);
    expect(await importFile(v, (await exportTo(s, recipient)).path, [keySheet(s.ops).fingerprint])).toMatchObject({ outcome: 'accepted' });
    // As an import before migration 11 left it: ids from 1 up, no block.
    const base = 2 ** 32;
    v.db.pragma('foreign_keys = OFF');
    for (const table of bundleSchema(v.db).tables) {
      v.db.prepare(`UPDATE ${table.name} SET id = id - ? WHERE id > ?`).run(base, base);
      for (const [column] of table.refs) v.db.prepare(`UPDATE ${table.name} SET "${column}" = "${column}" - ? WHERE "${column}" > ?`).run(base, base);
      for (const [column] of table.keyRefs ?? []) {
        for (const row of v.db.prepare(`SELECT id, "${column}" AS key FROM ${table.name} WHERE "${column}" IS NOT NULL`).all() as { id: number; key: string }[]) {
          const key = row.key.replace(/^([a-z_]+:[a-z])(\d+)/, (_, head: string, id: string) => `${head}${Number(id) - base}`);
          v.db.prepare(`UPDATE ${table.name} SET "${column}" = ? WHERE id = ?`).run(key, row.id);
        }
      }
    }
    v.db.prepare('DELETE FROM station_id_blocks').run();
    v.db.pragma('foreign_keys = ON');
    expect(asAtStation(v.db, 'JS-NJ-01', 0)).toEqual(asAtStation(s.db, null, 0));

    expect(await importFile(v, (await exportTo(s, recipient)).path)).toMatchObject({ outcome: 'accepted', seq: 2 });
    expect(asAtStation(v.db, 'JS-NJ-01', base)).toEqual(asAtStation(s.db, null, 0));
    for (const table of BUNDLE_TABLES) expect(v.db.prepare(`SELECT count(*) FROM ${table.name} WHERE id <= ?`).pluck().get(base), table.name).toBe(0);
    expect(v.db.pragma('foreign_key_check')).toEqual([]);
  });

  it('sequence: a gap is imported with a warning naming the missing numbers; an older number is refused as stale', async () => {
    const s = makeDb('JS-NJ-01', 'station');
    const v = makeDb('SUP-01', 'supervisor');
    seed(s, 6);
    const recipient = registerSupervisor(s, v);
    const fp = keySheet(s.ops).fingerprint;
    const b1 = await exportTo(s, recipient, 'stats');
    const b2 = await exportTo(s, recipient, 'full');
    const b3 = await exportTo(s, recipient, 'stats');
    const b4 = await exportTo(s, recipient, 'full');
    expect(await importFile(v, b1.path, [fp])).toMatchObject({ outcome: 'accepted', seq: 1 });
    const gap = await importFile(v, b4.path);
    expect(gap).toMatchObject({ outcome: 'accepted', seq: 4 });
    expect(gap.warnings).toEqual([{ code: 'BUNDLE_GAP', params: { missing: '2, 3' } }]);
    expect(translate('zh-CN', 'errors.BUNDLE_GAP', gap.warnings[0]?.params)).toContain('2, 3');
    const before = digest(v.db);
    const stale = await importFile(v, b2.path);
    expectRefused(stale, 'BUNDLE_STALE');
    expect(stale.params).toEqual({ seq: 2, last: 4 });
    expectRefused(await importFile(v, b3.path), 'BUNDLE_STALE');
    expect(digest(v.db)).toBe(before);
    expect(listBundleLog(v.ops).filter((e) => e.outcome === 'refused').map((e) => [e.reason, e.seq])).toEqual([
      ['BUNDLE_STALE', 3],
      ['BUNDLE_STALE', 2],
    ]);
  });

  it('many files at once are imported in sequence order, each with its own outcome', async () => {
    const s = makeDb('JS-NJ-01', 'station');
    const v = makeDb('SUP-01', 'supervisor');
    seed(s, 4);
    const recipient = registerSupervisor(s, v);
    const b1 = await exportTo(s, recipient, 'full');
    const b2 = await exportTo(s, recipient, 'stats');
    const results = await importBundleFiles(v.ops, [b2.path, join(s.dir, 'missing.haven'), b1.path], { confirmFingerprints: [keySheet(s.ops).fingerprint] });
    expect(results.map((r) => [r.file, r.outcome, r.seq])).toEqual([
      ['missing.haven', 'refused', null],
      [b1.fileName, 'accepted', 1],
      [b2.fileName, 'accepted', 2],
    ]);
  });

  it('a file that fails for a reason no check foresaw is refused and logged like any refusal, undone, and the files after it still import', async () => {
    const v = makeDb('SUP-01', 'supervisor');
    const [s1, s2, s3] = ['JS-NJ-01', 'JS-NJ-02', 'JS-NJ-03'].map((code) => makeDb(code, 'station')) as [Ctx, Ctx, Ctx];
    seed(s1, 3);
    seed(s2, 3);
    const b1 = await exportTo(s1, registerSupervisor(s1, v), 'full');
    const b2 = await exportTo(s2, registerSupervisor(s2, v), 'full');
    const b3 = await exportTo(s3, registerSupervisor(s3, v), 'stats');
    // What this database may refuse at the last moment (a full disk, a damaged page), here a trigger.
    v.db.exec(`CREATE TEMP TRIGGER fail_second BEFORE INSERT ON stations WHEN NEW.code = 'JS-NJ-02' BEGIN SELECT RAISE(ABORT, 'simulated failure'); END`);
    const journal = v.db.pragma('journal_mode', { simple: true });
    const results = await importBundleFiles(v.ops, [b3.path, b2.path, b1.path], { confirmFingerprints: [s1, s2, s3].map((s) => keySheet(s.ops).fingerprint) });
    expect(results.map((r) => [r.station, r.outcome, r.reason])).toEqual([
      ['JS-NJ-01', 'accepted', null],
      ['JS-NJ-02', 'refused', 'BUNDLE_FAILED'],
      ['JS-NJ-03', 'accepted', null],
    ]);
    expect(results[1]).toMatchObject({ file: b2.fileName, kind: 'full', seq: 1, messageKey: 'errors.BUNDLE_FAILED' });
    // The words are the user's, not SQLite's.
    expect(JSON.stringify(results)).not.toContain('simulated failure');
    expect(translate('zh-CN', 'errors.BUNDLE_FAILED', results[1]?.params)).not.toContain('SQLITE');
    // Nothing of the failed file stays; the others' rows do.
    expect(v.db.prepare(`SELECT origin_station, count(*) FROM persons GROUP BY 1 ORDER BY 1`).raw().all()).toEqual([['JS-NJ-01', 3]]);
    expect(listStations(v.ops).map((s) => s.code)).toEqual(['JS-NJ-01', 'JS-NJ-03']);
    expect(listBundleLog(v.ops).map((e) => [e.station, e.outcome, e.reason]).reverse()).toEqual([
      ['JS-NJ-01', 'accepted', null],
      ['JS-NJ-02', 'refused', 'BUNDLE_FAILED'],
      ['JS-NJ-03', 'accepted', null],
    ]);
    expect(v.db.prepare(`SELECT action FROM audit_events WHERE entity = 'bundle' AND entity_id = 'JS-NJ-02-full-1'`).pluck().all()).toEqual(['bundles.import.refused']);
    expect(verifyAuditChain(v.db).ok).toBe(true);
    // The database is as it was for the next try: once the cause is gone, the same file imports.
    expect(v.db.pragma('journal_mode', { simple: true })).toBe(journal);
    expect(v.db.pragma('foreign_keys', { simple: true })).toBe(1);
    v.db.exec('DROP TRIGGER fail_second');
    expect(await importFile(v, b2.path, [keySheet(s2.ops).fingerprint])).toMatchObject({ outcome: 'accepted', station: 'JS-NJ-02', seq: 1 });
    expect(v.db.prepare(`SELECT count(*) FROM persons WHERE origin_station = 'JS-NJ-02'`).pluck().get()).toBe(3);
  });

  it('a station set up anew (key replaced, numbering restarted) sends its figures from number 1 again', async () => {
    const s = makeDb('JS-NJ-01', 'station');
    const v = makeDb('SUP-01', 'supervisor');
    const recipient = registerSupervisor(s, v);
    expect(await importFile(v, (await exportTo(s, recipient, 'stats')).path, [keySheet(s.ops).fingerprint])).toMatchObject({ outcome: 'accepted', seq: 1 });
    expect(await importFile(v, (await exportTo(s, recipient, 'stats')).path)).toMatchObject({ outcome: 'accepted', seq: 2 });
    const anew = makeDb('JS-NJ-01', 'station');
    const again = registerSupervisor(anew, v);
    const replacement = { code: 'JS-NJ-01', fingerprint: keySheet(anew.ops).fingerprint, reason: '该站电脑更换后重新安装', restartNumbering: true };
    const first = await importFile(v, (await exportTo(anew, again, 'stats')).path, [], [replacement]);
    expect(first).toMatchObject({ outcome: 'accepted', seq: 1 });
    expect(first.warnings.map((w) => w.code)).toEqual(['BUNDLE_STATION_KEY_REPLACED_RESTARTED']);
    // The next numbers too, past those the old installation had used.
    expect(await importFile(v, (await exportTo(anew, again, 'full')).path)).toMatchObject({ outcome: 'accepted', seq: 2 });
    expect(await importFile(v, (await exportTo(anew, again, 'stats')).path)).toMatchObject({ outcome: 'accepted', seq: 3 });
    expect(v.db.prepare('SELECT seq FROM bundle_figures ORDER BY seq').pluck().all()).toEqual([1, 3]);
    const event = v.db.prepare(`SELECT details FROM audit_events WHERE action = 'bundles.stationKeyReplaced'`).pluck().get() as string;
    expect(JSON.parse(event)).toMatchObject({ restartNumbering: true, lastSeqBefore: 2, figuresRemoved: 2 });
  });

  it('a stats bundle carries figures only: no name, ID number or phone of anyone', async () => {
    const s = makeDb('JS-NJ-01', 'station');
    const v = makeDb('SUP-01', 'supervisor');
    seed(s, 10);
    const recipient = registerSupervisor(s, v);
    const b = await exportTo(s, recipient, 'stats');
    expect(b.rows).toEqual({ 'figures.ndjson': expect.any(Number) });
    const outer = await readOuter(readFileSync(b.path));
    const payload = await decryptWith(ownKeys(v.ops).identity, outer.payloadAge);
    const entries = await readZip(payload, { allowed: () => true, limits: DEFAULT_ZIP_LIMITS });
    expect([...entries.keys()]).toEqual(['figures.ndjson', MANIFEST, MANIFEST_SIG]);
    const text = [...entries.values()].map((e) => e.toString('utf8')).join('\n');
    for (const p of s.db.prepare('SELECT name, id_number, phone, residence_address FROM persons').all() as Record<string, string>[]) {
      for (const value of Object.values(p).filter((x) => x.length >= 2)) expect(text).not.toContain(value);
    }
    expect(await importFile(v, b.path, [keySheet(s.ops).fingerprint])).toMatchObject({ outcome: 'accepted', kind: 'stats' });
    const stored = v.db.prepare('SELECT station_code, seq, as_of, figures FROM bundle_figures').get() as { figures: string };
    expect(stored).toMatchObject({ station_code: 'JS-NJ-01', seq: 1, as_of: AT });
    const figures = JSON.parse(stored.figures) as { figure: string; count: number; result?: string }[];
    expect(figures.filter((f) => f.figure === 'persons').reduce((n, f) => n + f.count, 0)).toBe(10);
    expect(figures.find((f) => f.figure === 'drug_tests' && f.result === 'refused')?.count).toBe(s.db.prepare(`SELECT count(*) FROM drug_tests WHERE result = 'refused'`).pluck().get());
    expect(v.db.prepare('SELECT count(*) FROM persons').pluck().get()).toBe(0);
  });
});

describe('a violation recorded for a breach names it by its rows (violations.rule_key)', () => {
  /** A positive test recorded as a serious violation and reported to the police the same day. */
  function answeredBreach(s: Ctx, personId: number): { testId: number; key: string } {
    const test = createTest(s.ops, personId, drugTestSchema.parse({ date: '2026-02-25', sample: 'urine', mode: 'on_site', result: 'positive', substances: ['heroin'] }));
    const key = `positive_test:t${String(test.id)}`;
    const violation = createViolation(s.ops, personId, violationSchema.parse({ date: '2026-02-25', severity: 'serious', description: '检测阳性', ruleKey: key }));
    reportToPolice(s.ops, policeReportSchema.parse({ violationId: violation.id, date: '2026-02-25', reportedTo: '玄武分局' }));
    return { testId: test.id, key };
  }
  const breachesOf = (db: Db, personId: number) => evaluatePerson(loadPersonFacts(db, personId)!, AT).alerts.filter((a) => a.ruleId === 'positive_test' || a.ruleId === 'violation_unreported');

  it('at the supervisor and after a transfer, with the ids the rows have there: the breach stays answered', async () => {
    const s = makeDb('JS-NJ-01', 'station');
    const v = makeDb('SUP-01', 'supervisor');
    const [personId] = seed(s, 16) as [number];
    answeredBreach(s, personId);
    expect(breachesOf(s.db, personId)).toEqual([]);
    // Keys that name no row that travels, or are not keys at all (an old database's, a hand-edited
    // file's): they name nothing at the importer, never another row that has that id there.
    const general = s.db.prepare(`SELECT id FROM violations WHERE person_id = ? AND severity = 'general'`).pluck().get(personId) as number;
    s.db.prepare('UPDATE violations SET rule_key = ? WHERE id = ?').run('positive_test:t999999', general);
    const others = s.db.prepare(`SELECT v.id FROM violations v WHERE v.person_id <> ? AND v.rule_key IS NULL LIMIT 1`).pluck().all(personId) as number[];
    for (const id of others) s.db.prepare('UPDATE violations SET rule_key = ? WHERE id = ?').run('不是键 DROP TABLE persons', id);

    const sent = await exportTo(s, registerSupervisor(s, v));
    expect((await importFile(v, sent.path, [keySheet(s.ops).fingerprint])).outcome).toBe('accepted');
    const there = v.db.prepare('SELECT id FROM persons WHERE origin_station = ? AND origin_person_id = ?').pluck().get('JS-NJ-01', personId) as number;
    const stored = v.db.prepare(`SELECT v.rule_key, t.id AS test FROM violations v JOIN drug_tests t ON t.person_id = v.person_id AND t.result = 'positive' AND t.date = '2026-02-25' WHERE v.person_id = ? AND v.severity = 'serious'`).get(there) as { rule_key: string; test: number };
    expect(stored.rule_key).toBe(`positive_test:t${String(stored.test)}`);
    expect(breachesOf(v.db, there)).toEqual([]);
    expect(v.db.prepare(`SELECT count(*) FROM violations WHERE rule_key = '不是键 DROP TABLE persons'`).pluck().get()).toBe(0);
    // In the station's block a key keeps naming the same row there (here: none, as at the station).
    const kept = v.db.prepare(`SELECT rule_key FROM violations WHERE person_id = ? AND severity = 'general'`).pluck().get(there) as string;
    expect(v.db.prepare('SELECT count(*) FROM drug_tests WHERE id = ?').pluck().get(Number(kept.slice('positive_test:t'.length)))).toBe(0);
    // The same bundle again changes nothing: the key is written as it was the first time.
    const before = blockDigest(v.db, stored.test - (stored.test % 2 ** 32));
    const again = await exportTo(s, registerSupervisor(s, v));
    await importFile(v, again.path);
    expect(blockDigest(v.db, stored.test - (stored.test % 2 ** 32))).toBe(before);

    // Transferred to another station: new ids there, the key follows them.
    const b = makeDb('JS-NJ-02', 'station');
    const bSheet = keySheet(b.ops);
    registerRecipient(s.ops, { name: 'JS-NJ-02 站', recipient: bSheet.recipient, fingerprint: bSheet.recipientFingerprint });
    const measureId = s.db.prepare('SELECT current_measure_id FROM persons WHERE id = ?').pluck().get(personId) as number;
    transitionMeasure(s.ops, measureTransitionSchema.parse({ measureId, action: 'transfer_out', date: AT, reason: '迁居外区', destination: 'JS-NJ-02 站' }));
    const moved = await exportBundle(s.ops, { kind: 'transfer', recipient: bSheet.recipient, personId, out: s.dir });
    const result = await importFile(b, moved.path, [keySheet(s.ops).fingerprint]);
    const newId = result.personId as number;
    expect(breachesOf(b.db, newId)).toEqual([]);
    // A key naming a row that did not come names nothing at the new station.
    expect(b.db.prepare(`SELECT rule_key FROM violations WHERE person_id = ? AND severity = 'general'`).pluck().get(newId)).toBeNull();
    const key = b.db.prepare(`SELECT rule_key FROM violations WHERE person_id = ? AND severity = 'serious'`).pluck().get(newId) as string;
    const test = b.db.prepare(`SELECT id FROM drug_tests WHERE person_id = ? AND result = 'positive' AND date = '2026-02-25'`).pluck().get(newId) as number;
    expect(key).toBe(`positive_test:t${String(test)}`);
  });
});

describe('transfer between stations (RR art. 22)', () => {
  it('moves one person with the whole history; the measure waits for report-in within 15 days and the term runs on', async () => {
    const a = makeDb('JS-NJ-01', 'station');
    const later = new Date('2026-03-05T02:00:00Z');
    const b = makeDb('JS-NJ-02', 'station', later);
    const [personId] = seed(a, 16) as [number];
    const measureId = a.db.prepare('SELECT current_measure_id FROM persons WHERE id = ?').pluck().get(personId) as number;
    const before = a.db.prepare('SELECT report_in_date, planned_end, delivery_date FROM measures WHERE id = ?').get(measureId) as Record<string, string>;
    const bSheet = keySheet(b.ops);
    registerRecipient(a.ops, { name: 'JS-NJ-02 站', recipient: bSheet.recipient, fingerprint: bSheet.recipientFingerprint });

    await expect(exportBundle(a.ops, { kind: 'transfer', recipient: bSheet.recipient, personId, out: a.dir })).rejects.toMatchObject({
      messageKey: 'errors.BUNDLE_TRANSFER_NOT_OUT',
    });
    transitionMeasure(a.ops, measureTransitionSchema.parse({ measureId, action: 'transfer_out', date: AT, reason: '迁居外区', destination: 'JS-NJ-02 站' }));
    const out = a.db.prepare('SELECT planned_end FROM measures WHERE id = ?').pluck().get(measureId);
    expect(out).toBe(before.planned_end);
    const aEvents = a.db.prepare('SELECT action FROM measure_events WHERE measure_id = ? ORDER BY id').pluck().all(measureId) as string[];
    const sent = await exportBundle(a.ops, { kind: 'transfer', recipient: bSheet.recipient, personId, out: a.dir });
    expect(sent.rows['persons.ndjson']).toBe(1);
    expect(listSent(a.ops)[0]).toMatchObject({ kind: 'transfer', personId, seq: 1 });

    const result = await importFile(b, sent.path, [keySheet(a.ops).fingerprint]);
    expect(result).toMatchObject({ outcome: 'accepted', kind: 'transfer', personId: expect.any(Number) });
    const newId = result.personId as number;
    const person = b.db.prepare('SELECT name, id_number, origin_station, staff_user_id, current_measure_id, photo_attachment_id FROM persons WHERE id = ?').get(newId) as Record<
      string,
      unknown
    >;
    expect(person).toMatchObject({ origin_station: null, staff_user_id: null });
    const measure = b.db.prepare('SELECT * FROM measures WHERE id = ?').get(person.current_measure_id) as Record<string, unknown>;
    // The decision's delivery date is kept (the new agreement prints it); the 15 days run from the change of place.
    expect(measure).toMatchObject({ status: 'pending_report', delivery_date: before.delivery_date, report_in_date: before.report_in_date, planned_end: before.planned_end, ended_on: null });
    const events = b.db.prepare('SELECT action, from_status, to_status, date, destination FROM measure_events WHERE measure_id = ? ORDER BY id').all(measure.id) as Record<string, unknown>[];
    expect(events.map((e) => e.action)).toEqual([...aEvents, 'transfer_in']);
    expect(aEvents.slice(0, 2)).toEqual(['register', 'report_in']);
    expect(aEvents.at(-1)).toBe('transfer_out');
    // Dated the day the place changed, not the day the file arrived (3 March): see the report-in below.
    expect(events.at(-1)).toEqual({ action: 'transfer_in', from_status: 'transferred_out', to_status: 'pending_report', date: AT, destination: 'JS-NJ-01 测试站（JS-NJ-01）' });
    for (const table of ['drug_tests', 'contacts', 'leaves', 'absences', 'violations', 'attachments']) {
      expect(b.db.prepare(`SELECT count(*) FROM ${table} WHERE person_id = ?`).pluck().get(newId), table).toBe(
        a.db.prepare(`SELECT count(*) FROM ${table} WHERE person_id = ?`).pluck().get(personId),
      );
    }
    expect(b.db.prepare('SELECT count(*) FROM drug_tests WHERE measure_id = ?').pluck().get(measure.id)).toBe(
      a.db.prepare('SELECT count(*) FROM drug_tests WHERE measure_id = ?').pluck().get(measureId),
    );
    expect(person.photo_attachment_id).toBe(b.db.prepare(`SELECT id FROM attachments WHERE person_id = ? AND kind = 'photo'`).pluck().get(newId));
    // The receiving station's worklist asks for the report-in.
    const { alertsAsOf } = await import('../../electron/core/worklist/asOf');
    const { getSupervisionSettings } = await import('../../electron/core/kernel/supervisionSettings');
    const alerts = alertsAsOf(b.db, '2026-03-05', getSupervisionSettings(b.db)).filter((x) => x.personId === newId);
    const changeDay = AT.slice(0, 10);
    expect(alerts.find((x) => x.ruleId === 'report_in_due')).toMatchObject({ article: 'RR-22', facts: { from: changeDay, basis: 'transfer', deadline: addDays(changeDay, 15) } });
    const late = alertsAsOf(b.db, addDays(changeDay, 16), getSupervisionSettings(b.db)).filter((x) => x.personId === newId && x.ruleId === 'report_in_overdue');
    expect(late.map((x) => x.key)).toContain(`report_in_overdue:m${String(measure.id)}:${changeDay}`);
    expect(alertsAsOf(b.db, addDays(changeDay, 15), getSupervisionSettings(b.db)).filter((x) => x.personId === newId && x.key.endsWith(`:${changeDay}`)).map((x) => x.ruleId)).toEqual(['report_in_due']);
    // Report-in at the new station does not restart the term (RR art. 22). The person came on
    // 3 March, before the file arrived on the 5th: the report-in is entered with its own date.
    transitionMeasure(b.ops, measureTransitionSchema.parse({ measureId: measure.id, action: 'report_in', date: '2026-03-03' }));
    expect(b.db.prepare('SELECT status, report_in_date, planned_end FROM measures WHERE id = ?').get(measure.id)).toEqual({
      status: 'active',
      report_in_date: before.report_in_date,
      planned_end: before.planned_end,
    });
    expect(alertsAsOf(b.db, '2026-04-01', getSupervisionSettings(b.db)).filter((x) => x.personId === newId && x.ruleId.startsWith('report_in'))).toEqual([]);
    // The 报到登记表 prints this station's report-in against its own 15 days, and the first one beside it.
    const { reportInBody } = await import('../../electron/core/print/documents/reportIn');
    const form = String(reportInBody(b.db, measure.id as number, '2026-03-05').body).replace(/<span class="nowrap">([^<]*)<\/span>/g, '$1');
    expect(form).toContain('<td class="label">实际报到日期</td><td>2026-03-03</td>');
    expect(form).toContain('<td class="label">报到情况</td><td>按期报到</td>');
    expect(form).toContain(`<td class="label">变更执行地日期</td><td>${AT}</td>`);
    expect(form).toContain(`<td class="label">首次报到日期（期限起算）</td><td>${before.report_in_date}</td>`);
    // The new agreement (RR art. 22) says the person reported in here on 3 March; the term still
    // counts from the first report-in; it is signed on or after the report-in here.
    const { generateAgreement, signAgreement } = await import('../../electron/core/agreements/service');
    const drafted = generateAgreement(b.ops, measure.id as number);
    expect(drafted.text).toContain('已于 2026-03-03 报到');
    expect(drafted.text).toContain(`自 ${before.report_in_date} 起`);
    expect(() => signAgreement(b.ops, drafted.id, '2026-03-02')).toThrow(expect.objectContaining({ fields: { signedOn: 'validation.signedBeforeReportIn' } }));
    expect(signAgreement(b.ops, drafted.id, '2026-03-04').status).toBe('signed');

    // The same person sent again (a new bundle) is refused: one file per ID number.
    const again = await exportBundle(a.ops, { kind: 'transfer', recipient: bSheet.recipient, personId, out: join(a.dir, 'again.haven') });
    const digestBefore = digest(b.db);
    expectRefused(await importFile(b, again.path), 'BUNDLE_PERSON_EXISTS');
    expect(digest(b.db)).toBe(digestBefore);

    // A station takes transfers only; a supervisor takes no transfer.
    registerSupervisor(a, b);
    const full = await exportTo(a, bSheet.recipient, 'full');
    expectRefused(await importFile(b, full.path), 'BUNDLE_WRONG_KIND');
    const v = makeDb('SUP-01', 'supervisor');
    const vRecipient = registerSupervisor(a, v);
    const toSupervisor = await exportBundle(a.ops, { kind: 'transfer', recipient: vRecipient, personId, out: join(a.dir, 'v.haven') });
    expectRefused(await importFile(v, toSupervisor.path, [keySheet(a.ops).fingerprint]), 'BUNDLE_WRONG_KIND');
    await expect(exportBundle(v.ops, { kind: 'full', recipient: bSheet.recipient, out: v.dir })).rejects.toMatchObject({ messageKey: 'errors.BUNDLE_NOT_A_STATION' });
  });

  it('an ID number arrives only as the forms write it: one with a space or a small x is refused, nothing changed', async () => {
    const a = makeDb('JS-NJ-01', 'station');
    const b = makeDb('JS-NJ-02', 'station');
    const [personId] = seed(a, 8) as [number];
    const measureId = a.db.prepare('SELECT current_measure_id FROM persons WHERE id = ?').pluck().get(personId) as number;
    transitionMeasure(a.ops, measureTransitionSchema.parse({ measureId, action: 'transfer_out', date: AT, reason: '迁居外区', destination: 'JS-NJ-02 站' }));
    const bSheet = keySheet(b.ops);
    registerRecipient(a.ops, { name: 'JS-NJ-02 站', recipient: bSheet.recipient, fingerprint: bSheet.recipientFingerprint });
    const first = await exportBundle(a.ops, { kind: 'transfer', recipient: bSheet.recipient, personId, out: join(a.dir, '1.haven') });
    expect((await importFile(b, first.path, [keySheet(a.ops).fingerprint])).outcome).toBe('accepted');

    // The sending station's row holds the same number with a stray space (a hand-edited or older row).
    a.db.prepare(`UPDATE persons SET id_number = ' ' || id_number WHERE id = ?`).run(personId);
    const second = await exportBundle(a.ops, { kind: 'transfer', recipient: bSheet.recipient, personId, out: join(a.dir, '2.haven') });
    const before = digest(b.db);
    const refused = await importFile(b, second.path);
    expectRefused(refused, 'BUNDLE_INVALID_FIELD');
    expect(refused.params).toMatchObject({ file: 'persons.ndjson', field: 'id_number' });
    expect(digest(b.db)).toBe(before);
    expect(b.db.prepare('SELECT count(*) FROM persons').pluck().get()).toBe(1);

    // A full bundle (its rows checked as bytes at the supervisor): the same, and a small x too.
    const v = makeDb('SUP-01', 'supervisor');
    const vRecipient = registerSupervisor(a, v);
    const vBefore = digest(v.db);
    const spaced = await importFile(v, (await exportTo(a, vRecipient, 'full')).path, [keySheet(a.ops).fingerprint]);
    expectRefused(spaced, 'BUNDLE_INVALID_FIELD');
    expect(spaced.params).toMatchObject({ file: 'persons.ndjson', field: 'id_number' });
    const withX = Array.from({ length: 200 }, (_, i) => composeIdNumber('320102', '1990-01-01', i)).find((n) => n.endsWith('X')) as string;
    a.db.prepare('UPDATE persons SET id_number = ? WHERE id = ?').run(withX.toLowerCase(), personId);
    const lower = await importFile(v, (await exportTo(a, vRecipient, 'full')).path, [keySheet(a.ops).fingerprint]);
    expectRefused(lower, 'BUNDLE_INVALID_FIELD');
    expect(lower.params).toMatchObject({ file: 'persons.ndjson', field: 'id_number' });
    expect(digest(v.db)).toBe(vBefore);
    // As the forms write it, it goes through.
    a.db.prepare('UPDATE persons SET id_number = ? WHERE id = ?').run(withX, personId);
    expect((await importFile(v, (await exportTo(a, vRecipient, 'full')).path, [keySheet(a.ops).fingerprint])).outcome).toBe('accepted');
  });
});

/** A station and a supervisor that already trusts it (bundle 1 imported). */
async function trusted() {
  const s = makeDb('JS-NJ-01', 'station');
  const v = makeDb('SUP-01', 'supervisor');
  seed(s, 5);
  const recipient = registerSupervisor(s, v);
  const first = await exportTo(s, recipient, 'full');
  expect((await importFile(v, first.path, [keySheet(s.ops).fingerprint])).outcome).toBe('accepted');
  return { s, v, recipient, key: ownKeys(s.ops).signing };
}

interface Tamper {
  /** Change the decrypted payload's entries (name → bytes). */
  entries?: (entries: Map<string, Buffer>) => void;
  /** Change the manifest object. */
  manifest?: (manifest: Record<string, unknown>) => void;
  /** Sign the (changed) manifest with this key; by default the original signature stays. */
  manifestKey?: SigningSecretKey;
  /** Sign the outer file with this key (default: the station's). */
  outerKey?: SigningSecretKey;
  /** Raw payload ZIP instead of one built from the entries. */
  payloadZip?: (entries: Map<string, Buffer>, createdAt: string) => Buffer;
  /** Change the outer trusted comment (signed again by the outer key). */
  comment?: (comment: string) => string;
  /** Another station name in the outer README.txt (which no signature covers by itself). */
  readmeStationName?: string;
}

/** Decrypts a real bundle, changes its payload, encrypts it to the same recipient and signs it again. */
async function tamper(bundle: Buffer, v: Ctx, key: SigningSecretKey, change: Tamper): Promise<Buffer> {
  const outer = await readOuter(bundle);
  const header = outer.claimed;
  const comment = parseSignature(outer.signatureText)!.trustedComment;
  const payload = await decryptWith(ownKeys(v.ops).identity, outer.payloadAge);
  const entries = await readZip(payload, { allowed: () => true, limits: DEFAULT_ZIP_LIMITS });
  if (change.manifest) {
    const manifest = JSON.parse((entries.get(MANIFEST) as Buffer).toString('utf8')) as Record<string, unknown>;
    change.manifest(manifest);
    entries.set(MANIFEST, manifestBytes(manifest as never));
  }
  change.entries?.(entries);
  if (change.manifestKey) {
    entries.set(MANIFEST_SIG, Buffer.from(signPrehashed(change.manifestKey, entries.get(MANIFEST) as Buffer, change.comment?.(comment) ?? comment, 'tampered')));
  }
  const zip = change.payloadZip
    ? change.payloadZip(entries, header.createdAt)
    : writeZip([...entries].map(([name, data]) => ({ name, data })), { compress: true, modified: new Date(header.createdAt) });
  const payloadAge = await encryptTo([ownKeys(v.ops).recipient], zip);
  return assembleOuter(header, change.comment?.(comment) ?? comment, change.readmeStationName ?? 'JS-NJ-01 测试站', change.outerKey ?? key, payloadAge);
}

/** Replaces one NDJSON file and fixes its hash and count in the manifest. */
function replaceFile(entries: Map<string, Buffer>, name: string, data: Buffer, rows: number): void {
  entries.set(name, data);
  const manifest = JSON.parse((entries.get(MANIFEST) as Buffer).toString('utf8')) as { files: { name: string; sha256: string; rows: number }[] };
  for (const f of manifest.files) if (f.name === name) Object.assign(f, { sha256: sha256(data), rows });
  entries.set(MANIFEST, manifestBytes(manifest as never));
}

/** What damage to the outer file can be refused as (before anything is decrypted). */
const OUTER_REASONS = ['BUNDLE_UNREADABLE', 'BUNDLE_BAD_SIGNATURE', 'BUNDLE_BAD_ENTRIES', 'BUNDLE_UNKNOWN_VERSION', 'BUNDLE_TOO_LARGE'];

describe('refusals change nothing', () => {
  it('every flipped byte and every truncation of a bundle is refused before anything is trusted', async () => {
    const { s, v, recipient, key } = await trusted();
    const b = readFileSync((await exportTo(s, recipient, 'stats')).path);
    expect(verifyOuter(await readOuter(b), key)).toMatchObject({ station: 'JS-NJ-01', kind: 'stats', seq: 2 });
    const refusedReasons = new Set<string>();
    const check = async (bytes: Buffer) => {
      try {
        verifyOuter(await readOuter(bytes), key);
      } catch (error) {
        refusedReasons.add((error as { reason: string }).reason);
        return;
      }
      throw new Error('accepted a damaged bundle');
    };
    for (let i = 0; i < b.length; i++) {
      const flipped = Buffer.from(b);
      flipped[i] = (flipped[i] as number) ^ (1 << i % 8);
      await check(flipped);
    }
    for (let n = 0; n < b.length; n++) await check(b.subarray(0, n));
    await check(Buffer.concat([b, Buffer.from([0])]));
    await check(Buffer.concat([Buffer.from([0]), b]));
    expect(refusedReasons.has('BUNDLE_UNREADABLE')).toBe(true);
    expect([...refusedReasons].filter((r) => !OUTER_REASONS.includes(r))).toEqual([]);

    // Through the whole import: a spread of positions, every one refused, the database unchanged.
    const before = digest(v.db);
    const positions = [0, 4, 30, 60, 200, b.length - 300, b.length - 120, b.length - 60, b.length - 22, b.length - 10, b.length - 1];
    for (let k = 1; k < 12; k++) positions.push(Math.floor((b.length * k) / 12));
    for (const i of positions) {
      const flipped = Buffer.from(b);
      flipped[i] = (flipped[i] as number) ^ 0xff;
      expectRefused(await importBundle(v.ops, `flip-${i}.haven`, flipped), ...OUTER_REASONS);
    }
    for (const n of [0, 1, 22, 100, Math.floor(b.length / 2), b.length - 1]) expectRefused(await importBundle(v.ops, `cut-${n}.haven`, b.subarray(0, n)), 'BUNDLE_UNREADABLE');
    expect(digest(v.db)).toBe(before);
    expect(listBundleLog(v.ops).filter((e) => e.outcome === 'refused')).toHaveLength(positions.length + 6);
    // The intact bundle still imports afterwards.
    expect((await importBundle(v.ops, 'ok.haven', b)).outcome).toBe('accepted');
  });

  it('wrong recipient, unknown station, wrong fingerprint, another key for a known station, own bundle: refused, nothing changed', async () => {
    const { s, v, recipient } = await trusted();
    const before = digest(v.db);

    // Numbered in the other recipient's sequence: the second is not stale here, only not ours.
    const other = generateAgeIdentity();
    registerRecipient(s.ops, { name: '别人', recipient: other.recipient, fingerprint: recipientFingerprint(other.recipient) });
    // (The file name does not name the recipient: another folder, as the station would use.)
    const elsewhere = tempDir();
    await exportBundle(s.ops, { kind: 'stats', recipient: other.recipient, out: elsewhere });
    expectRefused(await importFile(v, (await exportBundle(s.ops, { kind: 'stats', recipient: other.recipient, out: elsewhere })).path), 'BUNDLE_NOT_FOR_US');

    const s2 = makeDb('JS-NJ-09', 'station');
    seed(s2, 2);
    const b2 = await exportTo(s2, registerSupervisor(s2, v), 'full');
    const unknown = await importFile(v, b2.path);
    expectRefused(unknown, 'BUNDLE_UNKNOWN_STATION');
    expect(unknown.params.fingerprint).toBe(keySheet(s2.ops).fingerprint);
    expectRefused(await importFile(v, b2.path, [keySheet(s.ops).fingerprint]), 'BUNDLE_FINGERPRINT_MISMATCH');

    // Another database calling itself JS-NJ-01 (or the station reinstalled): its key is not the registered one.
    const impostor = makeDb('JS-NJ-01', 'station');
    seed(impostor, 2);
    const fake = await exportTo(impostor, registerSupervisor(impostor, v), 'full');
    const mismatch = await importFile(v, fake.path);
    expectRefused(mismatch, 'BUNDLE_STATION_KEY_MISMATCH');
    expect(mismatch.params.fingerprint).toBe(keySheet(impostor.ops).fingerprint);

    const own = makeDb('SUP-01', 'station');
    const ownBundle = await exportTo(own, registerSupervisor(own, v), 'stats');
    expectRefused(await importFile(v, ownBundle.path), 'BUNDLE_OWN_STATION');
    expect(digest(v.db)).toBe(before);

    // Confirming the new fingerprint the way a new station is confirmed does not replace a registered station's key.
    expectRefused(await importFile(v, fake.path, [keySheet(impostor.ops).fingerprint]), 'BUNDLE_STATION_KEY_MISMATCH');
    // The explicit replacement with the wrong fingerprint (the old key sheet's) is refused too.
    const newFp = keySheet(impostor.ops).fingerprint;
    expectRefused(await importFile(v, fake.path, [], [{ code: 'JS-NJ-01', fingerprint: keySheet(s.ops).fingerprint, reason: '重新安装', restartNumbering: true }]), 'BUNDLE_FINGERPRINT_MISMATCH');
    // Without restarting the numbering, the reinstalled station's bundle no. 1 is stale: nothing is reset silently.
    expectRefused(await importFile(v, fake.path, [], [{ code: 'JS-NJ-01', fingerprint: newFp, reason: '重新安装', restartNumbering: false }]), 'BUNDLE_STALE');
    expect(digest(v.db)).toBe(before);

    // A station really reinstalled: the admin replaces its key, compared with the new key sheet, and says its numbers start again.
    const replaced = await importFile(v, fake.path, [], [{ code: 'JS-NJ-01', fingerprint: newFp, reason: '该站电脑更换后重新安装', restartNumbering: true }]);
    expect(replaced).toMatchObject({ outcome: 'accepted', seq: 1 });
    expect(replaced.warnings.map((w) => w.code)).toEqual(['BUNDLE_STATION_KEY_REPLACED_RESTARTED']);
    const event = v.db.prepare(`SELECT details FROM audit_events WHERE action = 'bundles.stationKeyReplaced'`).pluck().get() as string;
    expect(JSON.parse(event)).toMatchObject({ oldFingerprint: keySheet(s.ops).fingerprint, newFingerprint: newFp, reason: '该站电脑更换后重新安装', restartNumbering: true });
    expectRefused(await importFile(v, (await exportTo(s, recipient, 'stats')).path), 'BUNDLE_STATION_KEY_MISMATCH');
  });

  it("one station's key registers no second station code, neither confirmed as new nor as a replacement", async () => {
    const v = makeDb('SUP-01', 'supervisor');
    const x = makeDb('JS-NJ-01', 'station');
    const y = makeDb('JS-NJ-02', 'station');
    const z = makeDb('JS-NJ-03', 'station');
    const takeKeyOf = (from: Ctx, to: Ctx) => {
      const k = from.db.prepare('SELECT sign_key_id, sign_public_key, sign_secret_key FROM crypto_keys').get() as Record<string, unknown>;
      to.db.prepare('UPDATE crypto_keys SET sign_key_id = ?, sign_public_key = ?, sign_secret_key = ?').run(k.sign_key_id, k.sign_public_key, k.sign_secret_key);
    };
    // Y's bundle signed with X's key: X calling itself JS-NJ-02 too. The one fingerprint confirmed covers both files.
    takeKeyOf(x, y);
    const xRecipient = registerSupervisor(x, v);
    const bx = await exportTo(x, xRecipient, 'stats');
    const by = await exportTo(y, registerSupervisor(y, v), 'stats');
    const results = await importBundleFiles(v.ops, [bx.path, by.path], { confirmFingerprints: [keySheet(x.ops).fingerprint] });
    expect(results.map((r) => [r.file, r.outcome, r.reason])).toEqual([
      [bx.fileName, 'accepted', null],
      [by.fileName, 'refused', 'BUNDLE_KEY_OF_OTHER_STATION'],
    ]);
    expect(results[1]?.params).toEqual({ code: 'JS-NJ-02', other: 'JS-NJ-01' });
    expect(translate('zh-CN', 'errors.BUNDLE_KEY_OF_OTHER_STATION', results[1]?.params)).toContain('JS-NJ-01');
    expect(listStations(v.ops).map((s) => s.code)).toEqual(['JS-NJ-01']);

    // A registered station's key "replaced" by X's: refused the same way.
    const zRecipient = registerSupervisor(z, v);
    expect(await importFile(v, (await exportTo(z, zRecipient, 'stats')).path, [keySheet(z.ops).fingerprint])).toMatchObject({ outcome: 'accepted' });
    takeKeyOf(x, z);
    const before = digest(v.db);
    const replaced = await importFile(v, (await exportTo(z, zRecipient, 'stats')).path, [], [{ code: 'JS-NJ-03', fingerprint: keySheet(x.ops).fingerprint, reason: '更换密钥', restartNumbering: false }]);
    expectRefused(replaced, 'BUNDLE_KEY_OF_OTHER_STATION');
    expect(replaced.params).toEqual({ code: 'JS-NJ-03', other: 'JS-NJ-01' });
    expect(digest(v.db)).toBe(before);
    // X's own bundles still import.
    expect(await importFile(v, (await exportTo(x, xRecipient, 'stats')).path)).toMatchObject({ outcome: 'accepted', station: 'JS-NJ-01', seq: 2 });
  });

  it('a station that replaced its key but kept its data: the numbering continues after the replacement', async () => {
    const { s, v, recipient } = await trusted();
    expect((await importFile(v, (await exportTo(s, recipient, 'stats')).path)).outcome).toBe('accepted');
    // Same station code, new signing key, its own numbering carried on (here: a new database numbered past the old).
    const rekeyed = makeDb('JS-NJ-01', 'station');
    seed(rekeyed, 2);
    const toSupervisor = registerSupervisor(rekeyed, v);
    rekeyed.db.prepare('UPDATE bundle_recipients SET next_seq = 3 WHERE recipient = ?').run(toSupervisor);
    const third = await exportTo(rekeyed, toSupervisor, 'stats');
    const result = await importFile(v, third.path, [], [{ code: 'JS-NJ-01', fingerprint: keySheet(rekeyed.ops).fingerprint, reason: '更换密钥', restartNumbering: false }]);
    expect(result).toMatchObject({ outcome: 'accepted', seq: 3 });
    // (A new database here, so neither its chain of bundles nor its audit log continues the old one's: both said.)
    expect(result.warnings.map((w) => w.code)).toEqual(['BUNDLE_STATION_KEY_REPLACED', 'BUNDLE_CHAIN_MISMATCH', expect.stringMatching(/^BUNDLE_AUDIT_/)]);
    expect(v.db.prepare(`SELECT last_seq FROM stations WHERE code = 'JS-NJ-01'`).pluck().get()).toBe(3);
  });

  it('inner tampering: manifest, files, counts, versions, other keys: refused, nothing changed', async () => {
    const { s, v, recipient, key } = await trusted();
    const before = digest(v.db);
    const attacker = generateSigningKey();
    const base = async () => readFileSync((await exportTo(s, recipient, 'full')).path);
    const cases: [string, Tamper, string][] = [
      ['manifest changed, old signature', { manifest: (m) => ((m.files as { rows: number }[])[0]!.rows += 1) }, 'BUNDLE_MANIFEST_SIGNATURE'],
      ['manifest signed by another key', { manifest: (m) => (m.createdBy = 'x'), manifestKey: attacker }, 'BUNDLE_MANIFEST_SIGNATURE'],
      [
        'a person changed, manifest untouched',
        { entries: (e) => e.set('persons.0001.ndjson', Buffer.from((e.get('persons.0001.ndjson') as Buffer).toString().replace(/"name":"[^"]+"/, '"name":"某某"'))) },
        'BUNDLE_FILE_HASH',
      ],
      [
        'a row dropped, hash fixed, count not',
        {
          entries: (e) => {
            const data = e.get('drug_tests.0001.ndjson') as Buffer;
            e.set('drug_tests.0001.ndjson', data.subarray(data.indexOf(10) + 1));
            const m = JSON.parse((e.get(MANIFEST) as Buffer).toString()) as { files: { name: string; sha256: string }[] };
            for (const f of m.files) if (f.name === 'drug_tests.0001.ndjson') f.sha256 = sha256(e.get('drug_tests.0001.ndjson') as Buffer);
            e.set(MANIFEST, manifestBytes(m as never));
          },
          manifestKey: undefined,
        },
        'BUNDLE_MANIFEST_SIGNATURE',
      ],
      ['manifest says another kind', { manifest: (m) => (m.kind = 'stats'), manifestKey: undefined }, 'BUNDLE_MANIFEST_SIGNATURE'],
      ['unknown manifest version', { manifest: (m) => (m.version = 3) }, 'BUNDLE_MANIFEST_SIGNATURE'],
      ['an extra entry', { entries: (e) => e.set('notes.txt', Buffer.from('x')) }, 'BUNDLE_BAD_ENTRIES'],
      ['an unlisted table file', { entries: (e) => e.set('extra.ndjson', Buffer.from('')) }, 'BUNDLE_BAD_ENTRIES'],
      ['manifest signature missing', { entries: (e) => e.delete(MANIFEST_SIG) }, 'BUNDLE_BAD_ENTRIES'],
      ['outer signed by another key', { outerKey: attacker }, 'BUNDLE_STATION_KEY_MISMATCH'],
      // README.txt is outside the outer signature; the signed manifest names its SHA-256.
      ['README.txt rewritten', { readmeStationName: '某个冒名的工作站' }, 'BUNDLE_MANIFEST_MISMATCH'],
    ];
    // The same changes with the manifest properly re-signed by the station reach the deeper checks.
    const signed: [string, Tamper, string][] = [
      ['count wrong, signed', { manifest: (m) => ((m.files as { name: string; rows: number }[]).find((f) => f.name === 'contacts.0001.ndjson')!.rows += 1), manifestKey: key }, 'BUNDLE_ROW_COUNT'],
      ['kind differs from the outer comment, signed', { manifest: (m) => (m.kind = 'stats'), manifestKey: key }, 'BUNDLE_MANIFEST_MISMATCH'],
      ['version 3, signed', { manifest: (m) => (m.version = 3), manifestKey: key }, 'BUNDLE_UNKNOWN_VERSION'],
      ['manifest names another schema than the trusted comment, signed', { manifest: (m) => (m.schemaVersion = 999), manifestKey: key }, 'BUNDLE_MANIFEST_MISMATCH'],
      // A newer schema is named in the signed trusted comment: refused before anything is decrypted.
      ['newer schema, signed', { comment: (c) => c.replace(/schema=\d+$/, 'schema=999'), manifestKey: key }, 'BUNDLE_SCHEMA_TOO_NEW'],
      [
        'parts out of order, signed',
        {
          payloadZip: (entries, createdAt) => {
            const list = [...entries];
            // contacts (a later table) straight after persons: measures then comes out of order.
            const contacts = list.findIndex(([n]) => n === 'contacts.0001.ndjson');
            const [moved] = list.splice(contacts, 1);
            list.splice(1, 0, moved!);
            return writeZip(list.map(([name, data]) => ({ name, data })), { compress: true, modified: new Date(createdAt) });
          },
        },
        'BUNDLE_BAD_ENTRIES',
      ],
      ['not JSON, signed', { entries: (e) => e.set(MANIFEST, Buffer.from('{"format":')), manifestKey: key }, 'BUNDLE_MANIFEST_INVALID'],
      [
        'a row breaking a CHECK, hash and count fixed, signed',
        {
          entries: (e) => {
            const text = (e.get('measures.0001.ndjson') as Buffer).toString().replace(/"status":"[a-z_]+"/, '"status":"escaped"');
            replaceFile(e, 'measures.0001.ndjson', Buffer.from(text), text.split('\n').length - 1);
          },
          manifestKey: key,
        },
        'BUNDLE_INVALID_ROWS',
      ],
      ...(
        [
          ['an ID number with a wrong check digit', (t: string) => t.replace(/"id_number":"(\d{17})(\w)"/, (_m, a: string, c: string) => `"id_number":"${a}${c === '0' ? '1' : '0'}"`)],
          ['a birth date that is no date', (t: string) => t.replace(/"birth_date":"[^"]+"/, '"birth_date":"not-a-date"')],
          ['a name of 30,000 characters', (t: string) => t.replace(/"name":"[^"]+"/, `"name":"${'张'.repeat(30_000)}"`)],
        ] as const
      ).map(
        ([name, edit]) =>
          [
            `${name}, signed`,
            {
              entries: (e: Map<string, Buffer>) => {
                const text = edit((e.get('persons.0001.ndjson') as Buffer).toString());
                replaceFile(e, 'persons.0001.ndjson', Buffer.from(text), text.split('\n').length - 1);
              },
              manifestKey: key,
            },
            'BUNDLE_INVALID_FIELD',
          ] as [string, Tamper, string],
      ),
      [
        'a column this database does not have, signed',
        {
          entries: (e) => {
            const text = (e.get('contacts.0001.ndjson') as Buffer).toString().replace(/^\{/, '{"drop table persons":1,');
            replaceFile(e, 'contacts.0001.ndjson', Buffer.from(text), text.split('\n').length - 1);
          },
          manifestKey: key,
        },
        'BUNDLE_INVALID_ROWS',
      ],
    ];
    for (const [name, change, reason] of [...cases, ...signed]) {
      const result = await importBundle(v.ops, `${name}.haven`, await tamper(await base(), v, key, change));
      expect(result.reason, name).toBe(reason);
      expect(digest(v.db), name).toBe(before);
    }
    // The refusal names the table, the row and the field.
    const badId = await importBundle(
      v.ops,
      'bad-id.haven',
      await tamper(await base(), v, key, {
        entries: (e) => {
          const text = (e.get('persons.0001.ndjson') as Buffer).toString().replace(/"birth_date":"[^"]+"/, '"birth_date":"2026-02-30"');
          replaceFile(e, 'persons.0001.ndjson', Buffer.from(text), text.split('\n').length - 1);
        },
        manifestKey: key,
      }),
    );
    expect(badId).toMatchObject({ reason: 'BUNDLE_INVALID_FIELD', params: { file: 'persons.ndjson', line: 1, field: 'birth_date' } });
    // The snapshot bundle 1 left is intact; a genuine bundle still imports over it.
    expect(counts(v.db)).toEqual(counts(s.db));
    expect((await importFile(v, (await exportTo(s, recipient, 'full')).path)).outcome).toBe('accepted');
  });

  it('zip bombs, oversize entries, too many entries, unsafe names, unknown trusted-comment version: refused', async () => {
    const { s, v, recipient, key } = await trusted();
    const before = digest(v.db);
    const limits = { maxEntries: 64, maxEntryBytes: 1024 * 1024, maxTotalBytes: 2 * 1024 * 1024 };
    const big = Buffer.alloc(5 * 1024 * 1024, 0x20);
    const run = async (name: string, change: Tamper, ...reasons: string[]) => {
      const bundle = await tamper(readFileSync((await exportTo(s, recipient, 'full')).path), v, key, change);
      const result = await importBundle(v.ops, `${name}.haven`, bundle, { limits: name === 'too many entries' ? { ...limits, maxEntries: 5 } : limits });
      expect(reasons, `${name}: ${result.reason}`).toContain(result.reason);
      expect(digest(v.db), name).toBe(before);
    };
    // 5 MiB of spaces deflate to a few KiB: refused on the declared size.
    await run('declared oversize', { entries: (e) => replaceFile(e, 'contacts.0001.ndjson', big, 0), manifestKey: key }, 'BUNDLE_TOO_LARGE');
    // The same entry declaring 100 bytes: refused while inflating.
    await run(
      'lying size',
      {
        payloadZip: (entries, createdAt) => {
          const zip = writeZip([{ name: 'contacts.0001.ndjson', data: big }, ...[...entries].filter(([n]) => n !== 'contacts.0001.ndjson').map(([name, data]) => ({ name, data }))], {
            compress: true,
            modified: new Date(createdAt),
          });
          zip.writeUInt32LE(100, 22);
          zip.writeUInt32LE(100, zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 24);
          return zip;
        },
      },
      'BUNDLE_TOO_LARGE',
      'BUNDLE_UNREADABLE',
    );
    await run('too many entries', {}, 'BUNDLE_TOO_LARGE');
    // Real rows padded with JSON whitespace, 900 KiB per part: the third part passes the total.
    const pad = (e: Map<string, Buffer>, name: string) => {
      const text = (e.get(name) as Buffer).toString('utf8');
      replaceFile(e, name, Buffer.from(text.replace(/\n$/, `${' '.repeat(900 * 1024)}\n`)), text.split('\n').length - 1);
    };
    await run('total too large', { entries: (e) => ['contacts', 'leaves', 'absences'].forEach((t) => pad(e, `${t}.0001.ndjson`)), manifestKey: key }, 'BUNDLE_TOO_LARGE');
    for (const unsafe of ['../persons.ndjson', '/etc/passwd', 'a/b.ndjson', 'C:\\x.ndjson']) {
      await run(unsafe, { payloadZip: (entries, createdAt) => writeZip([...[...entries].map(([name, data]) => ({ name, data })), { name: unsafe, data: Buffer.from('x') }], { compress: true, modified: new Date(createdAt) }) }, 'BUNDLE_BAD_ENTRIES', 'BUNDLE_UNREADABLE');
    }
    await run(
      'duplicate names',
      { payloadZip: (entries, createdAt) => writeZip([...[...entries].map(([name, data]) => ({ name, data })), { name: 'persons.0001.ndjson', data: Buffer.from('') }], { compress: true, modified: new Date(createdAt) }) },
      'BUNDLE_BAD_ENTRIES',
    );
    // The outer file over the limit is refused before it is parsed.
    const whole = readFileSync((await exportTo(s, recipient, 'full')).path);
    expectRefused(await importBundle(v.ops, 'huge.haven', whole, { limits: { maxTotalBytes: 1000 } }), 'BUNDLE_TOO_LARGE');

    // A trusted comment of an unknown version, properly signed.
    const outer = await readOuter(whole);
    const comment = parseSignature(outer.signatureText)!.trustedComment.replace('haven-bundle/2', 'haven-bundle/3');
    const sig = signPrehashed(key, outer.payloadAge, comment, 'x');
    const forged = writeZip(
      [
        { name: 'payload.age', data: outer.payloadAge },
        { name: 'payload.age.minisig', data: Buffer.from(sig) },
        { name: 'station.pub', data: Buffer.from(publicKeyFile(key)) },
        { name: 'README.txt', data: Buffer.from('x') },
      ],
      { compress: false, modified: new Date(outer.claimed.createdAt) },
    );
    const v3 = await importBundle(v.ops, 'v3.haven', forged);
    expectRefused(v3, 'BUNDLE_UNKNOWN_VERSION');
    expect(v3.params).toEqual({ version: '3' });
    expect(digest(v.db)).toBe(before);
  });
});

describe("a station's audit chain anchored in its bundles", () => {
  /** A key holder's rewrite at the station: lift the triggers, change an event, recompute every link with the chain's key. */
  function rewriteAuditLog(db: Ctx['db'], change: string): void {
    const triggers = db.prepare(`SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_events'`).pluck().all() as string[];
    db.exec('DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete;');
    db.exec(change);
    const key = Buffer.from(db.prepare(`SELECT value FROM meta WHERE key = 'auditKey'`).pluck().get() as string, 'hex');
    const rows = db.prepare('SELECT * FROM audit_events ORDER BY id').all() as Record<string, string | number | null>[];
    let prev = '0'.repeat(64);
    const update = db.prepare('UPDATE audit_events SET prev_hash = ?, hash = ? WHERE id = ?');
    for (const r of rows) {
      const text = JSON.stringify([prev, r.at, r.actor_user_id, r.actor_username, r.action, r.entity, r.entity_id, r.details]);
      const hash = createHmac('sha256', key).update(text).digest('hex');
      update.run(prev, `tmp-${r.id}`, r.id);
      update.run(prev, hash, r.id);
      prev = hash;
    }
    for (const sql of triggers) db.exec(sql);
    expect(verifyAuditChain(db).ok).toBe(true);
  }

  it('a chain that extends the last one passes; a rewritten one is imported but flagged on the station and in the log', async () => {
    const { s, v, recipient } = await trusted();
    const first = listStations(v.ops).find((x) => x.code === 'JS-NJ-01')!;
    expect(first.auditEvents).toBeGreaterThan(0);
    expect(first.auditFlag).toBeNull();

    const next = await importFile(v, (await exportTo(s, recipient, 'stats')).path);
    expect(next.outcome).toBe('accepted');
    expect(next.warnings.filter((w) => w.code.startsWith('BUNDLE_AUDIT'))).toEqual([]);

    // Someone with the master key edits an early event and recomputes the whole chain: it holds at the station…
    rewriteAuditLog(s.db, `UPDATE audit_events SET actor_username = 'someone' WHERE id = 2`);
    const third = await importFile(v, (await exportTo(s, recipient, 'stats')).path);
    // …but the supervisor still has the head it saw, and the station's link at that event is now another.
    expect(third.outcome).toBe('accepted');
    expect(third.warnings.map((w) => w.code)).toContain('BUNDLE_AUDIT_REWRITTEN');
    const flagged = listStations(v.ops).find((x) => x.code === 'JS-NJ-01')!;
    expect(flagged.auditFlag).toBe('rewritten');
    expect(v.db.prepare(`SELECT count(*) FROM audit_events WHERE action = 'bundles.auditAnchorFlagged'`).pluck().get()).toBe(1);
  });

  it('a cut log is flagged as shorter, and the flag stays after later bundles', async () => {
    const { s, v, recipient } = await trusted();
    // The tail cut back to the first events: new events take the ids again (no counter keeps them apart, migration 0010).
    rewriteAuditLog(s.db, `DELETE FROM audit_events WHERE id > 3`);
    const cut = await importFile(v, (await exportTo(s, recipient, 'stats')).path);
    expect(cut.warnings.map((w) => w.code)).toContain('BUNDLE_AUDIT_SHORTER');
    await importFile(v, (await exportTo(s, recipient, 'stats')).path);
    expect(listStations(v.ops).find((x) => x.code === 'JS-NJ-01')!.auditFlag).toBe('shorter');
  });
});
