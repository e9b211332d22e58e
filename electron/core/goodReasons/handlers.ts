import type { FeatureHandlers } from '../kernel/context';
import { opsFromSession } from '../kernel/ops';
import { requirePerson } from '../kernel/records';
import { correctGoodReason, createGoodReason, listGoodReasons, removeGoodReason } from './service';

export const goodReasonsHandlers = {
  'goodReasons:list': (input, ctx) => {
    requirePerson(opsFromSession(ctx), input.personId);
    return listGoodReasons(ctx.db, input.personId);
  },
  'goodReasons:create': (input, ctx) => createGoodReason(opsFromSession(ctx), input),
  'goodReasons:correct': (input, ctx) => correctGoodReason(opsFromSession(ctx), input.goodReasonId, input.goodReason, input.reason),
  'goodReasons:remove': (input, ctx) => removeGoodReason(opsFromSession(ctx), input.goodReasonId, input.reason),
} satisfies FeatureHandlers;
