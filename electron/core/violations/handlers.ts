import type { FeatureHandlers } from '../kernel/context';
import { opsFromSession } from '../kernel/ops';
import { requirePerson } from '../kernel/records';
import { correctViolation, createViolation, listViolations, reportToPolice } from './service';

export const violationsHandlers = {
  'violations:list': (input, ctx) => {
    requirePerson(opsFromSession(ctx), input.personId);
    return listViolations(ctx.db, input.personId);
  },
  'violations:create': (input, ctx) => createViolation(opsFromSession(ctx), input.personId, input.violation),
  'violations:correct': (input, ctx) => correctViolation(opsFromSession(ctx), input.violationId, input.violation, input.reason),
  'violations:reportToPolice': (input, ctx) => reportToPolice(opsFromSession(ctx), input),
} satisfies FeatureHandlers;
