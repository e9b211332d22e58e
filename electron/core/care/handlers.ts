import type { FeatureHandlers } from '../kernel/context';
import { opsFromSession } from '../kernel/ops';
import { requirePerson } from '../kernel/records';
import { addCareFlag, careCounts, listCareFlags, removeCareFlag, updateCareFlag } from './service';

export const careHandlers = {
  'care:list': (input, ctx) => {
    requirePerson(opsFromSession(ctx), input.personId);
    return listCareFlags(ctx.db, input.personId);
  },
  'care:add': (input, ctx) => addCareFlag(opsFromSession(ctx), input.personId, input.flag),
  'care:update': (input, ctx) => updateCareFlag(opsFromSession(ctx), input.flagId, input.flag),
  'care:remove': (input, ctx) => removeCareFlag(opsFromSession(ctx), input.flagId, input.reason),
  'care:counts': (_input, ctx) => careCounts(ctx.db, opsFromSession(ctx).today),
} satisfies FeatureHandlers;
