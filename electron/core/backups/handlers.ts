import { join } from 'node:path';
import { HavenError } from '../../../shared/ipc/errors';
import type { FeatureHandlers, SessionContext } from '../kernel/context';
import { getStation } from '../kernel/settings';
import { appendRestoreLog, inspectBackup, stageRestore, swapIntoPlace, type RestoreCredential, type RestoreRequest } from './restore';
import { backupFolder, backupSettings, backupStatus, checkBackupFolder, makeBackupInThread, reportBackupTo, reportMegabytes, removeOtherKeyBackups, restoreCandidates, saveBackupFolder, saveBackupSettings } from './service';

/** The backup a restore names: ours in the folder (by name, checked by the schema), or a file the open dialog granted. */
function restoreSource(ctx: SessionContext, source: { file: string } | { fileId: string }) {
  if ('file' in source) return { path: join(backupFolder(ctx.db, ctx.paths.databasePath), source.file), name: source.file };
  const granted = ctx.printJobs.granted(source.fileId, ctx.now.getTime());
  if (!granted) throw new HavenError('NOT_FOUND', { messageKey: 'errors.BUNDLE_FILE_GONE' });
  return { path: granted.path, name: granted.name };
}

function restoreRequest(ctx: SessionContext, source: { file: string } | { fileId: string }, credential: RestoreCredential): RestoreRequest {
  return {
    source: restoreSource(ctx, source),
    username: ctx.user.username,
    credential,
    currentDb: ctx.db,
    currentMode: getStation(ctx.db).mode,
    databasePath: ctx.paths.databasePath,
    vaultOptions: ctx.vaultOptions,
  };
}

export const backupsHandlers = {
  'backups:status': (_input, ctx) => backupStatus(ctx.db, ctx.paths.databasePath, ctx.now),

  'backups:configure': (input, ctx) => {
    const { dailyAt } = backupSettings(ctx.db);
    const next = { keep: input.keep, everyDays: input.everyDays, warnDays: input.warnDays, dailyAt: input.dailyAt === undefined ? dailyAt : input.dailyAt };
    saveBackupSettings(ctx.db, next);
    ctx.audit({ action: 'backups.configure', details: next });
    return backupStatus(ctx.db, ctx.paths.databasePath, ctx.now);
  },

  'backups:setFolder': (input, ctx) => {
    let folder: string | null = null;
    if (input.folderId !== null) {
      const granted = ctx.printJobs.granted(input.folderId, ctx.now.getTime());
      if (!granted) throw new HavenError('NOT_FOUND', { messageKey: 'errors.BUNDLE_FILE_GONE' });
      folder = checkBackupFolder(granted.path, [ctx.outbox]);
    }
    const before = backupSettings(ctx.db).folder;
    saveBackupFolder(ctx.db, folder);
    ctx.audit({ action: 'backups.setFolder', details: { folder, before } });
    return backupStatus(ctx.db, ctx.paths.databasePath, ctx.now);
  },

  'backups:run': (_input, ctx) =>
    ctx.jobs.run('backups:run', async (job) => {
      job.setCancellable(false);
      try {
        const made = await makeBackupInThread(
          ctx.db,
          ctx.masterKey,
          ctx.paths.databasePath,
          ctx.now,
          { username: ctx.user.username, automatic: false },
          { nativeBinding: ctx.vaultOptions.nativeBinding, onProgress: reportBackupTo(job) },
        );
        ctx.audit({ action: 'backup.create', details: { file: made.file, bytes: made.bytes, removed: made.removed, automatic: false } });
      } catch (error) {
        // Recorded, and nothing else changed: the last successful backup stays what it was.
        ctx.audit({ action: 'backup.failed', details: { automatic: false, reason: error instanceof HavenError ? error.messageKey : 'errors.INTERNAL' } });
        throw error;
      }
      return backupStatus(ctx.db, ctx.paths.databasePath, ctx.now);
    }),

  'backups:list': (_input, ctx) => restoreCandidates(ctx.db, ctx.paths.databasePath, ctx.masterKey, ctx.vaultOptions.nativeBinding),

  'backups:removeOtherKey': (_input, ctx) => {
    const removed = removeOtherKeyBackups(ctx.db, ctx.paths.databasePath, ctx.masterKey, ctx.vaultOptions.nativeBinding);
    ctx.audit({ action: 'backups.removeOtherKey', details: { removed } });
    return { removed, status: backupStatus(ctx.db, ctx.paths.databasePath, ctx.now) };
  },

  // A job: the whole backup is read and checked (seconds at county scale) with a bar, a lock waits
  // for it, and 停止 is always safe (nothing is written anywhere).
  'backups:inspect': (input, ctx) =>
    ctx.jobs.run('backups:inspect', async (job) => {
      job.report('restoreCheck', 0, 0);
      const preview = await inspectBackup(restoreRequest(ctx, input.source, input.credential));
      job.checkCancelled();
      return preview;
    }),

  'backups:restore': (input, ctx) =>
    ctx.jobs.run('backups:restore', async (job) => {
      const request = restoreRequest(ctx, input.source, input.credential);
      const now = ctx.now;
      try {
        // Nothing in place is touched until the copy beside it has passed every check.
        const staged = await stageRestore({ ...request, confirm: input.confirm, now, actor: ctx.user }, (progress) => {
          if (progress.step === 'copying') reportMegabytes(job, 'restoreCopy', progress.bytes, progress.total);
          else job.report('restoreCheck', 0, 0);
          // 停止 while the backup is still being copied and checked: nothing in place is touched yet.
          job.checkCancelled();
        });
        try {
          // A stop asked for while the thread checked the copy: still nothing in place touched.
          job.checkCancelled();
        } catch (error) {
          staged.discard();
          staged.masterKey.fill(0);
          throw error;
        }
        job.setCancellable(false);
        job.report('restoreSwap', 0, 1);
        let keptAs = '';
        try {
          ctx.replaceDatabase(() => {
            keptAs = swapIntoPlace(staged, ctx.paths.databasePath, now, ctx.vaultOptions);
          });
        } catch (error) {
          staged.discard();
          throw error;
        }
        appendRestoreLog(ctx.paths.databasePath, now, `restored ${request.source.name}; previous files kept as ${keptAs}`);
        job.report('restoreSwap', 1, 1);
        return { keptAs };
      } catch (error) {
        // Not in the current database: a refused restore leaves its files byte for byte as they
        // were. The plain log beside it says when, which file and why (no names, nothing personal).
        appendRestoreLog(ctx.paths.databasePath, now, `refused ${request.source.name}: ${error instanceof HavenError ? error.messageKey : 'errors.INTERNAL'}`);
        throw error;
      }
    }),
} satisfies FeatureHandlers;
