import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
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

describe('made files and dialogs', () => {
  it('removes a spreadsheet (its plaintext folder) once saved; keeps it after a cancelled or failed save', async () => {
    const { core } = await loggedIn();
    await call(core, 'persons:create', { person: { name: '张三', idNumber: composeIdNumber('320102', '1988-05-17', 231) } });
    let answer: 'cancel' | 'fail' | 'save' = 'cancel';
    const saved: string[] = [];
    const shell = createShellDispatcher(inThisThread(core), {
      ...recordingBackend().backend,
      saveFile: async (file) => {
        if (answer === 'fail') throw new Error('the disk is full');
        if (answer === 'cancel') return { path: null };
        saved.push(file.fileName);
        return { path: `/chosen/${file.fileName}` };
      },
    });
    const made = await call(core, 'audit:export', {});
    const path = core.fileJob(made.jobId)!.path;
    expect(existsSync(path)).toBe(true);

    expect(await shell('shell:saveSpreadsheet', { jobId: made.jobId })).toEqual({ ok: true, value: { path: null } });
    answer = 'fail';
    expect(await shell('shell:saveSpreadsheet', { jobId: made.jobId })).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(core.fileJob(made.jobId)?.path).toBe(path);
    expect(existsSync(path)).toBe(true);

    answer = 'save';
    expect(await shell('shell:saveSpreadsheet', { jobId: made.jobId })).toEqual({ ok: true, value: { path: `/chosen/${made.fileName}` } });
    expect(core.fileJob(made.jobId)).toBeNull();
    expect(existsSync(dirname(path))).toBe(false);
    expect(await shell('shell:saveSpreadsheet', { jobId: made.jobId })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(saved).toEqual([made.fileName]);
  });

  it('a lock leaves nothing in the outbox, not even a folder no job knows of', async () => {
    const { core, dataDir } = await loggedIn();
    const made = await call(core, 'audit:export', {});
    const outbox = dirname(dirname(core.fileJob(made.jobId)!.path));
    expect(outbox).toBe(join(dataDir, 'outbox'));
    // What an export that failed half-way may leave behind.
    mkdirSync(join(outbox, 'left-behind'));
    writeFileSync(join(outbox, 'left-behind', 'part.xlsx'), 'rows');
    await call(core, 'auth:lock', {});
    expect(existsSync(outbox) ? readdirSync(outbox) : []).toEqual([]);
  });

  it('writes nothing when the session locked (or the job went) while the save dialog was open', async () => {
    const { core } = await loggedIn();
    const { personId } = await call(core, 'persons:create', { person: { name: '张三', idNumber: composeIdNumber('320102', '1988-05-17', 231) } });
    const written: string[] = [];
    /** The dialog's stand-in: what happens while it is open, then the shell's re-check before writing. */
    let whileOpen = async () => {};
    const afterDialog = async (stillAllowed: () => Promise<boolean>, what: string) => {
      await whileOpen();
      if (!(await stillAllowed())) return { path: null };
      written.push(what);
      return { path: `/chosen/${what}` };
    };
    const shell = createShellDispatcher(inThisThread(core), {
      ...recordingBackend().backend,
      savePdf: (job, stillAllowed) => afterDialog(stillAllowed, `${job.title}.pdf`),
      saveFile: (file, stillAllowed) => afterDialog(stillAllowed, file.fileName),
    });
    const lock = async () => {
      await call(core, 'auth:lock', {});
    };

    // Unlocked throughout: written.
    const doc = await call(core, 'print:render', { document: 'caseFile', personId });
    expect(await shell('shell:savePdf', { jobId: doc.jobId })).toMatchObject({ ok: true, value: { path: `/chosen/${doc.title}.pdf` } });

    // The idle lock fires while the dialog is open: nothing is written, the answer is LOCKED.
    whileOpen = lock;
    expect(await shell('shell:savePdf', { jobId: doc.jobId })).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    await call(core, 'auth:login', { username: 'admin', password: 'admin password' });
    const sheet = await call(core, 'audit:export', {});
    expect(await shell('shell:saveSpreadsheet', { jobId: sheet.jobId })).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    await call(core, 'auth:login', { username: 'admin', password: 'admin password' });
    const sheet2 = await call(core, 'audit:export', {});
    expect(await shell('shell:saveFile', { jobId: sheet2.jobId })).toMatchObject({ ok: false, error: { code: 'LOCKED' } });

    // Locked and unlocked again before the dialog closed: the session goes on, but the job went with the lock.
    await call(core, 'auth:login', { username: 'admin', password: 'admin password' });
    const doc2 = await call(core, 'print:render', { document: 'caseFile', personId });
    whileOpen = async () => {
      await lock();
      await call(core, 'auth:login', { username: 'admin', password: 'admin password' });
    };
    expect(await shell('shell:savePdf', { jobId: doc2.jobId })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(written).toEqual([`${doc.title}.pdf`]);
  });
});
