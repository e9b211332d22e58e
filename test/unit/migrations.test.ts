import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { openDatabase } from '../../electron/core/kernel/db/database';
import { applyMigrations, SCHEMA_VERSION, schemaVersion } from '../../electron/core/kernel/db/migrate';
import { migrations } from '../../electron/core/kernel/db/migrations';
import { verifyAuditChain, writeAudit } from '../../electron/core/kernel/audit';
import { tempDir } from './support/tmp';

describe('migrations', () => {
  it('are numbered 1..N in order', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
    expect(SCHEMA_VERSION).toBe(migrations.length);
  });

  it('apply once, in order, and a second run changes nothing', () => {
    const key = randomBytes(32);
    const path = `${tempDir()}/m.db`;
    const db = openDatabase(path, key, { migrate: false });
    expect(schemaVersion(db)).toBe(0);
    expect(applyMigrations(db)).toBe(SCHEMA_VERSION);
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all();
    expect(applyMigrations(db)).toBe(SCHEMA_VERSION);
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all()).toEqual(tables);
    db.close();
  });

  it('stop at a chosen version (for data-migration tests)', () => {
    const db = openDatabase(`${tempDir()}/m.db`, randomBytes(32), { migrate: false });
    expect(applyMigrations(db, 1)).toBe(1);
    expect(schemaVersion(db)).toBe(1);
    db.close();
  });

  it('refuse a database written by a newer Haven', () => {
    const key = randomBytes(32);
    const path = `${tempDir()}/m.db`;
    const db = openDatabase(path, key);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => openDatabase(path, key)).toThrowError(expect.objectContaining({ code: 'DATABASE_TOO_NEW' }));
  });

  it('roll back entirely when one fails', () => {
    const db = openDatabase(`${tempDir()}/m.db`, randomBytes(32), { migrate: false });
    db.exec('CREATE TABLE users (id INTEGER PRIMARY KEY)'); // makes 0001 fail half-way
    expect(() => applyMigrations(db)).toThrow();
    expect(schemaVersion(db)).toBe(0);
    expect(db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name = 'meta'`).get()).toEqual({ n: 0 });
    db.close();
  });

  it('keep the audit log append-only', () => {
    const db = openDatabase(`${tempDir()}/m.db`, randomBytes(32));
    db.prepare(
      `INSERT INTO audit_events (at, action, prev_hash, hash) VALUES ('2026-01-01', 'x', '0', 'h1')`,
    ).run();
    expect(() => db.prepare(`UPDATE audit_events SET action = 'y'`).run()).toThrow(/append-only/);
    expect(() => db.prepare(`DELETE FROM audit_events`).run()).toThrow(/append-only/);
    db.close();
  });

  it('0007 keeps every drug test through the rebuild, adds a corrected 社区康复 template, and drops stored evaluations', () => {
    const db = openDatabase(`${tempDir()}/m.db`, randomBytes(32), { migrate: false });
    applyMigrations(db, 6);
    db.exec(`
      INSERT INTO persons (id, name, name_pinyin, name_initials, id_number, birth_date, gender, created_at, updated_at)
        VALUES (1, '张三', 'zhangsan', 'zs', '320102198805172311', '1988-05-17', 'male', '2026-01-01', '2026-01-01');
      INSERT INTO measures (id, person_id, kind, decision_number, decision_authority, decision_date, delivery_date, report_in_date, term_months, status, created_at, updated_at)
        VALUES (1, 1, 'community_detox', 'X1', '玄武分局', '2025-12-30', '2026-01-01', '2026-01-05', 36, 'active', '2026-01-01', '2026-01-01');
      INSERT INTO drug_tests (id, person_id, measure_id, date, sample, mode, result, substances, unannounced, tester, place, notes, created_at, created_by)
        VALUES (7, 1, 1, '2026-02-01', 'urine', 'lab', 'positive', '["heroin"]', 1, '李四', '站内', '复查', '2026-02-01T01:00:00Z', 'admin');
      INSERT INTO alert_state (person_id, evaluated_on, next_review_on) VALUES (1, '2026-02-01', NULL);
    `);
    const before = db.prepare(`SELECT count(*) FROM agreement_templates WHERE kind = 'community_rehab'`).pluck().get();
    expect(applyMigrations(db, 7)).toBe(7);
    expect(db.prepare('SELECT * FROM drug_tests').all()).toEqual([
      {
        id: 7, person_id: 1, measure_id: 1, date: '2026-02-01', sample: 'urine', mode: 'lab', result: 'positive', substances: '["heroin"]', unannounced: 1,
        tester: '李四', second_tester: '', collector_female: null, sample_a_number: '', sample_b_number: '', place: '站内', notes: '复查',
        created_at: '2026-02-01T01:00:00Z', created_by: 'admin',
      },
    ]);
    expect(() => db.prepare(`UPDATE drug_tests SET mode = 'retest' WHERE id = 7`).run()).not.toThrow();
    expect(() => db.prepare(`UPDATE drug_tests SET mode = 'guess' WHERE id = 7`).run()).toThrow(/CHECK/);
    expect(db.prepare(`SELECT count(*) FROM agreement_templates WHERE kind = 'community_rehab'`).pluck().get()).toBe((before as number) + 1);
    const latest = db.prepare(`SELECT version, body FROM agreement_templates WHERE kind = 'community_rehab' ORDER BY version DESC LIMIT 1`).get() as { version: number; body: string };
    expect(latest.version).toBe(2);
    expect(latest.body).not.toContain('第四十四条');
    expect(db.prepare('SELECT count(*) FROM alert_state').pluck().get()).toBe(0);
    // A 正当理由 names exactly one thing it answers.
    expect(() => db.prepare(`INSERT INTO good_reasons (person_id, subject, test_id, absence_id, reason, decided_by, decided_on, created_at) VALUES (1, 'test', 7, NULL, 'r', 'b', '2026-02-02', 'x')`).run()).not.toThrow();
    expect(() => db.prepare(`INSERT INTO good_reasons (person_id, subject, measure_id, reason, decided_by, decided_on, created_at) VALUES (1, 'report_in', 1, 'r', 'b', '2026-02-02', 'x')`).run()).toThrow(/CHECK/);
    expect(applyMigrations(db)).toBe(SCHEMA_VERSION);
    db.close();
  });

  it('0015 gives a stored planned end the day a month-end report-in lost, and only that', () => {
    const db = openDatabase(`${tempDir()}/m.db`, randomBytes(32), { migrate: false });
    applyMigrations(db, 14);
    db.exec(`INSERT INTO persons (id, name, name_pinyin, name_initials, id_number, birth_date, gender, created_at, updated_at)
      VALUES (1, '张三', 'zhangsan', 'zs', '320102198805172311', '1988-05-17', 'male', '2026-01-01', '2026-01-01')`);
    const add = db.prepare(`INSERT INTO measures (id, person_id, kind, decision_number, decision_authority, decision_date, delivery_date, report_in_date, term_months, planned_end, status, created_at, updated_at)
      VALUES (?, 1, 'community_rehab', ?, '玄武分局', '2024-01-01', '2024-01-02', ?, ?, ?, 'completed', '2024-01-01', '2024-01-01')`);
    // Old values: report-in + term − 1 day with the day clamped (plus 10 suspended days on the second).
    add.run(1, 'A', '2024-02-29', 36, '2027-02-27');
    add.run(2, 'B', '2024-01-31', 1, '2024-03-09');
    add.run(3, 'C', '2024-03-01', 36, '2027-02-28');
    add.run(4, 'D', '2024-01-29', 1, '2024-02-28');
    add.run(5, 'E', null, 36, null);
    applyMigrations(db);
    expect(db.prepare('SELECT planned_end FROM measures ORDER BY id').pluck().all()).toEqual(['2027-02-28', '2024-03-10', '2027-02-28', '2024-02-28', null]);
    db.close();
  });

  it('0017 marks the highest person id the audit log has named, so a purged newest file’s id is not given again', async () => {
    const { nextPersonId } = await import('../../electron/core/kernel/personIds');
    const db = openDatabase(`${tempDir()}/m.db`, randomBytes(32), { migrate: false });
    applyMigrations(db, 16);
    const actor = { userId: null, username: 'admin', displayName: '管理员' };
    db.exec(`INSERT INTO persons (id, name, name_pinyin, name_initials, id_number, birth_date, gender, created_at, updated_at)
      VALUES (3, '张三', 'zhangsan', 'zs', '320102198805172311', '1988-05-17', 'male', '2026-01-01', '2026-01-01')`);
    // Files 3 and 12 were created; 12 was purged. A stray entity id that is not a number is ignored.
    writeAudit(db, actor, new Date('2026-01-01T00:00:00Z'), { action: 'persons.create', entity: 'person', entityId: 3 });
    writeAudit(db, actor, new Date('2026-01-01T00:01:00Z'), { action: 'persons.create', entity: 'person', entityId: 12 });
    writeAudit(db, actor, new Date('2026-01-01T00:02:00Z'), { action: 'persons.purge', entity: 'person', entityId: 12 });
    writeAudit(db, actor, new Date('2026-01-01T00:03:00Z'), { action: 'persons.view', entity: 'person', entityId: '9x' });
    writeAudit(db, actor, new Date('2026-01-01T00:04:00Z'), { action: 'measures.create', entity: 'measure', entityId: 40 });
    expect(nextPersonId(db)).toBe(4);
    applyMigrations(db);
    expect(nextPersonId(db)).toBe(13);
    db.close();
    // A database whose log names no file gets no mark, and counts from its rows.
    const empty = openDatabase(`${tempDir()}/m.db`, randomBytes(32), { migrate: false });
    applyMigrations(empty);
    expect(empty.prepare(`SELECT count(*) FROM meta WHERE key = 'personIdHighWater'`).pluck().get()).toBe(0);
    expect(nextPersonId(empty)).toBe(1);
    empty.close();
  });

  it('0018 makes the built-in 社区戒毒协议书 name credited days after its term; a station’s own wording stays', () => {
    const db = openDatabase(`${tempDir()}/m.db`, randomBytes(32), { migrate: false });
    applyMigrations(db, 17);
    const current = () => db.prepare('SELECT kind, version, body FROM agreement_templates t WHERE version = (SELECT max(version) FROM agreement_templates WHERE kind = t.kind) ORDER BY kind').all() as { kind: string; version: number; body: string }[];
    const [detox, rehab] = current();
    applyMigrations(db);
    const [detoxAfter, rehabAfter] = current();
    expect(detoxAfter!.version).toBe(detox!.version + 1);
    expect(detoxAfter!.body).toContain('起至 {{measure.plannedEnd}} 止{{measure.creditNote}}。');
    expect(detoxAfter!.body.replace('{{measure.creditNote}}', '')).toBe(detox!.body);
    expect(rehabAfter).toEqual(rehab);
    db.close();
    // A station that rewrote the sentence keeps its own text.
    const own = openDatabase(`${tempDir()}/m.db`, randomBytes(32), { migrate: false });
    applyMigrations(own, 17);
    own.prepare(`UPDATE agreement_templates SET body = replace(body, '起至 {{measure.plannedEnd}} 止。', '至 {{measure.plannedEnd}} 止。') WHERE kind = 'community_detox'`).run();
    const before = own.prepare(`SELECT count(*) FROM agreement_templates`).pluck().get();
    applyMigrations(own);
    expect(own.prepare(`SELECT count(*) FROM agreement_templates`).pluck().get()).toBe(before);
    own.close();
  });

  it("0014 makes the built-in agreements say the report-in here; a station's own wording stays", () => {
    const db = openDatabase(`${tempDir()}/m.db`, randomBytes(32), { migrate: false });
    applyMigrations(db, 13);
    // A station that rewrote its 社区戒毒 template without the sentence keeps it as the current one.
    db.prepare(`INSERT INTO agreement_templates (kind, version, title, body, note, created_at) SELECT kind, version + 1, title, replace(body, '已于 {{measure.reportInDate}} 报到', '已报到'), '本站修订', 'x' FROM agreement_templates WHERE kind = 'community_detox'`).run();
    const current = (kind: string) => db.prepare(`SELECT version, body FROM agreement_templates WHERE kind = ? ORDER BY version DESC LIMIT 1`).get(kind) as { version: number; body: string };
    const ownDetox = current('community_detox');
    applyMigrations(db, 14);
    expect(current('community_detox')).toEqual(ownDetox);
    const rehab = current('community_rehab');
    expect(rehab.version).toBe(3);
    expect(rehab.body).toContain('已于 {{measure.localReportInDate}} 报到');
    expect(rehab.body).toContain('自 {{measure.reportInDate}} 起');
    db.close();
  });

  it('0010 rebuilds the audit log with every event, link and id, without the hash index and the counter, still append-only', () => {
    const db = openDatabase(`${tempDir()}/m.db`, randomBytes(32), { migrate: false });
    applyMigrations(db, 9);
    const actor = { userId: null, username: 'admin' };
    writeAudit(db, actor, new Date('2026-01-01T00:00:00Z'), { action: 'setup.create' });
    for (let i = 1; i <= 40; i++) writeAudit(db, actor, new Date(Date.UTC(2026, 0, 1, 0, i)), { action: 'persons.view', entity: 'person', entityId: i % 7, details: { i } });
    const rows = db.prepare('SELECT * FROM audit_events ORDER BY id').all();
    const head = verifyAuditChain(db).head;
    expect(head?.events).toBe(41);

    expect(applyMigrations(db)).toBe(SCHEMA_VERSION);
    expect(db.prepare('SELECT * FROM audit_events ORDER BY id').all()).toEqual(rows);
    expect(verifyAuditChain(db)).toMatchObject({ ok: true, head });
    // What each event wrote beside its row: the entity index only.
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_events' ORDER BY name`).pluck().all()).toEqual(['audit_events_entity']);
    expect(db.prepare(`SELECT sql FROM sqlite_master WHERE name = 'audit_events'`).pluck().get()).not.toMatch(/AUTOINCREMENT|UNIQUE/i);
    expect(db.prepare(`SELECT count(*) FROM sqlite_sequence WHERE name = 'audit_events'`).pluck().get()).toBe(0);
    expect(db.prepare(`SELECT count(*) FROM sqlite_master WHERE name = 'audit_events_lean'`).pluck().get()).toBe(0);

    // Still append-only, and the next event continues the chain with the next id.
    expect(() => db.prepare(`UPDATE audit_events SET action = 'y' WHERE id = 2`).run()).toThrow(/append-only/);
    expect(() => db.prepare(`DELETE FROM audit_events WHERE id = 41`).run()).toThrow(/append-only/);
    writeAudit(db, actor, new Date('2026-01-02T00:00:00Z'), { action: 'persons.view', entity: 'person', entityId: 1 });
    expect(verifyAuditChain(db)).toMatchObject({ ok: true, head: { id: 42, events: 42 } });
    db.close();
  });

  it("0012 writes a file's search entry again only when what it is searched by changed", () => {
    const db = openDatabase(`${tempDir()}/m.db`, randomBytes(32));
    db.prepare(
      `INSERT INTO persons (id, name, name_pinyin, name_initials, id_number, phone, gender, birth_date, created_at, updated_at)
       VALUES (1, '张三', 'zhangsan', 'zs', '110101199003077777', '13800000000', 'male', '1990-03-07', '2026-03-01T00:00:00Z', '2026-03-01T00:00:00Z')`,
    ).run();
    const search = (text: string) => db.prepare(`SELECT rowid FROM person_search WHERE person_search MATCH ?`).pluck().all(`"${text}"`);
    const changes = (sql: string) => {
      const before = db.prepare('SELECT total_changes()').pluck().get() as number;
      db.prepare(sql).run();
      return (db.prepare('SELECT total_changes()').pluck().get() as number) - before;
    };
    // The same values set again (a form saved unchanged, an import's update of another column): the row only.
    expect(changes(`UPDATE persons SET name = name, phone = phone, updated_at = '2026-03-02T00:00:00Z' WHERE id = 1`)).toBe(1);
    // A new name: the row, and the entry deleted and written again (the full-text index's own rows with it).
    expect(changes(`UPDATE persons SET name = '张三丰', name_pinyin = 'zhangsanfeng' WHERE id = 1`)).toBeGreaterThan(1);
    expect(search('sanfeng')).toEqual([1]);
    expect(search('13800000000')).toEqual([1]);
    db.close();
  });

});
