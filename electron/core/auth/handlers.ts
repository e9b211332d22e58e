import { HavenError } from '../../../shared/ipc/errors';
import { setPasswordChangeRequired } from '../kernel/passwordChange';
import type { FeatureHandlers, PublicContext } from '../kernel/context';
import { unlockWithPassword, unlockWithRecoveryKey, VaultKeys, type OpenedVault } from '../kernel/vault';
import { writeAudit } from '../kernel/audit';
import { auditLoginFailures, RECOVERY_BUCKET } from '../kernel/throttle';
import { setHasKeySlot } from '../kernel/vault';
import { findUserByUsername, syncKeySlotFlags, touchLastLogin } from '../users/repo';
import type { SessionInfo } from '../../../shared/domain/types';
import type { AuditAction } from '../../../shared/ipc/auditActions';
import type { KeyFileData } from '../kernel/crypto/keyFile';

function refuseIfThrottled(ctx: PublicContext, username: string): void {
  const seconds = ctx.throttle.waitSeconds(username, ctx.now);
  if (seconds > 0) throw new HavenError('THROTTLED', { params: { seconds } });
}

const slotHolders = (keyFile: KeyFileData) => keyFile.slots.flatMap((s) => (s.type === 'password' ? [s.username] : []));

/**
 * Turns an unlocked vault into a session for `username`, or closes it again and refuses.
 * `slot`: a recovery's new password slot and its rows, written with the login's own rows and put
 * in place only once they committed (VaultKeys.transaction).
 */
function enter(
  ctx: PublicContext,
  opened: OpenedVault,
  username: string,
  action: AuditAction,
  keys = new VaultKeys(ctx.paths, opened.masterKey, opened.keyFile, ctx.vaultOptions),
  slot?: { next: KeyFileData; write: () => void },
): SessionInfo {
  const user = findUserByUsername(opened.db, username);
  if (!user || user.disabled) {
    opened.db.close();
    opened.masterKey.fill(0);
    throw new HavenError(user ? 'USER_DISABLED' : 'INVALID_CREDENTIALS');
  }
  const at = ctx.now.toISOString();
  const write = () => {
    slot?.write();
    syncKeySlotFlags(opened.db, slot ? slotHolders(slot.next) : keys.passwordUsernames());
    touchLastLogin(opened.db, user.id, at);
    writeAudit(opened.db, { userId: user.id, username: user.username }, ctx.now, { action, entity: 'user', entityId: user.id });
    // Failed attempts since the last login (by any name): they could not be written while locked.
    auditLoginFailures(opened.db, ctx.throttle, ctx.now);
  };
  try {
    if (slot) keys.transaction(opened.db, slot.next, write);
    else opened.db.transaction(write)();
  } catch (error) {
    // Refused (a full disk): no session, and the vault closed again with its key.
    opened.db.close();
    opened.masterKey.fill(0);
    throw error;
  }
  return ctx.startSession({
    db: opened.db,
    masterKey: opened.masterKey,
    keys,
    user: { id: user.id, username: user.username, displayName: user.displayName, role: user.role },
  });
}

export const authHandlers = {
  'app:status': (_input, ctx) => {
    const session = ctx.currentSessionInfo();
    if (session) return { state: 'unlocked', session, lockReason: null, lastUsername: session.user.username };
    return {
      state: ctx.isInitialized() ? 'locked' : 'uninitialized',
      session: null,
      lockReason: ctx.status.lockReason,
      lastUsername: ctx.status.lastUsername,
    };
  },

  'auth:login': (input, ctx) => {
    if (!ctx.isInitialized()) throw new HavenError('NOT_INITIALIZED');
    if (ctx.hasSession()) throw new HavenError('CONFLICT', { messageKey: 'errors.ALREADY_LOGGED_IN' });
    refuseIfThrottled(ctx, input.username);
    let opened: OpenedVault;
    try {
      opened = unlockWithPassword(ctx.paths, input.username, input.password, ctx.vaultOptions);
    } catch (error) {
      if (error instanceof HavenError && error.code === 'INVALID_CREDENTIALS') {
        ctx.throttle.recordFailure(input.username, ctx.now);
        const seconds = ctx.throttle.waitSeconds(input.username, ctx.now);
        if (seconds > 0) throw new HavenError('INVALID_CREDENTIALS', { messageKey: 'errors.INVALID_CREDENTIALS_THROTTLED', params: { seconds } });
      }
      throw error;
    }
    ctx.throttle.reset(input.username);
    return enter(ctx, opened, input.username, 'auth.login');
  },

  'auth:recover': (input, ctx) => {
    if (!ctx.isInitialized()) throw new HavenError('NOT_INITIALIZED');
    if (ctx.hasSession()) throw new HavenError('CONFLICT', { messageKey: 'errors.ALREADY_LOGGED_IN' });
    // Recovery attempts share one throttle bucket: the key space is large, but guessing is still refused.
    refuseIfThrottled(ctx, RECOVERY_BUCKET);
    let opened: OpenedVault;
    try {
      opened = unlockWithRecoveryKey(ctx.paths, input.recoveryKey, ctx.vaultOptions);
    } catch (error) {
      if (error instanceof HavenError && error.code === 'INVALID_CREDENTIALS') ctx.throttle.recordFailure(RECOVERY_BUCKET, ctx.now);
      throw error;
    }
    const user = findUserByUsername(opened.db, input.username);
    if (!user || user.disabled) {
      opened.db.close();
      opened.masterKey.fill(0);
      throw new HavenError('NOT_FOUND', { messageKey: 'errors.RECOVER_USER_NOT_FOUND', fields: { username: 'errors.RECOVER_USER_NOT_FOUND' } });
    }
    const keys = new VaultKeys(ctx.paths, opened.masterKey, opened.keyFile, ctx.vaultOptions);
    const next = keys.withPassword(user.username, input.newPassword, ctx.now);
    const session = enter(ctx, opened, user.username, 'auth.recover', keys, {
      next,
      write: () => {
        setHasKeySlot(opened.db, user.username, true);
        // The user typed this password themselves: no change asked at this login.
        setPasswordChangeRequired(opened.db, user.id, false);
      },
    });
    ctx.throttle.reset(RECOVERY_BUCKET);
    ctx.throttle.reset(user.username);
    return session;
  },

  'auth:logout': (_input, ctx) => {
    ctx.endSession('logout');
  },

  'auth:lock': (_input, ctx) => {
    ctx.endSession('manual');
  },

  // The registry already recorded the activity; nothing else to do.
  'auth:activity': () => undefined,

  'auth:changePassword': (input, ctx) => {
    if (!ctx.keys.checkPassword(ctx.user.username, input.currentPassword)) {
      throw new HavenError('INVALID_CREDENTIALS', {
        messageKey: 'errors.CURRENT_PASSWORD_WRONG',
        fields: { currentPassword: 'errors.CURRENT_PASSWORD_WRONG' },
      });
    }
    // The new slot is made before the transaction and put in place after its commit: a refusal
    // (or a crash before the rename) leaves the current password working (VaultKeys.transaction).
    const next = ctx.keys.withPassword(ctx.user.username, input.newPassword, ctx.now);
    ctx.keys.transaction(ctx.db, next, () => {
      setPasswordChangeRequired(ctx.db, ctx.user.id, false);
      ctx.audit({ action: 'auth.changePassword', entity: 'user', entityId: ctx.user.id });
    });
  },
} satisfies FeatureHandlers;
