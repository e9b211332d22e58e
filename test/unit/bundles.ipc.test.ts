import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeIdNumber } from '../../shared/domain/idNumber';
import { call, loggedIn, loggedInSupervisor, refusal } from './support/core';
import { createShellDispatcher, type ShellBackend } from '../../electron/core/shell';
import { inThisThread } from '../../electron/core/host/protocol';

/** The 导入导出 channels end to end through the core: keys, recipients, export to memory, import from bytes. */
const supervisor = loggedInSupervisor;

describe('bundles IPC', () => {
  it('registers a recipient only with its fingerprint, exports to a file job, imports once', async () => {
    const station = await loggedIn();
    const sup = await supervisor();
    const supKeys = await call(sup.core, 'bundles:keys', {});
    expect(supKeys.station.mode).toBe('supervisor');
    expect(supKeys.recipientFingerprintGroups).toHaveLength(8);

    const wrong = await refusal(station.core, 'bundles:addRecipient', { name: '禁毒办', recipient: supKeys.recipientFile, confirmFingerprint: '1'.repeat(40) });
    expect(wrong).toMatchObject({ messageKey: 'errors.BUNDLE_RECIPIENT_FINGERPRINT', params: { fingerprint: supKeys.recipientFingerprint } });
    const added = await call(station.core, 'bundles:addRecipient', { name: '', recipient: supKeys.recipientFile, confirmFingerprint: supKeys.recipientFingerprint.replaceAll(' ', '') });
    expect(added.name).toBe('某区禁毒办 (SUP-01)');
    expect(await call(station.core, 'bundles:recipients', {})).toHaveLength(1);

    await call(station.core, 'persons:create', { person: { name: '张三', idNumber: composeIdNumber('320102', '1988-05-17', 231) } });
    const made = await call(station.core, 'bundles:export', { recipientId: added.id, kind: 'full' });
    expect(made).toMatchObject({ kind: 'full', seq: 1, recipientName: added.name });
    expect(made.rows['persons.ndjson']).toBe(1);
    const file = station.core.fileJob(made.jobId);
    expect(file?.fileName).toBe(made.fileName);
    expect(station.core.printJob(made.jobId)).toBeNull();
    // Made, not yet saved: not sent. The shell's save records it (bundles:confirmSaved), once.
    expect(await call(station.core, 'bundles:sent', {})).toEqual([]);
    expect(await call(station.core, 'bundles:confirmSaved', { jobId: made.jobId })).toEqual({ recorded: true });
    expect(await call(station.core, 'bundles:confirmSaved', { jobId: made.jobId })).toEqual({ recorded: false });
    expect(await call(station.core, 'bundles:sent', {})).toMatchObject([{ seq: 1, fileName: made.fileName, sha256: made.sha256 }]);
    // The made file waits in the station's outbox until the job ends.
    expect(file!.path.startsWith(join(station.dataDir, 'outbox'))).toBe(true);
    expect(createHash('sha256').update(readFileSync(file!.path)).digest('hex')).toBe(made.sha256);

    // The supervisor's open dialog hands the file to its core, which names it by id.
    expect(sup.core.grantFiles([join(station.dataDir, 'nothing-here.haven'), station.dataDir])).toEqual([]);
    const granted = sup.core.grantFiles([file!.path]);
    expect(granted).toEqual([{ fileId: expect.any(String), name: made.fileName, bytes: made.bytes }]);
    const files = granted.map((g) => g.fileId);
    const stationKeys = await call(station.core, 'bundles:keys', {});
    const [unknown] = await call(sup.core, 'bundles:import', { fileIds: files });
    expect(unknown).toMatchObject({ outcome: 'refused', reason: 'BUNDLE_UNKNOWN_STATION', params: { fingerprint: stationKeys.fingerprint } });
    const [accepted] = await call(sup.core, 'bundles:import', { fileIds: files, confirmFingerprints: [stationKeys.fingerprint] });
    expect(accepted).toMatchObject({ outcome: 'accepted', station: 'JS-NJ-01', seq: 1 });
    const [again] = await call(sup.core, 'bundles:import', { fileIds: files });
    expect(again?.outcome).toBe('duplicate');

    sup.clock.advance(3 * 86_400_000);
    expect(await call(sup.core, 'bundles:stations', {})).toMatchObject([
      {
        code: 'JS-NJ-01',
        lastSeq: 1,
        lastKind: 'full',
        ageDays: 3,
        gaps: [],
        bundles: 1,
        persons: 1,
        lastCreatedAt: '2026-03-02T01:00:00.000Z',
        stale: false,
        staleAfterDays: 35,
        measures: { pendingReport: 0, active: 0, suspended: 0, ended: 0, none: 1 },
        unreportedBreaches: 0,
        missingReportIns: 0,
        openMeasures: 0,
        caseworkers: 0,
        perCaseworker: null,
      },
    ]);
    // The file's header names the station and the bundle its data is from.
    expect(await call(sup.core, 'bundles:origin', { code: 'js-nj-01' })).toEqual({
      code: 'JS-NJ-01',
      name: '南京市某街道社区戒毒社区康复工作站',
      bundleCreatedAt: '2026-03-02T01:00:00.000Z',
      importedAt: expect.any(String),
      seq: 1,
    });
    expect(await call(sup.core, 'bundles:origin', { code: 'NOPE-01' })).toBeNull();
    for (const code of ['', 'x', 'A'.repeat(33)]) expect((await refusal(sup.core, 'bundles:origin', { code })).code).toBe('VALIDATION');
    expect((await refusal(sup.core, 'worklist:list', { stationCode: 'A'.repeat(40) })).code).toBe('VALIDATION');
    expect((await refusal(sup.core, 'rates:period', { from: 'not-a-date', to: '2026-03-31' })).code).toBe('VALIDATION');
    // Rates per station and in total (the station's one person has no measure yet).
    const rates = await call(sup.core, 'rates:period', { from: '2026-03-01', to: '2026-03-31' });
    expect(rates.rows.map((r) => [r.station, r.name, r.consolidation])).toEqual([['JS-NJ-01', '南京市某街道社区戒毒社区康复工作站', { numerator: 0, denominator: 1, percent: 0 }]]);
    expect(rates.total).toMatchObject({ station: null, reportIn: { denominator: 0, percent: null }, consolidation: { denominator: 1 } });
    // Lists and the worklist filter by station.
    expect((await call(sup.core, 'persons:list', { stationCode: 'JS-NJ-01' })).rows.map((r) => r.station)).toEqual(['JS-NJ-01']);
    expect((await call(sup.core, 'persons:list', { stationCode: 'JS-NJ-99' })).total).toBe(0);
    const all = await call(sup.core, 'worklist:list', {});
    expect(all.rows.every((r) => r.station === 'JS-NJ-01')).toBe(true);
    expect((await call(sup.core, 'worklist:list', { stationCode: 'JS-NJ-01' })).total).toBe(all.total);
    expect((await call(sup.core, 'worklist:list', { stationCode: 'JS-NJ-99' })).total).toBe(0);
    // A page past the end still says how many there are.
    expect(await call(sup.core, 'worklist:list', { offset: 400 })).toEqual({ total: all.total, rows: [] });
    // A station silent for longer than the setting is flagged.
    const schedules = await call(sup.core, 'schedules:get', {});
    // Out of bounds (a week to a year) or not a whole number: refused, the setting unchanged.
    for (const stationStaleDays of [0, 6, 367, 12.5]) {
      expect((await refusal(sup.core, 'schedules:update', { ...schedules, stationStaleDays })).code).toBe('VALIDATION');
    }
    expect((await call(sup.core, 'schedules:get', {})).stationStaleDays).toBe(35);
    await call(sup.core, 'schedules:update', { ...schedules, stationStaleDays: 7 });
    sup.clock.advance(5 * 86_400_000);
    expect(await call(sup.core, 'bundles:stations', {})).toMatchObject([{ ageDays: 8, stale: true, staleAfterDays: 7 }]);
    expect((await call(sup.core, 'bundles:log', {})).map((e) => e.outcome)).toEqual(['duplicate', 'accepted', 'refused']);
    // A supervisor exports nothing; staff see no recipients.
    expect(await call(station.core, 'bundles:stations', {})).toEqual([]);
  });

  it('a stop as an import finishes (by the user, or the session locking) undoes all of it or is ignored: never "cancelled" with the bundle in', async () => {
    const station = await loggedIn();
    const sup = await supervisor();
    const supKeys = await call(sup.core, 'bundles:keys', {});
    const added = await call(station.core, 'bundles:addRecipient', { name: '', recipient: supKeys.recipientFile, confirmFingerprint: supKeys.recipientFingerprint });
    await call(station.core, 'persons:create', { person: { name: '张三', idNumber: composeIdNumber('320102', '1988-05-17', 231) } });
    const fingerprint = (await call(station.core, 'bundles:keys', {})).fingerprint;
    // The stop comes with the n-th report of a phase complete: 1, the last of the payload read (the
    // rows go in, then the import's last check); 2, that check's own report ('commit'), as if it
    // came between the check and the commit.
    let stopAt = 0;
    let complete = 0;
    let stop = () => {};
    sup.core.onEvent((e) => {
      if (e.type !== 'progress' || e.progress.job !== 'bundles:import' || e.progress.phase !== 'applying' || e.progress.total === 0) return;
      if (e.progress.done === e.progress.total && ++complete === stopAt) stop();
    });
    const acceptedSeqs = async () => (await call(sup.core, 'bundles:log', {})).filter((e) => e.outcome === 'accepted').map((e) => e.seq);
    const presses = [
      ['user', () => sup.core.cancelJob()],
      ['lock', () => sup.core.lock('idle')],
    ] as const;
    for (const kind of ['stats', 'full'] as const) {
      for (const [how, press] of presses) {
        const made = await call(station.core, 'bundles:export', { recipientId: added.id, kind });
        await call(station.core, 'bundles:confirmSaved', { jobId: made.jobId });
        const path = station.core.fileJob(made.jobId)!.path;
        for (const moment of [1, 2]) {
          const label = `${kind}, ${how}, ${moment}`;
          const before = await acceptedSeqs();
          const fileIds = sup.core.grantFiles([path]).map((g) => g.fileId);
          [complete, stopAt, stop] = [0, moment, press];
          const result = await sup.core.invoke('bundles:import', { fileIds, confirmFingerprints: [fingerprint] });
          stopAt = 0;
          const ended = sup.events.filter((e) => e.type === 'jobEnded' && e.job === 'bundles:import').at(-1);
          if (how === 'lock') await call(sup.core, 'auth:login', { username: 'admin', password: 'admin password' });
          if (result.ok) {
            // Ignored: the import stands, and the job says it ended.
            expect((result.value as { outcome: string; seq: number }[])[0], label).toMatchObject({ outcome: 'accepted', seq: made.seq });
            expect(ended, label).toMatchObject({ outcome: 'done' });
            expect(await acceptedSeqs(), label).toEqual([made.seq, ...before]);
          } else {
            // Honoured: nothing of the file stays, not even its line in the log.
            expect(result.error.code, label).toBe('CANCELLED');
            expect(ended, label).toMatchObject({ outcome: 'cancelled' });
            expect(await acceptedSeqs(), label).toEqual(before);
            expect((await call(sup.core, 'bundles:stations', {})).map((s) => s.lastSeq), label).toEqual(before.slice(0, 1));
          }
          // Before the last check a stop is honoured; after it, ignored.
          expect(result.ok, label).toBe(moment === 2);
        }
      }
    }
    expect((await call(sup.core, 'bundles:stations', {})).map((s) => [s.code, s.lastSeq])).toEqual([['JS-NJ-01', 4]]);
  });

  it('imports only files chosen in this session, and checks the export input', async () => {
    const sup = await supervisor();
    expect((await refusal(sup.core, 'bundles:import', { fileIds: ['not-an-id'] })).code).toBe('VALIDATION');
    expect(await refusal(sup.core, 'bundles:import', { fileIds: ['00000000-0000-4000-8000-000000000000'] })).toMatchObject({ code: 'NOT_FOUND', messageKey: 'errors.BUNDLE_FILE_GONE' });
    const chosen = sup.core.grantFiles([join(sup.dataDir, 'haven.db.keys')]);
    expect(chosen).toHaveLength(1);
    // A lock forgets what was chosen.
    await call(sup.core, 'auth:lock', {});
    expect(sup.core.grantFiles([join(sup.dataDir, 'haven.db.keys')])).toEqual([]);
    await call(sup.core, 'auth:login', { username: 'admin', password: 'admin password' });
    expect((await refusal(sup.core, 'bundles:import', { fileIds: [chosen[0]!.fileId] })).messageKey).toBe('errors.BUNDLE_FILE_GONE');
    const station = await loggedIn();
    expect((await refusal(station.core, 'bundles:export', { recipientId: 1, kind: 'transfer' })).code).toBe('VALIDATION');
    expect((await refusal(station.core, 'bundles:export', { recipientId: 99, kind: 'full' })).code).toBe('NOT_FOUND');
  });

  it('records a bundle as sent only after the shell saved it; a cancelled save uses no number', async () => {
    const station = await loggedIn();
    const sup = await supervisor();
    const supKeys = await call(sup.core, 'bundles:keys', {});
    const added = await call(station.core, 'bundles:addRecipient', { name: '', recipient: supKeys.recipientFile, confirmFingerprint: supKeys.recipientFingerprint });
    let cancel = true;
    const savedFiles: string[] = [];
    const backend: ShellBackend = {
      print: async () => ({ printed: true }),
      savePdf: async () => ({ path: null }),
      saveFile: async (file) => {
        if (cancel) return { path: null };
        savedFiles.push(file.fileName);
        return { path: `/chosen/${file.fileName}` };
      },
      chooseBundles: async () => [],
      chooseSpreadsheet: async () => [],
      chooseBackupFolder: async () => [],
      chooseBackupFile: async () => [],
    };
    const shell = createShellDispatcher(inThisThread(station.core), backend);
    const sentAudits = async () => (await call(station.core, 'audit:list', { limit: 50 })).filter((e) => e.action === 'bundles.export').length;
    const recipientSeq = async () => (await call(station.core, 'bundles:recipients', {}))[0]?.nextSeq;

    const first = await call(station.core, 'bundles:export', { recipientId: added.id, kind: 'full' });
    expect(first.seq).toBe(1);
    // The save dialog cancelled: nothing recorded, no number used, the file still waits.
    expect(await shell('shell:saveFile', { jobId: first.jobId })).toEqual({ ok: true, value: { path: null } });
    expect(await call(station.core, 'bundles:sent', {})).toEqual([]);
    expect(await sentAudits()).toBe(0);
    expect(await recipientSeq()).toBe(1);
    expect(station.core.fileJob(first.jobId)).not.toBeNull();

    // Exported again before saving: the new file takes number 1 and the unsaved one is dropped.
    const second = await call(station.core, 'bundles:export', { recipientId: added.id, kind: 'stats' });
    expect(second.seq).toBe(1);
    expect(station.core.fileJob(first.jobId)).toBeNull();

    // Saved: recorded once, with the number taken; saving the same file again records nothing more.
    cancel = false;
    expect(await shell('shell:saveFile', { jobId: second.jobId })).toEqual({ ok: true, value: { path: `/chosen/${second.fileName}` } });
    expect(await shell('shell:saveFile', { jobId: second.jobId })).toEqual({ ok: true, value: { path: `/chosen/${second.fileName}` } });
    expect(savedFiles).toEqual([second.fileName, second.fileName]);
    expect(await call(station.core, 'bundles:sent', {})).toMatchObject([{ seq: 1, kind: 'stats', fileName: second.fileName, sha256: second.sha256 }]);
    expect(await sentAudits()).toBe(1);
    expect(await recipientSeq()).toBe(2);
    expect((await call(station.core, 'bundles:export', { recipientId: added.id, kind: 'full' })).seq).toBe(2);

    // A file job gone (the session locked) cannot be recorded.
    expect(await refusal(station.core, 'bundles:confirmSaved', { jobId: '00000000-0000-4000-8000-000000000000' })).toMatchObject({ code: 'NOT_FOUND', messageKey: 'errors.BUNDLE_FILE_GONE' });
  });
});
