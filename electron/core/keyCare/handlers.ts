import type { FeatureHandlers } from '../kernel/context';
import { opsFromSession } from '../kernel/ops';
import { requirePerson } from '../kernel/records';
import { addCareFlag, careCounts, correctCareFlag, listCareFlags, removeCareFlag } from './service';

export const keyCareHandlers = {
  'keyCare:list': (input, ctx) => {
    requirePerson(opsFromSession(ctx), input.personId);
    return listCareFlags(ctx.db, input.personId);
  },
  'keyCare:add': (input, ctx) => addCareFlag(opsFromSession(ctx), input.personId, input.flag),
  'keyCare:correct': (input, ctx) => correctCareFlag(opsFromSession(ctx), input.flagId, input.flag, input.reason),
  'keyCare:remove': (input, ctx) => removeCareFlag(opsFromSession(ctx), input.flagId, input.reason),
  'keyCare:counts': (_input, ctx) => careCounts(ctx.db, opsFromSession(ctx).today),
} satisfies FeatureHandlers;
