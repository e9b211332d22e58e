import { z } from 'zod';
import { dirname, resolve } from 'node:path';
import { existsSync, mkdirSync } from 'node:fs';
import { displayNameSchema, newPasswordSchema, stationCodeSchema, stationNameSchema, usernameSchema } from '../../../shared/schemas/common';
import { validationError } from '../../core/kernel/validation';
import { createVault, pathsForDatabase } from '../../core/kernel/vault';
import { systemClock } from '../../core/kernel/clock';
import { readPassword, requireFlag, type Translate } from '../io';
import type { Flags } from '../index';

const initSchema = z.object({
  stationCode: stationCodeSchema,
  stationName: stationNameSchema,
  admin: usernameSchema,
  adminName: displayNameSchema,
  password: newPasswordSchema,
  mode: z.enum(['station', 'supervisor']),
});

/**
 * `init`: a new encrypted database and key file; the recovery key is printed once.
 * `--mode supervisor` makes a supervisor's database (no persons of its own; imports stations' bundles).
 */
export async function initCommand(flags: Flags, t: Translate): Promise<void> {
  const db = resolve(requireFlag(flags, 'db'));
  const parsed = initSchema.safeParse({
    stationCode: requireFlag(flags, 'station-code'),
    stationName: requireFlag(flags, 'station-name'),
    admin: requireFlag(flags, 'admin', 'HAVEN_USER'),
    adminName: typeof flags['admin-name'] === 'string' ? flags['admin-name'] : requireFlag(flags, 'admin', 'HAVEN_USER'),
    password: await readPassword(flags),
    mode: typeof flags.mode === 'string' ? flags.mode : 'station',
  });
  if (!parsed.success) throw validationError(parsed.error);
  const spec = parsed.data;
  if (!existsSync(dirname(db))) mkdirSync(dirname(db), { recursive: true });
  const { recoveryKey } = createVault(
    pathsForDatabase(db),
    {
      station: { code: spec.stationCode, name: spec.stationName, mode: spec.mode },
      admin: { username: spec.admin, displayName: spec.adminName, password: spec.password },
    },
    systemClock.now(),
  );
  if (flags.json) {
    process.stdout.write(`${JSON.stringify({ recoveryKey })}\n`);
  } else {
    process.stdout.write(`${t('cli.init.done', { db })}\n${t('cli.init.recoveryKey')}\n\n    ${recoveryKey}\n\n${t('cli.init.keepIt')}\n`);
  }
}
