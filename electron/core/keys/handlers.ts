import { HavenError } from '../../../shared/ipc/errors';
import type { FeatureHandlers, SessionContext } from '../kernel/context';
import { setHasKeySlot } from '../kernel/vault';

function confirmPassword(ctx: SessionContext, password: string): void {
  if (!ctx.keys.checkPassword(ctx.user.username, password)) {
    throw new HavenError('INVALID_CREDENTIALS', {
      messageKey: 'errors.CURRENT_PASSWORD_WRONG',
      fields: { currentPassword: 'errors.CURRENT_PASSWORD_WRONG' },
    });
  }
}

export const keysHandlers = {
  'keys:newRecoveryKey': (input, ctx) => {
    confirmPassword(ctx, input.currentPassword);
    const recoveryKey = ctx.keys.newRecoveryKey(ctx.now);
    ctx.audit({ action: 'keys.newRecoveryKey', entity: 'station' });
    return { recoveryKey };
  },

  'keys:rotateMasterKey': (input, ctx) => {
    confirmPassword(ctx, input.currentPassword);
    // Re-encrypting every page takes a while on a large database: shown as a long job that cannot
    // stop halfway (a lock meanwhile waits for it), with no steps to count (SQLCipher's rekey is one call).
    return ctx.jobs.run(
      'keys:rotateMasterKey',
      (job) => {
        job.setCancellable(false);
        job.report('rekeying', 0, 0);
        const { masterKey, recoveryKey, dropped } = ctx.keys.rotateMasterKey(ctx.db, ctx.user.username, input.currentPassword, ctx.now);
        masterKey.fill(0);
        ctx.db.transaction(() => {
          for (const username of dropped) setHasKeySlot(ctx.db, username, false);
          ctx.audit({ action: 'keys.rotateMasterKey', entity: 'station', details: { usersNeedingReset: dropped } });
        })();
        return { recoveryKey, usersNeedingReset: dropped };
      },
      { offerStop: false },
    );
  },
} satisfies FeatureHandlers;
