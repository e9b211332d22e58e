import type { FeatureHandlers } from '../kernel/context';
import { backupStatus, makeBackup, saveBackupSettings } from './service';

export const backupsHandlers = {
  'backups:status': (_input, ctx) => backupStatus(ctx.db, ctx.paths.databasePath, ctx.now),

  'backups:configure': (input, ctx) => {
    saveBackupSettings(ctx.db, input);
    ctx.audit({ action: 'backups.configure', details: input });
    return backupStatus(ctx.db, ctx.paths.databasePath, ctx.now);
  },

  'backups:run': (_input, ctx) =>
    ctx.jobs.run('backups:run', async (job) => {
      job.setCancellable(false);
      job.report('backingUp', 0, 1);
      const made = makeBackup(ctx.db, ctx.masterKey, ctx.paths.databasePath, ctx.now);
      ctx.audit({ action: 'backup.create', details: { file: made.file, bytes: made.bytes, removed: made.removed, automatic: false } });
      job.report('backingUp', 1, 1);
      return backupStatus(ctx.db, ctx.paths.databasePath, ctx.now);
    }),
} satisfies FeatureHandlers;
