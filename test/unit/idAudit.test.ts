import { describe, expect, it } from 'vitest';
import { composeIdNumber } from '../../shared/domain/idNumber';
import { call, loggedIn } from './support/core';

/** What identifies a person (the full ID number, a photo) is never read without an audit event. */
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]).toString('base64');

describe('reading what identifies a person', () => {
  it('the full ID number revealed, a file found by its full ID number and a photo viewed are each audited', async () => {
    const { core } = await loggedIn();
    const idNumber = composeIdNumber('320102', '1988-05-17', 231);
    const { personId } = await call(core, 'persons:create', { person: { name: '张三', idNumber, phone: '13857246678' } });
    const actions = async () => (await call(core, 'audit:list', { limit: 20 })).map((e) => e.action);

    expect(await call(core, 'persons:revealId', { personId })).toEqual({ idNumber });
    expect((await actions())[0]).toBe('persons.revealId');

    expect(await call(core, 'persons:findByIdNumber', { idNumber })).toMatchObject({ personId, name: '张三' });
    expect((await actions())[0]).toBe('persons.findByIdNumber');
    // Not found: nothing was read.
    expect(await call(core, 'persons:findByIdNumber', { idNumber: composeIdNumber('320102', '1988-05-17', 452) })).toBeNull();
    expect((await actions())[0]).toBe('persons.findByIdNumber');

    // Digits the list hides, confirmed by a search (the birth date's, in the middle of the number):
    // the file it finds is named in the log, the digits are not.
    const found = await call(core, 'persons:list', { query: idNumber.slice(6, 14) });
    expect(found.rows.map((r) => r.id)).toEqual([personId]);
    const searched = (await call(core, 'audit:list', { limit: 1 }))[0]!;
    expect(searched).toMatchObject({ action: 'persons.searchByNumber', entityId: String(personId), details: { digits: 8, found: 1 } });
    expect(JSON.stringify(searched)).not.toContain(idNumber.slice(6, 14));
    // A search by name, or digits that find nobody, leaves nothing.
    await call(core, 'persons:list', { query: '张三' });
    await call(core, 'persons:list', { query: '99999999' });
    expect((await call(core, 'audit:list', { limit: 1 }))[0]!.id).toBe(searched.id);
    // Three digits, the number index's shortest piece, slid along the phone would spell out the
    // digits the list hides (138****5678): each such search is accounted for too.
    const phone = (await call(core, 'persons:get', { personId })).phone;
    let previous = (await call(core, 'audit:list', { limit: 1 }))[0]!.id;
    for (const at of [3, 4, 5, 6]) {
      await call(core, 'persons:list', { query: phone.slice(at, at + 3) });
      const event = (await call(core, 'audit:list', { limit: 1 }))[0]!;
      // A new event for each search, naming the file found.
      expect(event.id).toBeGreaterThan(previous);
      expect(event).toMatchObject({ action: 'persons.searchByNumber', entityId: String(personId), details: { digits: 3 } });
      previous = event.id;
    }
    // Two characters never reach the number index; three letters are a name or its pinyin.
    const last = (await call(core, 'audit:list', { limit: 1 }))[0]!.id;
    await call(core, 'persons:list', { query: phone.slice(3, 5) });
    await call(core, 'persons:list', { query: 'zha' });
    expect((await call(core, 'audit:list', { limit: 1 }))[0]!.id).toBe(last);

    const photo = await call(core, 'attachments:add', { personId, kind: 'photo', filename: 'p.png', note: '', dataBase64: PNG });
    await call(core, 'attachments:get', { attachmentId: photo.id });
    const viewed = (await call(core, 'audit:list', { limit: 1 }))[0];
    expect(viewed).toMatchObject({ action: 'attachments.view', details: { attachmentId: photo.id, kind: 'photo' } });
  });
});

describe('every path to a full ID number', () => {
  /**
   * Every read channel of the contract is called on a station filled by the demo generator (every
   * kind of record), for every person, and its answer searched for any person's full ID number.
   * Only the channels named here may return one, and each such answer leaves an audit event.
   * A read channel added to the contract without an entry here fails the test.
   */
  const FULL_ID_CHANNELS: Record<string, string> = { 'persons:revealId': 'persons.revealId', 'print:render': 'print.' };

  it('returns full ID numbers only through the audited reveal and the audited printouts', async () => {
    const { contract } = await import('../../shared/ipc/contract');
    const { generateDemo } = await import('../../electron/core/demo/generate');
    const { unlockWithPassword, vaultPaths } = await import('../../electron/core/kernel/vault');
    const { createHavenCore } = await import('../../electron/core/app');
    const { ManualClock } = await import('../../electron/core/kernel/clock');
    const { FAST_SCRYPT } = await import('./support/tmp');
    const { refusal } = await import('./support/core');

    const first = await loggedIn('2026-03-02T09:00:00+08:00');
    await call(first.core, 'auth:logout', {});
    first.core.close();
    const opened = unlockWithPassword(vaultPaths(first.dataDir), 'admin', 'admin password', { scrypt: FAST_SCRYPT });
    generateDemo(opened.db, { persons: 24, seed: 'full id paths', at: '2026-03-02', now: new Date('2026-03-02T09:00:00+08:00'), actor: { userId: 1, username: 'admin', displayName: '王站长' } });
    const idNumbers = opened.db.prepare('SELECT id_number FROM persons').pluck().all() as string[];
    const personIds = opened.db.prepare('SELECT id FROM persons ORDER BY id').pluck().all() as number[];
    const measureIds = opened.db.prepare('SELECT id FROM measures ORDER BY id').pluck().all() as number[];
    const agreementIds = opened.db.prepare('SELECT id FROM agreements ORDER BY id').pluck().all() as number[];
    const leaveIds = opened.db.prepare('SELECT id FROM leaves ORDER BY id').pluck().all() as number[];
    opened.db.close();
    expect(idNumbers.length).toBe(24);
    expect(agreementIds.length).toBeGreaterThan(0);
    expect(leaveIds.length).toBeGreaterThan(0);

    const core = createHavenCore({ dataDir: first.dataDir, clock: new ManualClock('2026-03-02T10:00:00+08:00'), vaultOptions: { scrypt: FAST_SCRYPT }, logError: () => {} });
    await call(core, 'auth:login', { username: 'admin', password: 'admin password' });
    const photo = await call(core, 'attachments:add', { personId: personIds[0]!, kind: 'photo', filename: 'p.png', note: '', dataBase64: PNG });
    const risk = (await Promise.all(personIds.map((personId) => call(core, 'risk:list', { personId })))).flat()[0];
    const anchor = await call(core, 'audit:chain', {});
    // A ledger file to read back (the spreadsheet the export made, chosen as the open dialog would).
    const { ledgerExportFields } = await import('../../shared/domain/ledger');
    const sheet = await call(core, 'ledger:export', { columns: [...ledgerExportFields] });
    const [sheetFile] = core.grantFiles([core.fileJob(sheet.jobId)!.path]);
    // A backup to list and look into (恢复): counts only, never a person's data.
    const backup = (await call(core, 'backups:run', {})).last!.file;

    const perPerson = (personId: number) => ({ personId });
    const inputs: Record<string, () => unknown[]> = {
      'app:status': () => [{}],
      'users:list': () => [{}],
      'settings:get': () => [{}],
      'audit:chain': () => [{}],
      'audit:verifyAnchor': () => [{ eventId: anchor.head!.id, hash: anchor.head!.hash }],
      'audit:list': () => [{ limit: 500 }],
      'users:directory': () => [{}],
      'persons:list': () => [{}, { query: idNumbers[0]!.slice(0, 6) }, { query: idNumbers[1]!.slice(-4) }],
      'persons:get': () => personIds.map(perPerson),
      'persons:status': () => personIds.map(perPerson),
      'persons:revealId': () => personIds.slice(0, 2).map(perPerson),
      'persons:findByIdNumber': () => idNumbers.slice(0, 2).map((idNumber) => ({ idNumber })),
      'timeline:person': () => personIds.map(perPerson),
      'measures:list': () => personIds.map(perPerson),
      'attachments:list': () => personIds.map(perPerson),
      'attachments:get': () => [{ attachmentId: photo.id }],
      'tests:list': () => personIds.map(perPerson),
      'contacts:list': () => personIds.map(perPerson),
      'leaves:list': () => personIds.map(perPerson),
      'absences:list': () => personIds.map(perPerson),
      'violations:list': () => personIds.map(perPerson),
      'goodReasons:list': () => personIds.map(perPerson),
      'worklist:person': () => personIds.map(perPerson),
      'worklist:list': () => [{}],
      'worklist:counts': () => [{}],
      'schedules:get': () => [{}],
      'risk:list': () => personIds.map(perPerson),
      'risk:preview': () => (risk ? [{ personId: risk.personId, date: '2026-03-02', factors: risk.factors }] : []),
      'riskTable:get': () => [{}],
      'keyCare:list': () => personIds.map(perPerson),
      'keyCare:counts': () => [{}],
      'help:listPlans': () => personIds.map(perPerson),
      'rates:period': () => [{ from: '2025-01-01', to: '2026-03-02' }],
      'help:stats': () => [{ from: '2025-01-01', to: '2026-03-02' }],
      'clean:status': () => personIds.map(perPerson),
      'print:render': () => [
        ...personIds.slice(0, 4).map((personId) => ({ document: 'caseFile', personId })),
        ...agreementIds.slice(0, 2).map((agreementId) => ({ document: 'agreement', agreementId })),
        ...leaveIds.slice(0, 2).map((leaveId) => ({ document: 'leaveForm', leaveId })),
        ...measureIds.slice(0, 4).flatMap((measureId) => [{ document: 'reportIn', measureId }, { document: 'measureEnd', measureId }]),
        { document: 'keySheet' },
        { document: 'auditReceipt' },
        { document: 'accessHistory', personId: personIds[0]! },
        { document: 'periodReport', from: '2025-01-01', to: '2026-03-02' },
        { document: 'monthlyReport', month: '2026-02' },
        { document: 'guide' },
      ],
      'agreements:templates': () => [{}],
      'agreements:list': () => personIds.map(perPerson),
      'bundles:keys': () => [{}],
      'bundles:recipients': () => [{}],
      'bundles:sent': () => [{}],
      'bundles:stations': () => [{}],
      'bundles:origin': () => [{ code: 'JS-NJ-01' }],
      'bundles:log': () => [{}],
      'ledger:inspect': () => [{ fileId: sheetFile!.fileId }],
      'ledger:export': () => [{ columns: [...ledgerExportFields] }, { columns: [...ledgerExportFields], fullIdNumbers: { reason: '移交公安机关核对' } }],
      'ledger:exportWorklist': () => [{}],
      'reports:period': () => [{ from: '2025-01-01', to: '2026-03-02' }, { month: '2026-02' }],
      'reports:export': () => [{ month: '2026-02' }],
      'audit:export': () => [{}],
      'backups:status': () => [{}],
      'backups:list': () => [{}],
      'backups:inspect': () => [{ source: { file: backup }, credential: { password: 'admin password' } }],
    };
    const readChannels = Object.entries(contract)
      .filter(([, c]) => (c as { effect: string }).effect === 'read')
      .map(([name]) => name);
    expect(readChannels.filter((c) => !(c in inputs)), 'read channels without inputs here').toEqual([]);

    const fullIdIn = (value: unknown) => {
      const text = JSON.stringify(value) ?? '';
      return idNumbers.some((id) => text.includes(id));
    };
    const returnedFullId = new Set<string>();
    let answered = 0;
    for (const channel of readChannels) {
      for (const input of inputs[channel]!()) {
        const lastBefore = (await call(core, 'audit:list', { limit: 1 }))[0]!.id;
        const result = await core.invoke(channel, input);
        // A printout that does not apply (a measure not ended yet) is refused; anything else must answer.
        if (!result.ok) {
          expect(channel, JSON.stringify(result.error)).toBe('print:render');
          expect(result.error.code).not.toBe('VALIDATION');
          continue;
        }
        answered++;
        if (!fullIdIn(result.value)) continue;
        returnedFullId.add(channel);
        expect(Object.keys(FULL_ID_CHANNELS), `${channel} returned a full ID number`).toContain(channel);
        const events = (await call(core, 'audit:list', { limit: 5 })).filter((e) => e.id > lastBefore && e.action !== 'audit.verifyAnchor');
        expect(events.some((e) => e.action.startsWith(FULL_ID_CHANNELS[channel]!)), `${channel} ${JSON.stringify(input)} left no audit event`).toBe(true);
      }
    }
    expect(answered).toBeGreaterThan(300);
    // Both declared paths really do return full numbers (else the list above is stale).
    expect([...returnedFullId].sort()).toEqual(Object.keys(FULL_ID_CHANNELS).sort());
    expect((await refusal(core, 'persons:revealId', { personId: 999999 })).code).toBe('NOT_FOUND');
    core.close();
  });
});
