import { HavenError } from '../../../shared/ipc/errors';
import type { FeatureHandlers, SessionContext } from '../kernel/context';
import { insertUser, setHasKeySlot } from '../kernel/vault';
import { setPasswordChangeRequired } from '../kernel/passwordChange';
import { countActiveAdmins, findUserById, findUserByUsername, listUsers, setDisabled, updateUser } from './repo';

function requireUser(ctx: SessionContext, userId: number) {
  const user = findUserById(ctx.db, userId);
  if (!user) throw new HavenError('NOT_FOUND', { messageKey: 'errors.USER_NOT_FOUND' });
  return user;
}

/**
 * A slot change goes with its rows and audit event through VaultKeys.transaction: the new key
 * file is written beside the current one inside the database transaction (a slot that cannot be
 * written rolls the rows back) and renamed into place only after the commit (a refused step leaves
 * the key file as it was). The slot is made (scrypt) before the transaction starts.
 */
export const usersHandlers = {
  'users:list': (_input, ctx) => listUsers(ctx.db),

  'users:directory': (_input, ctx) =>
    listUsers(ctx.db)
      .filter((u) => !u.disabled)
      .map((u) => ({ id: u.id, displayName: u.displayName, role: u.role })),

  'users:create': (input, ctx) => {
    if (findUserByUsername(ctx.db, input.username)) {
      throw new HavenError('CONFLICT', { messageKey: 'errors.USERNAME_TAKEN', fields: { username: 'errors.USERNAME_TAKEN' } });
    }
    const next = ctx.keys.withPassword(input.username, input.password, ctx.now);
    const id = ctx.keys.transaction(ctx.db, next, () => {
      const newId = insertUser(ctx.db, input.username, input.displayName, input.role, ctx.now.toISOString());
      ctx.audit({ action: 'users.create', entity: 'user', entityId: newId, details: { username: input.username, role: input.role } });
      // The admin chose this password: the user replaces it at first login.
      setPasswordChangeRequired(ctx.db, newId, true);
      return newId;
    });
    return requireUser(ctx, id);
  },

  'users:update': (input, ctx) => {
    const user = requireUser(ctx, input.userId);
    if (user.role === 'admin' && input.role !== 'admin' && !user.disabled && countActiveAdmins(ctx.db) <= 1) {
      throw new HavenError('CONFLICT', { messageKey: 'errors.LAST_ADMIN', fields: { role: 'errors.LAST_ADMIN' } });
    }
    ctx.db.transaction(() => {
      updateUser(ctx.db, user.id, input, ctx.now.toISOString());
      ctx.audit({
        action: 'users.update',
        entity: 'user',
        entityId: user.id,
        details: { before: { displayName: user.displayName, role: user.role }, after: { displayName: input.displayName, role: input.role } },
      });
    })();
    if (user.id === ctx.user.id) {
      ctx.user.displayName = input.displayName;
      ctx.user.role = input.role;
    }
    return requireUser(ctx, user.id);
  },

  'users:resetPassword': (input, ctx) => {
    const user = requireUser(ctx, input.userId);
    if (user.disabled) throw new HavenError('CONFLICT', { messageKey: 'errors.USER_IS_DISABLED' });
    const next = ctx.keys.withPassword(user.username, input.newPassword, ctx.now);
    ctx.keys.transaction(ctx.db, next, () => {
      setHasKeySlot(ctx.db, user.username, true);
      ctx.audit({ action: 'users.resetPassword', entity: 'user', entityId: user.id });
      setPasswordChangeRequired(ctx.db, user.id, user.id !== ctx.user.id);
    });
  },

  'users:disable': (input, ctx) => {
    const user = requireUser(ctx, input.userId);
    if (user.id === ctx.user.id) throw new HavenError('CONFLICT', { messageKey: 'errors.CANNOT_DISABLE_SELF' });
    if (user.disabled) return;
    if (user.role === 'admin' && countActiveAdmins(ctx.db) <= 1) throw new HavenError('CONFLICT', { messageKey: 'errors.LAST_ADMIN' });
    ctx.keys.transaction(ctx.db, ctx.keys.withoutPassword(user.username), () => {
      setDisabled(ctx.db, user.id, true, ctx.now.toISOString());
      setHasKeySlot(ctx.db, user.username, false);
      ctx.audit({ action: 'users.disable', entity: 'user', entityId: user.id, details: { username: user.username } });
    });
  },

  'users:enable': (input, ctx) => {
    const user = requireUser(ctx, input.userId);
    if (!user.disabled) return;
    const next = ctx.keys.withPassword(user.username, input.newPassword, ctx.now);
    ctx.keys.transaction(ctx.db, next, () => {
      setDisabled(ctx.db, user.id, false, ctx.now.toISOString());
      setHasKeySlot(ctx.db, user.username, true);
      ctx.audit({ action: 'users.enable', entity: 'user', entityId: user.id, details: { username: user.username } });
    });
  },
} satisfies FeatureHandlers;
