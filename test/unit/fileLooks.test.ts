import { describe, expect, it } from 'vitest';
import { FILE_READS, LOOK_WINDOW_MS } from '../../electron/core/kernel/fileLooks';
import { contract, coreChannelNames } from '../../shared/ipc/contract';
import { composeIdNumber } from '../../shared/domain/idNumber';
import { call, loggedIn, refusal, reportedInPerson } from './support/core';
import { unlockWithPassword, vaultPaths } from '../../electron/core/kernel/vault';
import { FAST_SCRYPT } from './support/tmp';

/** The newest audit events about a person, oldest first. */
async function eventsAbout(core: Parameters<typeof call>[0], personId: number) {
  return (await call(core, 'audit:list', { personId, limit: 50 })).reverse();
}

describe('every look at a file is accounted for', () => {
  it('derives the channels that read one file from the contract, and no read keyed by a record escapes it unaccounted', () => {
    // Pinned: a channel joining or leaving the set is a decision, seen here.
    expect([...FILE_READS].sort()).toEqual(
      [
        'persons:get', 'persons:status', 'persons:revealId', 'timeline:person', 'measures:list', 'attachments:list', 'tests:list', 'contacts:list', 'leaves:list',
        'absences:list', 'violations:list', 'goodReasons:list', 'worklist:person', 'risk:list', 'risk:preview', 'keyCare:list', 'help:listPlans', 'clean:status',
        'agreements:list',
      ].sort(),
    );
    // Reads that take another id: each is accounted for by its own handler, or reads no file.
    const ownAudit: Record<string, string> = {
      'attachments:get': 'attachments.view',
      'audit:list': 'the log itself (an optional person filter)',
      'audit:export': 'the log itself',
      'audit:verifyAnchor': 'the log itself',
      'ledger:inspect': 'a spreadsheet file, each file shown is persons.findByIdNumber',
      // A staff filter over many files: searches by number are audited, rows are the worklist's.
      'persons:list': 'persons.searchByNumber',
      'worklist:list': 'the worklist, rows of many files',
      'ledger:exportWorklist': 'the worklist as a spreadsheet',
    };
    const keyedReads = coreChannelNames.filter((name) => {
      const shape = (contract[name].input as unknown as { shape?: Record<string, unknown> }).shape;
      return contract[name].effect === 'read' && shape !== undefined && Object.keys(shape).some((key) => /Ids?$/.test(key));
    });
    expect(keyedReads.filter((name) => !FILE_READS.has(name) && !(name in ownAudit))).toEqual([]);
  });

  it('a read of part of a file without opening it (a worklist dialog) is one persons.viewPart; the file opened is persons.view and covers its tabs', async () => {
    const { core, clock, personId } = await reportedInPerson();
    // Making the file and its measure were looks at it: a read right after is covered by them.
    await call(core, 'measures:list', { personId });
    expect((await eventsAbout(core, personId)).at(-1)?.action).not.toBe('persons.viewPart');
    clock.advance(LOOK_WINDOW_MS + 1000);
    const before = (await eventsAbout(core, personId)).length;

    // The worklist's 报到 dialog reads the person's measures; its risk dialog previews a level.
    await call(core, 'measures:list', { personId });
    await call(core, 'risk:preview', { personId, date: '2026-03-02', factors: { drugType: 'cannabis', severity: 'use', behaviour: 'cooperative', family: 'supportive', employment: 'stable' } });
    await call(core, 'clean:status', { personId });
    let events = (await eventsAbout(core, personId)).slice(before);
    expect(events.map((e) => e.action)).toEqual(['persons.viewPart']);
    expect(events[0]).toMatchObject({ entity: 'person', entityId: String(personId), details: { channel: 'measures:list' } });

    // Just inside the window: the same look.
    clock.advance(LOOK_WINDOW_MS - 1000);
    await call(core, 'tests:list', { personId });
    // Later, beyond the window: a new look, accounted again.
    clock.advance(2000);
    await call(core, 'contacts:list', { personId });
    // Opening the file is always its own event, and covers every tab it reads next.
    await call(core, 'persons:get', { personId });
    clock.advance(LOOK_WINDOW_MS + 1000);
    await call(core, 'persons:get', { personId });
    for (const channel of ['measures:list', 'tests:list', 'contacts:list', 'worklist:person', 'agreements:list', 'timeline:person'] as const) {
      await call(core, channel, { personId });
    }
    events = (await eventsAbout(core, personId)).slice(before);
    expect(events.map((e) => [e.action, e.details?.channel ?? null])).toEqual([
      ['persons.viewPart', 'measures:list'],
      ['persons.viewPart', 'contacts:list'],
      ['persons.view', null],
      ['persons.view', null],
    ]);
  });

  it('a write is a look; a search that finds the file is not', async () => {
    const { core, clock, personId } = await reportedInPerson();
    clock.advance(LOOK_WINDOW_MS + 1000);
    await call(core, 'contacts:create', { personId, contact: { date: '2026-03-02', kind: 'face_to_face', summary: '谈话' } });
    const before = (await eventsAbout(core, personId)).length;
    await call(core, 'contacts:list', { personId });
    expect((await eventsAbout(core, personId)).length).toBe(before);

    clock.advance(LOOK_WINDOW_MS + 1000);
    const phone = '13857246678';
    await call(core, 'persons:update', { personId, person: { name: '张三', idNumber: composeIdNumber('320102', '1988-05-17', 231), phone } });
    clock.advance(LOOK_WINDOW_MS + 1000);
    await call(core, 'persons:list', { query: phone.slice(3, 9) });
    await call(core, 'measures:list', { personId });
    expect((await eventsAbout(core, personId)).slice(-2).map((e) => e.action)).toEqual(['persons.searchByNumber', 'persons.viewPart']);
  });

  it('a change that failed, its event rolled back, is no look', async () => {
    const { core, clock, personId, dataDir } = await reportedInPerson();
    clock.advance(LOOK_WINDOW_MS + 1000);
    // The talk and its audit event are written, then the file's touch fails: all of it rolls back.
    const other = unlockWithPassword(vaultPaths(dataDir), 'admin', 'admin password', { scrypt: FAST_SCRYPT }).db;
    other.exec(`CREATE TRIGGER refuse_touch BEFORE UPDATE OF updated_at ON persons BEGIN SELECT RAISE(ABORT, 'refused'); END`);
    expect((await refusal(core, 'contacts:create', { personId, contact: { date: '2026-03-02', kind: 'face_to_face', summary: '谈话' } })).code).toBe('INTERNAL');
    other.exec('DROP TRIGGER refuse_touch');
    other.close();
    const before = (await eventsAbout(core, personId)).length;
    await call(core, 'contacts:list', { personId });
    expect((await eventsAbout(core, personId)).slice(before).map((e) => e.action)).toEqual(['persons.viewPart']);
  });

  it('a new session accounts for its first look again; a file that is not there is no look', async () => {
    const { core, clock, personId } = await reportedInPerson();
    await call(core, 'persons:get', { personId });
    clock.advance(60_000);
    await call(core, 'auth:logout', {});
    await call(core, 'auth:login', { username: 'admin', password: 'admin password' });
    const before = (await eventsAbout(core, personId)).length;
    await call(core, 'tests:list', { personId });
    expect((await eventsAbout(core, personId)).slice(before).map((e) => e.action)).toEqual(['persons.viewPart']);

    const { core: other } = await loggedIn();
    const last = (await call(other, 'audit:list', { limit: 1 }))[0]!.id;
    expect((await refusal(other, 'contacts:list', { personId: 4242 })).code).toBe('NOT_FOUND');
    expect((await call(other, 'audit:list', { limit: 1 }))[0]!.id).toBe(last);
  });
});
