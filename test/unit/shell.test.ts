import { describe, expect, it } from 'vitest';
import { createShellDispatcher, type ShellBackend } from '../../electron/core/shell';
import { inThisThread } from '../../electron/core/host/protocol';
import { composeIdNumber } from '../../shared/domain/idNumber';
import { call, loggedIn, firstLogin } from './support/core';

/** The shell's channels through the one dispatcher the main process and the e2e harness share. */
function recordingBackend() {
  const calls: string[] = [];
  const backend: ShellBackend = {
    print: async (job) => {
      calls.push(`print:${job.title}`);
      return { printed: true };
    },
    savePdf: async (job) => {
      calls.push(`pdf:${job.title}`);
      return { path: '/chosen/file.pdf' };
    },
    saveFile: async (file) => {
      calls.push(`file:${file.fileName}`);
      return { path: `/chosen/${file.fileName}` };
    },
    chooseBundles: async () => {
      calls.push('choose');
      return [];
    },
    chooseSpreadsheet: async () => {
      calls.push('chooseSpreadsheet');
      return [];
    },
    chooseBackupFolder: async () => {
      calls.push('chooseBackupFolder');
      return [];
    },
    chooseBackupFile: async () => {
      calls.push('chooseBackupFile');
      return [];
    },
  };
  return { backend, calls };
}

describe('shell dispatcher', () => {
  it('checks the contract\'s access rule, the input and the job before the backend runs', async () => {
    const { core } = await loggedIn();
    const { backend, calls } = recordingBackend();
    const shell = createShellDispatcher(inThisThread(core), backend);
    const { personId } = await call(core, 'persons:create', { person: { name: '张三', idNumber: composeIdNumber('320102', '1988-05-17', 231) } });
    const job = await call(core, 'print:render', { document: 'caseFile', personId });

    expect(await shell('shell:print', { jobId: 'not-a-uuid' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await shell('shell:print', { jobId: '00000000-0000-4000-8000-000000000000' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', messageKey: 'errors.PRINT_JOB_GONE' } });
    expect(await shell('shell:nothing', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    expect(await shell('shell:print', { jobId: job.jobId })).toEqual({ ok: true, value: { printed: true } });
    expect(await shell('shell:savePdf', { jobId: job.jobId })).toEqual({ ok: true, value: { path: '/chosen/file.pdf' } });
    expect(calls).toEqual([`print:${job.title}`, `pdf:${job.title}`]);

    // shell:saveFile is for admins (the contract says so): a staff member is refused and audited.
    await call(core, 'users:create', { username: 'qian', displayName: '钱社工', role: 'staff', password: 'staff password' });
    await call(core, 'auth:logout', {});
    await firstLogin(core, 'qian', 'staff password');
    expect(await shell('shell:saveFile', { jobId: job.jobId })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // Locked: nothing is printed, whatever the job.
    await call(core, 'auth:lock', {});
    expect(await shell('shell:print', { jobId: job.jobId })).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    expect(calls).toHaveLength(2);
  });
});
