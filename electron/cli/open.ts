import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { auditLoginFailures, LoginThrottle } from '../core/kernel/throttle';
import { HavenError } from '../../shared/ipc/errors';
import { usernameSchema } from '../../shared/schemas/common';
import { findUserByUsername } from '../core/users/repo';
import { pathsForDatabase, unlockWithPassword, type OpenedVault, type VaultOptions } from '../core/kernel/vault';
import { CliError, readPassword, requireFlag } from './io';
import { writeAudit } from '../core/kernel/audit';
import { mustChangePassword } from '../core/kernel/passwordChange';
import type { Flags } from './index';

/** Opens a database as a user (`--user`/HAVEN_USER, password from stdin or HAVEN_PASSWORD). */
export async function openForCli(
  databasePath: string,
  flags: Flags,
  password?: string,
  options: VaultOptions = {},
): Promise<OpenedVault & { username: string }> {
  if (!flags.db) throw new CliError('缺少参数 --db / missing --db', 2);
  const paths = pathsForDatabase(databasePath);
  if (!existsSync(paths.databasePath)) throw new CliError(`找不到数据库文件 / no such database: ${databasePath}`, 2);
  const username = usernameSchema.safeParse(requireFlag(flags, 'user', 'HAVEN_USER'));
  if (!username.success) throw new CliError('用户名格式不正确 / invalid --user', 2);
  // The app's throttle file: a wrong password here counts, waits and is audited like one in the window.
  const throttle = new LoginThrottle(join(dirname(paths.databasePath), 'login-throttle.json'));
  const wait = throttle.waitSeconds(username.data, new Date());
  if (wait > 0) throw new HavenError('THROTTLED', { params: { seconds: wait } });
  let opened: OpenedVault;
  try {
    opened = unlockWithPassword(paths, username.data, password ?? (await readPassword(flags)), options);
  } catch (error) {
    if (error instanceof HavenError && error.code === 'INVALID_CREDENTIALS') throttle.recordFailure(username.data, new Date());
    throw error;
  }
  const user = findUserByUsername(opened.db, username.data);
  if (!user || user.disabled) {
    opened.db.close();
    throw new HavenError('INVALID_CREDENTIALS');
  }
  // As in the app (core/app.ts authorize): a password an admin gave (a new user, a reset) is known
  // to two people, so nothing is done with it until its owner sets their own there. Refused before
  // anything is written: the audit would name someone who may not be the one acting.
  if (mustChangePassword(opened.db, user.id)) {
    opened.db.close();
    opened.masterKey.fill(0);
    throw new HavenError('FORBIDDEN', { messageKey: 'cli.passwordChangeRequired' });
  }
  // The command line's logins are accounted for like the app's (which command, by whom).
  writeAudit(opened.db, { userId: user.id, username: user.username }, new Date(), {
    action: 'auth.cliLogin',
    entity: 'user',
    entityId: user.id,
    details: { command: process.argv[2] ?? '' },
  });
  throttle.reset(user.username);
  auditLoginFailures(opened.db, throttle, new Date());
  return { ...opened, username: username.data };
}
