import { HavenError } from '../../../shared/ipc/errors';
import type { FeatureHandlers, SessionContext } from '../kernel/context';
import { RotationFailed, setHasKeySlot } from '../kernel/vault';

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
    // The new slot replaces the old one only with its audit event committed: a refusal keeps the
    // printed key working (VaultKeys.transaction).
    const { next, recoveryKey } = ctx.keys.withNewRecoveryKey(ctx.now);
    ctx.keys.transaction(ctx.db, next, () => ctx.audit({ action: 'keys.newRecoveryKey', entity: 'station' }));
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
        let rotated: ReturnType<typeof ctx.keys.rotateMasterKey>;
        try {
          // The flags and the audit event are written before the rekey (vault.ts): nothing is left
          // to fail after it, so the new recovery key always reaches the screen.
          rotated = ctx.keys.rotateMasterKey(ctx.db, ctx.user.username, input.currentPassword, ctx.now, (dropped) => {
            for (const username of dropped) setHasKeySlot(ctx.db, username, false);
            ctx.audit({ action: 'keys.rotateMasterKey', entity: 'station', details: { usersNeedingReset: dropped } });
          });
        } catch (error) {
          // A failed rekey closed the connection to put the copy from before it back: the same
          // file under the same key, opened again as after a refused restore. When the copy could
          // not be put back, the session ends instead (never a session on the damaged file), and
          // the next login finishes the put-back or says where the copy is.
          if (error instanceof RotationFailed) {
            ctx.replaceDatabase(() => {
              if (error.putBack) throw error;
            });
          }
          throw error;
        }
        rotated.masterKey.fill(0);
        return { recoveryKey: rotated.recoveryKey, usersNeedingReset: rotated.dropped };
      },
      { offerStop: false },
    );
  },
} satisfies FeatureHandlers;
