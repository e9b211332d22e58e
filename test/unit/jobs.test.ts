import { describe, expect, it } from 'vitest';
import { JobRunner } from '../../electron/core/kernel/jobs';
import { composeIdNumber } from '../../shared/domain/idNumber';
import type { HavenEvent } from '../../shared/domain/types';
import { call, loggedIn, loggedInSupervisor, refusal } from './support/core';

/** Long jobs: progress events, the user's stop, a lock during a job; nothing changed when stopped. */
async function stationWithRecipient() {
  const station = await loggedIn();
  const sup = await loggedInSupervisor();
  const supKeys = await call(sup.core, 'bundles:keys', {});
  const recipient = await call(station.core, 'bundles:addRecipient', { name: '', recipient: supKeys.recipientFile, confirmFingerprint: supKeys.recipientFingerprint });
  for (const serial of [231, 452, 673]) {
    await call(station.core, 'persons:create', { person: { name: `张${serial}`, idNumber: composeIdNumber('320102', '1988-05-17', serial) } });
  }
  return { station, sup, recipientId: recipient.id };
}

const progressOf = (events: HavenEvent[], job: string) =>
  events.flatMap((e) => (e.type === 'progress' && e.progress.job === job ? [e.progress] : []));

describe('long jobs', () => {
  it('report their phases and their end; one runs at a time', async () => {
    const { station, recipientId } = await stationWithRecipient();
    station.events.length = 0;
    await call(station.core, 'bundles:export', { recipientId, kind: 'full' });
    const phases = progressOf(station.events, 'bundles:export').map((p) => p.phase);
    expect(phases[0]).toBe('reading');
    expect(phases).toContain('encrypting');
    // Once the sending is being recorded the job can no longer be stopped, and says so.
    expect(progressOf(station.events, 'bundles:export').at(-1)?.cancellable).toBe(false);
    expect(station.events.at(-1)).toEqual({ type: 'jobEnded', job: 'bundles:export', outcome: 'done' });

    const events: HavenEvent[] = [];
    const runner = new JobRunner((e) => events.push(e));
    let release: () => void = () => {};
    const first = runner.run('a', () => new Promise<void>((resolve) => (release = resolve)));
    await expect(runner.run('b', () => 1)).rejects.toMatchObject({ code: 'CONFLICT', messageKey: 'errors.JOB_RUNNING' });
    release();
    await first;
    expect(await runner.run('b', () => 2)).toBe(2);
  });

  it('a stop before the sending is recorded leaves nothing: no number used, no sent entry, no audit', async () => {
    const { station, recipientId } = await stationWithRecipient();
    const stopOnce = station.core.onEvent((e) => {
      if (e.type === 'progress' && e.progress.phase === 'reading') station.core.cancelJob();
    });
    expect(await refusal(station.core, 'bundles:export', { recipientId, kind: 'full' })).toMatchObject({ code: 'CANCELLED', messageKey: 'errors.CANCELLED' });
    stopOnce();
    expect(station.events.at(-1)).toEqual({ type: 'jobEnded', job: 'bundles:export', outcome: 'cancelled' });
    expect(await call(station.core, 'bundles:sent', {})).toEqual([]);
    expect((await call(station.core, 'audit:list', { limit: 20 })).map((e) => e.action)).not.toContain('bundles.export');
    // The next export takes number 1, as if nothing had happened.
    expect((await call(station.core, 'bundles:export', { recipientId, kind: 'full' })).seq).toBe(1);
  });

  it('a stopped import writes nothing, not even its log entry', async () => {
    const { station, sup, recipientId } = await stationWithRecipient();
    const made = await call(station.core, 'bundles:export', { recipientId, kind: 'full' });
    const path = station.core.fileJob(made.jobId)!.path;
    const stationKeys = await call(station.core, 'bundles:keys', {});
    const stop = sup.core.onEvent((e) => {
      if (e.type === 'progress' && e.progress.phase === 'applying') sup.core.cancelJob();
    });
    const fileIds = sup.core.grantFiles([path]).map((f) => f.fileId);
    expect(await refusal(sup.core, 'bundles:import', { fileIds, confirmFingerprints: [stationKeys.fingerprint] })).toMatchObject({ code: 'CANCELLED' });
    stop();
    expect(await call(sup.core, 'bundles:log', {})).toEqual([]);
    expect(await call(sup.core, 'bundles:stations', {})).toEqual([]);
    const [accepted] = await call(sup.core, 'bundles:import', { fileIds, confirmFingerprints: [stationKeys.fingerprint] });
    expect(accepted?.outcome).toBe('accepted');
  });

  it('a lock during a job stops it where it may stop, then locks; no request is answered in between', async () => {
    const { station, recipientId } = await stationWithRecipient();
    let during: Promise<unknown> | null = null;
    const off = station.core.onEvent((e) => {
      if (e.type === 'progress' && e.progress.phase === 'reading' && during === null) {
        station.core.lock('os-lock');
        during = station.core.invoke('persons:list', {});
      }
    });
    expect(await refusal(station.core, 'bundles:export', { recipientId, kind: 'full' })).toMatchObject({ code: 'CANCELLED' });
    off();
    expect(await during).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    expect(station.events).toContainEqual({ type: 'locked', reason: 'os-lock' });
    expect((await call(station.core, 'app:status', {})).state).toBe('locked');
  });

  it('the user\'s stop does not end a job that offers none (the worklist evaluation); a lock does', async () => {
    const runner = new JobRunner(() => {});
    const stops: string[] = [];
    const job = (name: string) =>
      runner.run(
        name,
        async (control) => {
          for (let i = 0; i < 3; i++) {
            control.checkCancelled();
            stops.push(`${name}${i}`);
            if (i === 0 && name === 'user') runner.requestCancel();
            if (i === 0 && name === 'lock') runner.requestStopForLock();
            await control.breathe();
          }
        },
        { offerStop: false },
      );
    await job('user');
    await expect(job('lock')).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(stops).toEqual(['user0', 'user1', 'user2', 'lock0']);
  });

  it('a job whose end event throws still lets those waiting for it go (quitting never hangs)', async () => {
    const runner = new JobRunner((event) => {
      if (event.type === 'jobEnded') throw new Error('a listener failed');
    });
    const waited = (async () => {
      await Promise.resolve();
      await runner.whenIdle();
      return 'idle';
    })();
    await expect(runner.run('test:job', async () => 'done')).rejects.toThrow('a listener failed');
    expect(await waited).toBe('idle');
    expect(runner.running).toBeNull();
  });

  it('a listener that throws at the lock does not stop the lock: the database is closed, the key dropped, the lock audited', async () => {
    const ctx = await loggedIn();
    const off = ctx.core.onEvent((e) => {
      if (e.type === 'locked') throw new Error('a listener failed');
    });
    expect(await ctx.core.invoke('auth:lock', {})).toMatchObject({ ok: true });
    off();
    expect((await refusal(ctx.core, 'persons:list', {})).code).toBe('LOCKED');
    await call(ctx.core, 'auth:login', { username: 'admin', password: 'admin password' });
    expect((await call(ctx.core, 'audit:list', { action: 'auth.lock', limit: 1 })).length).toBe(1);
  });
});

