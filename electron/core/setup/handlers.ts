import type { FeatureHandlers } from '../kernel/context';
import { createVault } from '../kernel/vault';

export const setupHandlers = {
  'setup:create': (input, ctx) =>
    createVault(
      ctx.paths,
      {
        station: { code: input.stationCode, name: input.stationName, mode: input.mode },
        admin: { username: input.adminUsername, displayName: input.adminDisplayName, password: input.password },
      },
      ctx.now,
      ctx.vaultOptions,
    ),
} satisfies FeatureHandlers;
