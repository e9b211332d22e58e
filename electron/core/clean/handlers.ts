import type { FeatureHandlers } from '../kernel/context';
import { opsFromSession } from '../kernel/ops';
import { requirePerson } from '../kernel/records';
import { cleanStatus, endDynamicControl } from './service';

export const cleanHandlers = {
  'clean:status': (input, ctx) => {
    const ops = opsFromSession(ctx);
    requirePerson(ops, input.personId);
    return cleanStatus(ctx.db, input.personId, ops.today);
  },
  'clean:endDynamicControl': (input, ctx) => endDynamicControl(opsFromSession(ctx), input),
} satisfies FeatureHandlers;
