import type { FeatureHandlers } from '../kernel/context';
import { getSettings, saveSettings } from '../kernel/settings';

export const settingsHandlers = {
  'settings:get': (_input, ctx) => getSettings(ctx.db),

  'settings:update': (input, ctx) => {
    const before = getSettings(ctx.db);
    ctx.db.transaction(() => {
      saveSettings(ctx.db, input);
      ctx.audit({ action: 'settings.update', entity: 'settings', details: { before, after: input } });
    })();
    ctx.refreshSettings();
    return getSettings(ctx.db);
  },
} satisfies FeatureHandlers;
