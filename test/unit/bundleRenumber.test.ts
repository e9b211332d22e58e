import { describe, expect, it } from 'vitest';
import { unlockWithPassword, vaultPaths } from '../../electron/core/kernel/vault';
import { translate } from '../../shared/i18n/translate';
import { composeIdNumber } from '../../shared/domain/idNumber';
import { call, loggedIn, loggedInSupervisor, refusal } from './support/core';
import { FAST_SCRYPT } from './support/tmp';

/** A station whose admin registered a supervisor; each `sendOne` is a full bundle made an hour later, imported there as the screens do. */
async function stationSendingToSupervisor() {
  const station = await loggedIn('2026-03-02T09:00:00+08:00');
  const sup = await loggedInSupervisor();
  const keys = await call(sup.core, 'bundles:keys', {});
  const recipientId = (await call(station.core, 'bundles:addRecipient', { name: '', recipient: keys.recipientFile, confirmFingerprint: keys.recipientFingerprint })).id;
  const fingerprint = (await call(station.core, 'bundles:keys', {})).fingerprint;
  const sendOne = async () => {
    station.clock.advance(3600_000);
    const made = await call(station.core, 'bundles:export', { recipientId, kind: 'full' });
    await call(station.core, 'bundles:confirmSaved', { jobId: made.jobId });
    return station.core.fileJob(made.jobId)!.path;
  };
  const importAtSupervisor = async (path: string, options: Record<string, unknown> = {}) =>
    (await call(sup.core, 'bundles:import', { fileIds: sup.core.grantFiles([path]).map((g) => g.fileId), confirmFingerprints: [fingerprint], ...options }))[0]!;
  return { station, sup, sendOne, importAtSupervisor };
}

/**
 * A station whose numbering went back (restored from a backup made before its last bundles, the
 * database it replaced unreadable, so the restore could not keep what was sent): the supervisor
 * tells it from an old bundle and takes it only when its admin says so, with a reason.
 */
describe('a station numbering its bundles again', () => {
  it('is refused as renumbered, not as old, and taken under its number when the admin says so', async () => {
    const { station, sup, sendOne, importAtSupervisor } = await stationSendingToSupervisor();
    expect(await importAtSupervisor(await sendOne())).toMatchObject({ outcome: 'accepted', seq: 1 });
    expect(await importAtSupervisor(await sendOne())).toMatchObject({ outcome: 'accepted', seq: 2 });
    expect(await importAtSupervisor(await sendOne())).toMatchObject({ outcome: 'accepted', seq: 3 });

    // The station's numbering goes back to where a backup stood: after bundle 1.
    const opened = unlockWithPassword(vaultPaths(station.dataDir), 'admin', 'admin password', { scrypt: FAST_SCRYPT });
    opened.db.prepare('DELETE FROM bundle_sent WHERE seq >= 2').run();
    opened.db.prepare('UPDATE bundle_recipients SET next_seq = 2').run();
    opened.db.close();
    const again = await sendOne();
    // The new bundle 2 is not an old one: it was made after the last one taken.
    const refused = await importAtSupervisor(again);
    expect(refused).toMatchObject({ outcome: 'refused', reason: 'BUNDLE_RENUMBERED', params: { seq: 2, last: 3, code: 'JS-NJ-01' } });
    expect((await call(sup.core, 'bundles:stations', {}))[0]).toMatchObject({ lastSeq: 3 });
    expect(translate('zh-CN', refused.messageKey!, refused.params)).toContain('可能从备份恢复过');

    // A reason is required, as for every such act.
    expect((await refusal(sup.core, 'bundles:import', { fileIds: sup.core.grantFiles([again]).map((g) => g.fileId), renumberStations: [{ code: 'JS-NJ-01', reason: '' }] })).code).toBe('VALIDATION');
    // Too long a reason is refused; a renumbering for another code (or none that is one) changes nothing.
    expect((await refusal(sup.core, 'bundles:import', { fileIds: sup.core.grantFiles([again]).map((g) => g.fileId), renumberStations: [{ code: 'JS-NJ-01', reason: '原'.repeat(5000) }] })).code).toBe('VALIDATION');
    expect((await refusal(sup.core, 'bundles:import', { fileIds: sup.core.grantFiles([again]).map((g) => g.fileId), renumberStations: [{ code: "JS-NJ-01'; DROP TABLE stations; --", reason: '试图重新编号' }] })).code).toBe('VALIDATION');
    expect(await importAtSupervisor(again, { renumberStations: [{ code: 'JS-NJ-09', reason: '试图重新编号' }] })).toMatchObject({ outcome: 'refused', reason: 'BUNDLE_RENUMBERED' });
    // The admin, having checked with the station, takes it under its number; the audit log says so.
    const taken = await importAtSupervisor(again, { renumberStations: [{ code: 'JS-NJ-01', reason: '电话核实：该站从备份恢复' }] });
    expect(taken).toMatchObject({ outcome: 'accepted', seq: 2 });
    expect(taken.warnings.map((w) => w.code)).toContain('BUNDLE_NUMBERING_RESTARTED');
    expect(taken.warnings.map((w) => w.code)).not.toContain('BUNDLE_CHAIN_MISMATCH');
    expect((await call(sup.core, 'audit:list', { action: 'bundles.stationRenumbered', limit: 1 }))[0]).toMatchObject({ details: { reason: '电话核实：该站从备份恢复', lastSeqBefore: 3, seq: 2 } });
    // From there the station numbers on as usual, chained to the bundle just taken.
    const next = await importAtSupervisor(await sendOne());
    expect(next).toMatchObject({ outcome: 'accepted', seq: 3 });
    expect(next.warnings.map((w) => w.code)).not.toContain('BUNDLE_CHAIN_MISMATCH');
  });

  it('still refuses an old bundle (made before the last one taken) as old, whatever is asked', async () => {
    const station = await loggedIn('2026-03-02T09:00:00+08:00');
    const sup = await loggedInSupervisor();
    const keys = await call(sup.core, 'bundles:keys', {});
    const recipientId = (await call(station.core, 'bundles:addRecipient', { name: '', recipient: keys.recipientFile, confirmFingerprint: keys.recipientFingerprint })).id;
    const fingerprint = (await call(station.core, 'bundles:keys', {})).fingerprint;
    const made: string[] = [];
    for (let i = 0; i < 2; i++) {
      station.clock.advance(3600_000);
      const job = await call(station.core, 'bundles:export', { recipientId, kind: 'full' });
      await call(station.core, 'bundles:confirmSaved', { jobId: job.jobId });
      made.push(station.core.fileJob(job.jobId)!.path);
    }
    const importAt = async (path: string, options: Record<string, unknown> = {}) =>
      (await call(sup.core, 'bundles:import', { fileIds: sup.core.grantFiles([path]).map((g) => g.fileId), confirmFingerprints: [fingerprint], ...options }))[0]!;
    expect(await importAt(made[1]!)).toMatchObject({ outcome: 'accepted', seq: 2 });
    const old = await importAt(made[0]!, { renumberStations: [{ code: 'JS-NJ-01', reason: '试图重新编号' }] });
    expect(old).toMatchObject({ outcome: 'refused', reason: 'BUNDLE_STALE', params: { seq: 1, last: 2 } });
  });
});

describe('a station whose file ids may come again', () => {
  async function setUp() {
    const { station, sup, sendOne, importAtSupervisor } = await stationSendingToSupervisor();
    const { personId: zhang } = await call(station.core, 'persons:create', { person: { name: '张三', idNumber: composeIdNumber('320102', '1988-05-17', 231) } });
    expect(await importAtSupervisor(await sendOne())).toMatchObject({ outcome: 'accepted', seq: 1 });
    expect(await importAtSupervisor(await sendOne())).toMatchObject({ outcome: 'accepted', seq: 2 });
    // The county office opens 张三's file: its log names that file by its id here.
    const [atSupervisor] = (await call(sup.core, 'persons:list', { query: '张三' })).rows;
    await call(sup.core, 'persons:get', { personId: atSupervisor!.id });
    /** The station's database as a restore from an older backup leaves it: 张三 gone (and his id free again), numbering back after bundle 1 if asked. */
    const restore = (numberingBack: boolean) => {
      const opened = unlockWithPassword(vaultPaths(station.dataDir), 'admin', 'admin password', { scrypt: FAST_SCRYPT });
      opened.db.prepare('DELETE FROM persons WHERE id = ?').run(zhang);
      opened.db.prepare("DELETE FROM meta WHERE key = 'personIdHighWater'").run();
      if (numberingBack) {
        opened.db.prepare('DELETE FROM bundle_sent WHERE seq >= 2').run();
        opened.db.prepare('UPDATE bundle_recipients SET next_seq = 2').run();
      }
      opened.db.close();
    };
    return { station, sup, sendOne, importAtSupervisor, zhang, zhangHere: atSupervisor!.id, restore };
  }

  /** 李四 is a new file at the supervisor, under an id 张三 never had; 张三's events stay his, not 李四's. */
  async function expectNewIds(sup: Awaited<ReturnType<typeof setUp>>['sup'], zhangHere: number) {
    const rows = (await call(sup.core, 'persons:list', {})).rows;
    expect(rows.map((r) => r.name)).toEqual(['李四']);
    expect(rows[0]!.id).not.toBe(zhangHere);
    const about = await call(sup.core, 'audit:list', { personId: zhangHere, limit: 10 });
    expect(about.map((e) => e.action)).toContain('persons.view');
    expect(about.every((e) => e.person?.name !== '李四')).toBe(true);
    expect((await call(sup.core, 'audit:list', { action: 'bundles.stationBlockRenewed', limit: 1 }))[0]).toMatchObject({ details: { reused: 1 } });
    return rows[0]!.id;
  }

  it('a renumbering accepted after a restore, with a new file under an old file’s id: the station’s files get ids never given before', async () => {
    const { station, sup, sendOne, importAtSupervisor, zhang, zhangHere, restore } = await setUp();
    restore(true);
    const { personId: li } = await call(station.core, 'persons:create', { person: { name: '李四', idNumber: composeIdNumber('320102', '1990-02-11', 452) } });
    expect(li).toBe(zhang);
    const taken = await importAtSupervisor(await sendOne(), { renumberStations: [{ code: 'JS-NJ-01', reason: '电话核实：该站从备份恢复' }] });
    expect(taken).toMatchObject({ outcome: 'accepted', seq: 2 });
    expect(taken.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(['BUNDLE_NUMBERING_RESTARTED', 'BUNDLE_FILE_IDS_REUSED']));
    const liHere = await expectNewIds(sup, zhangHere);
    // The next bundle goes on in the new block: the same file, the same id.
    expect(await importAtSupervisor(await sendOne())).toMatchObject({ outcome: 'accepted', seq: 3 });
    expect((await call(sup.core, 'persons:list', {})).rows.map((r) => r.id)).toEqual([liHere]);
  });

  it('a file under an old file’s id in a bundle numbered on as usual is caught the same way', async () => {
    const { station, sup, sendOne, importAtSupervisor, zhangHere, restore } = await setUp();
    restore(false);
    await call(station.core, 'persons:create', { person: { name: '李四', idNumber: composeIdNumber('320102', '1990-02-11', 452) } });
    const taken = await importAtSupervisor(await sendOne());
    expect(taken).toMatchObject({ outcome: 'accepted', seq: 3 });
    expect(taken.warnings.map((w) => w.code)).toContain('BUNDLE_FILE_IDS_REUSED');
    await expectNewIds(sup, zhangHere);
  });

  it('a renumbering that sends the same files keeps their ids, and what the office recorded about them', async () => {
    const { station, sup, sendOne, importAtSupervisor, zhangHere } = await setUp();
    const opened = unlockWithPassword(vaultPaths(station.dataDir), 'admin', 'admin password', { scrypt: FAST_SCRYPT });
    opened.db.prepare('DELETE FROM bundle_sent WHERE seq >= 2').run();
    opened.db.prepare('UPDATE bundle_recipients SET next_seq = 2').run();
    opened.db.close();
    const taken = await importAtSupervisor(await sendOne(), { renumberStations: [{ code: 'JS-NJ-01', reason: '电话核实：该站从备份恢复' }] });
    expect(taken).toMatchObject({ outcome: 'accepted', seq: 2 });
    expect(taken.warnings.map((w) => w.code)).not.toContain('BUNDLE_FILE_IDS_REUSED');
    expect((await call(sup.core, 'persons:list', {})).rows.map((r) => [r.name, r.id])).toEqual([['张三', zhangHere]]);
    expect((await call(sup.core, 'audit:list', { personId: zhangHere, limit: 10 })).every((e) => e.person?.name === '张三')).toBe(true);
  });
});
