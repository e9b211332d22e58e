import type { FeatureHandlers } from '../kernel/context';
import { invalidateAllAlerts } from '../kernel/invalidate';
import { getSupervisionSettings, saveSupervisionSettings } from '../kernel/supervisionSettings';

/** 督导计划: the station's test, talk and reassessment schedules and the legal-engine settings. */
export const schedulesHandlers = {
  'schedules:get': (_input, ctx) => getSupervisionSettings(ctx.db),

  'schedules:update': (input, ctx) => {
    const before = getSupervisionSettings(ctx.db);
    ctx.db.transaction(() => {
      saveSupervisionSettings(ctx.db, input);
      invalidateAllAlerts(ctx.db);
      ctx.audit({ action: 'schedules.update', entity: 'settings', details: { before, after: input } });
    })();
    return getSupervisionSettings(ctx.db);
  },
} satisfies FeatureHandlers;
