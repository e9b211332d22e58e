import type { FeatureHandlers } from '../kernel/context';
import { opsFromSession } from '../kernel/ops';
import { getSupervisionSettings } from '../kernel/supervisionSettings';
import { periodRates } from './service';
import { refreshDueInSteps } from '../worklist/store';

export const ratesHandlers = {
  'rates:period': async (input, ctx) => {
    const ops = opsFromSession(ctx);
    // The consolidation rate reads three_years_clean from the worklist: bring it up to today first.
    await refreshDueInSteps(ctx.db, ops.today, getSupervisionSettings(ctx.db), ctx.jobs);
    return periodRates(ctx.db, input.from, input.to, ops.today);
  },
} satisfies FeatureHandlers;
