import { createHash, createHmac } from 'node:crypto';
import { connect } from '../../electron/core/kernel/db/driver';
import { describe, expect, it } from 'vitest';
import { auditHead, verifyAnchor, verifyAuditChain, writeAudit } from '../../electron/core/kernel/audit';
import type { Db } from '../../electron/core/kernel/db/database';
import { applyMigrations } from '../../electron/core/kernel/db/migrate';
import { createHavenCore } from '../../electron/core/app';
import { ManualClock } from '../../electron/core/kernel/clock';
import { pathsForDatabase, unlockWithPassword } from '../../electron/core/kernel/vault';
import { call, loggedIn, refusal, firstLogin } from './support/core';
import { runCli } from './support/cli';
import { FAST_SCRYPT, tempDir } from './support/tmp';

const NOW = new Date('2026-03-02T09:00:00+08:00');
const system = { userId: null, username: null };

interface Row {
  id: number;
  at: string;
  actor_user_id: number | null;
  actor_username: string | null;
  action: string;
  entity: string | null;
  entity_id: string | null;
  details: string | null;
  prev_hash: string;
  hash: string;
}

const canonical = (prev: string, r: Row) => JSON.stringify([prev, r.at, r.actor_user_id, r.actor_username, r.action, r.entity, r.entity_id, r.details]);

/** What someone with a SQL shell does: lift the triggers, change rows, put the triggers back. */
function tamper(db: Db, change: (db: Db) => void): void {
  const triggers = db.prepare(`SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_events'`).pluck().all() as string[];
  db.exec('DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete;');
  change(db);
  for (const sql of triggers) db.exec(sql);
}

/** Rewrites every link from `fromId` on, with the chain's key (a key holder) or plain SHA-256. */
function relink(db: Db, fromId: number, keyed: boolean): void {
  const key = Buffer.from(db.prepare(`SELECT value FROM meta WHERE key = 'auditKey'`).pluck().get() as string, 'hex');
  const rows = db.prepare('SELECT * FROM audit_events ORDER BY id').all() as Row[];
  let prev = '0'.repeat(64);
  const update = db.prepare('UPDATE audit_events SET prev_hash = ?, hash = ? WHERE id = ?');
  for (const row of rows) {
    if (row.id >= fromId) {
      const text = canonical(prev, row);
      const hash = keyed ? createHmac('sha256', key).update(text).digest('hex') : createHash('sha256').update(text).digest('hex');
      // Unique hashes: park the new value first.
      update.run(prev, `tmp-${row.id}`, row.id);
      update.run(prev, hash, row.id);
      prev = hash;
    } else prev = row.hash;
  }
}

function freshDb(): Db {
  const db = connect(':memory:');
  applyMigrations(db);
  writeAudit(db, system, NOW, { action: 'setup.create', entity: 'station', entityId: 'X' });
  for (let i = 0; i < 9; i++) writeAudit(db, { userId: 1, username: 'admin' }, NOW, { action: 'persons.view', entity: 'person', entityId: i });
  return db;
}

describe('the keyed audit chain', () => {
  it('links every event of a new database with its key, and names the head', () => {
    const db = freshDb();
    const check = verifyAuditChain(db);
    expect(check).toMatchObject({ ok: true, events: 10, keyedFrom: 1, problem: null, brokenAt: null });
    expect(check.head).toEqual(auditHead(db));
    expect(check.head?.id).toBe(10);
  });

  it('finds an edit, a cut link, a plain rewrite, a wiped log, a rewritten start and missing triggers', () => {
    const edited = freshDb();
    tamper(edited, (db) => db.prepare(`UPDATE audit_events SET details = '{"x":1}' WHERE id = 4`).run());
    expect(verifyAuditChain(edited)).toMatchObject({ ok: false, problem: 'edited', brokenAt: 4 });

    const cut = freshDb();
    tamper(cut, (db) => db.prepare('DELETE FROM audit_events WHERE id = 6').run());
    expect(verifyAuditChain(cut)).toMatchObject({ ok: false, problem: 'link', brokenAt: 7 });

    // Edited and recomputed without the chain's key (an outside tool): the plain links show.
    const plain = freshDb();
    tamper(plain, (db) => {
      db.prepare(`UPDATE audit_events SET actor_username = 'someone' WHERE id = 5`).run();
      relink(db, 5, false);
    });
    expect(verifyAuditChain(plain)).toMatchObject({ ok: false, problem: 'unkeyed', brokenAt: 5 });

    const wiped = freshDb();
    tamper(wiped, (db) => db.prepare('DELETE FROM audit_events').run());
    expect(verifyAuditChain(wiped)).toMatchObject({ ok: false, problem: 'firstEvent', events: 0 });

    const start = freshDb();
    tamper(start, (db) => {
      db.prepare('DELETE FROM audit_events WHERE id = 1').run();
      relink(db, 2, true);
    });
    expect(verifyAuditChain(start)).toMatchObject({ ok: false, problem: 'firstEvent', brokenAt: 2 });

    const untriggered = freshDb();
    untriggered.exec('DROP TRIGGER audit_events_no_delete');
    expect(verifyAuditChain(untriggered)).toMatchObject({ ok: false, problem: 'triggers' });
    untriggered.exec(`CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events BEGIN SELECT 1; END`);
    expect(verifyAuditChain(untriggered)).toMatchObject({ ok: false, problem: 'triggers' });
  });

  it('a key holder can rewrite the chain so it holds, but not past an anchor kept outside the file', () => {
    const db = freshDb();
    const receipt = auditHead(db)!;
    const anchor = { eventId: receipt.id, hash: receipt.hash.slice(0, 16) };
    expect(verifyAnchor(db, anchor).outcome).toBe('holds');

    // Edit + recompute with the key: the chain itself holds again…
    tamper(db, (d) => {
      d.prepare(`UPDATE audit_events SET entity_id = '99' WHERE id = 3`).run();
      relink(d, 3, true);
    });
    expect(verifyAuditChain(db).ok).toBe(true);
    // …but the receipt's link is no longer the one at its event.
    expect(verifyAnchor(db, anchor).outcome).toBe('differs');

    // Tail cut: the shorter chain holds, the receipt's event is gone.
    const cut = freshDb();
    const head = auditHead(cut)!;
    tamper(cut, (d) => d.prepare('DELETE FROM audit_events WHERE id > 7').run());
    expect(verifyAuditChain(cut).ok).toBe(true);
    expect(verifyAnchor(cut, { eventId: head.id, hash: head.hash }).outcome).toBe('missing');
    // Broken elsewhere while the anchor holds.
    const elsewhere = freshDb();
    const early = { eventId: 2, hash: (elsewhere.prepare('SELECT hash FROM audit_events WHERE id = 2').pluck().get() as string).slice(0, 20) };
    tamper(elsewhere, (d) => d.prepare(`UPDATE audit_events SET action = 'x' WHERE id = 8`).run());
    expect(verifyAnchor(elsewhere, early).outcome).toBe('chainBroken');
  });

  it('keeps the plain links written before migration 0009 as a verified prefix, and keys every later event', () => {
    const db = connect(':memory:');
    applyMigrations(db, 8);
    // Version 8 wrote plain SHA-256 links.
    let prev = '0'.repeat(64);
    const insert = db.prepare(
      'INSERT INTO audit_events (at, actor_user_id, actor_username, action, entity, entity_id, details, prev_hash, hash) VALUES (?, NULL, NULL, ?, NULL, NULL, NULL, ?, ?)',
    );
    for (const action of ['setup.create', 'auth.login', 'persons.view']) {
      const row = { at: NOW.toISOString(), actor_user_id: null, actor_username: null, action, entity: null, entity_id: null, details: null } as Row;
      const hash = createHash('sha256').update(canonical(prev, row)).digest('hex');
      insert.run(row.at, action, prev, hash);
      prev = hash;
    }
    applyMigrations(db);
    writeAudit(db, system, NOW, { action: 'auth.login' });
    writeAudit(db, system, NOW, { action: 'auth.logout' });
    expect(verifyAuditChain(db)).toMatchObject({ ok: true, events: 5, keyedFrom: 4 });
    // A later event turned plain is refused even though plain links are allowed before it.
    tamper(db, (d) => relink(d, 5, false));
    expect(verifyAuditChain(db)).toMatchObject({ ok: false, problem: 'unkeyed', brokenAt: 5 });
  });
});

describe('audit receipts and checks in the app', () => {
  it('checks the chain, prints a receipt of its head, and verifies a typed receipt (admins only)', async () => {
    const ctx = await loggedIn();
    const chain = await call(ctx.core, 'audit:chain', {});
    expect(chain).toMatchObject({ ok: true, problem: null });
    const printed = await call(ctx.core, 'print:render', { document: 'auditReceipt' });
    expect(printed.title).toBe('审计日志凭证');
    expect(printed.html).toContain(String(chain.head!.id));
    const groups = chain.head!.hash.slice(0, 16).match(/.{4}/g)!.join(' ');
    expect(printed.html).toContain(groups);
    expect(printed.html).not.toMatch(/\d{17}[\dXx]/);

    const typed = await call(ctx.core, 'audit:verifyAnchor', { eventId: chain.head!.id, hash: groups.toUpperCase() });
    expect(typed.outcome).toBe('holds');
    const wrong = await call(ctx.core, 'audit:verifyAnchor', { eventId: chain.head!.id, hash: '0000000000000000' });
    expect(wrong.outcome).toBe('differs');
    expect((await call(ctx.core, 'audit:verifyAnchor', { eventId: 999999, hash: groups })).outcome).toBe('missing');
    const actions = (await call(ctx.core, 'audit:list', { limit: 10 })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['print.auditReceipt', 'audit.verifyAnchor']));

    for (const bad of [{ eventId: 0, hash: groups }, { eventId: 3, hash: 'abc' }, { eventId: 3, hash: 'zzzzzzzzzzzzzzzzzz' }, { eventId: 3 }]) {
      expect((await refusal(ctx.core, 'audit:verifyAnchor', bad)).code).toBe('VALIDATION');
    }

    await call(ctx.core, 'users:create', { username: 'staff1', displayName: '小张', role: 'staff', password: 'staff password 1' });
    await call(ctx.core, 'auth:logout', {});
    await firstLogin(ctx.core, 'staff1', 'staff password 1');
    expect((await refusal(ctx.core, 'print:render', { document: 'auditReceipt' })).code).toBe('FORBIDDEN');
    expect((await refusal(ctx.core, 'audit:chain', {})).code).toBe('FORBIDDEN');
  });

  it('keeps the login wait across a restart and writes failed logins into the log at the next login', async () => {
    const ctx = await loggedIn();
    await call(ctx.core, 'auth:logout', {});
    for (let i = 0; i < 5; i++) expect((await refusal(ctx.core, 'auth:login', { username: 'admin', password: 'wrong password' })).code).toBe('INVALID_CREDENTIALS');
    expect((await refusal(ctx.core, 'auth:login', { username: 'nobody', password: 'wrong password' })).code).toBe('INVALID_CREDENTIALS');
    ctx.core.close();

    // The app restarts: the wait is still there.
    const clock = new ManualClock('2026-03-02T09:00:10+08:00');
    const core = createHavenCore({ dataDir: ctx.dataDir, clock, vaultOptions: { scrypt: FAST_SCRYPT }, logError: () => {} });
    expect((await refusal(core, 'auth:login', { username: 'admin', password: 'admin password' })).code).toBe('THROTTLED');
    clock.advance(31_000);
    await call(core, 'auth:login', { username: 'admin', password: 'admin password' });
    const events = await call(core, 'audit:list', { limit: 20 });
    const failed = events.filter((e) => e.action === 'auth.loginFailed');
    expect(failed.map((e) => e.details)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ username: 'admin', count: 5 }),
        expect.objectContaining({ username: 'nobody', count: 1 }),
      ]),
    );
    expect((failed.find((e) => e.details?.username === 'admin')?.details?.times as string[]).length).toBe(5);
    // Written once: the next login adds none.
    await call(core, 'auth:logout', {});
    await call(core, 'auth:login', { username: 'admin', password: 'admin password' });
    expect((await call(core, 'audit:list', { limit: 50 })).filter((e) => e.action === 'auth.loginFailed')).toHaveLength(2);
    expect((await call(core, 'audit:chain', {})).ok).toBe(true);
    core.close();
  });
});

describe('haven check with anchors', () => {
  it('holds an audit receipt and an older backup, and fails when the log was rewritten after them', () => {
    const dir = tempDir();
    const db = `${dir}/haven.db`;
    const env = { HAVEN_PASSWORD: 'a long password' };
    expect(runCli(['init', '--db', db, '--station-code', 'JS-NJ-01', '--station-name', '某站', '--admin', 'admin', '--password-stdin'], { input: 'a long password\n' }).status).toBe(0);
    const first = JSON.parse(runCli(['check', '--db', db, '--user', 'admin', '--json'], { env }).stdout) as { audit: { head: { id: number; hash: string } } };
    const receipt = `${first.audit.head.id}:${first.audit.head.hash.slice(0, 16)}`;
    expect(runCli(['backup', '--db', db, '--user', 'admin', '--out', `${dir}/b/backup.db`], { env }).status).toBe(0);

    const ok = runCli(['check', '--db', db, '--user', 'admin', '--anchor', receipt, '--against', `${dir}/b/backup.db`, '--json'], { env });
    expect(ok.stderr).toBe('');
    expect(JSON.parse(ok.stdout).anchors.map((a: { outcome: string }) => a.outcome)).toEqual(['holds', 'holds']);

    // A key holder rewrites the log from event 2 on (raw key, SQL shell): the chain holds, the anchors do not.
    const opened = unlockWithPassword(pathsForDatabase(db), 'admin', 'a long password');
    tamper(opened.db, (d) => {
      d.prepare(`UPDATE audit_events SET actor_username = 'x' WHERE id = 2`).run();
      relink(d, 2, true);
    });
    opened.db.close();
    const rewritten = runCli(['check', '--db', db, '--user', 'admin', '--anchor', receipt, '--against', `${dir}/b/backup.db`], { env });
    expect(rewritten.status).toBe(1);
    expect(rewritten.stdout).toContain('链值不同');
    expect(rewritten.stdout).toMatch(/审计日志（\d+ 条）: ok/);

    const bad = runCli(['check', '--db', db, '--user', 'admin', '--anchor', '12:abc'], { env });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('至少 16 位');
  });
});
