import { describe, expect, it } from 'vitest';
import { FILE_READS, LOOK_WINDOW_MS } from '../../electron/core/kernel/fileLooks';
import { call, loggedIn, refusal, reportedInPerson } from './support/core';

/** The newest audit events about a person, oldest first. */
async function eventsAbout(core: Parameters<typeof call>[0], personId: number) {
  return (await call(core, 'audit:list', { personId, limit: 50 })).reverse();
}

describe('every look at a file is accounted for', () => {
  it('derives the channels that read one file from the contract', () => {
    for (const channel of ['persons:get', 'measures:list', 'contacts:list', 'worklist:person', 'risk:preview', 'clean:status', 'timeline:person'] as const) {
      expect(FILE_READS.has(channel)).toBe(true);
    }
    // An optional person filter over the log, a search over all files, a write: not a look at one file.
    for (const channel of ['audit:list', 'persons:list', 'contacts:create', 'worklist:list'] as const) expect(FILE_READS.has(channel)).toBe(false);
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

    // Later, beyond the window: a new look, accounted again.
    clock.advance(LOOK_WINDOW_MS + 1000);
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
