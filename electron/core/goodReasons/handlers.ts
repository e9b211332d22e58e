import type { FeatureHandlers } from '../ipc/context';
import { opsFromSession } from '../ops';
import { requirePerson } from '../persons/service';
import { createGoodReason, listGoodReasons, removeGoodReason } from './service';

export const goodReasonsHandlers = {
  'goodReasons:list': (input, ctx) => {
    requirePerson(opsFromSession(ctx), input.personId);
    return listGoodReasons(ctx.db, input.personId);
  },
  'goodReasons:create': (input, ctx) => createGoodReason(opsFromSession(ctx), input),
  'goodReasons:remove': (input, ctx) => removeGoodReason(opsFromSession(ctx), input.goodReasonId, input.reason),
} satisfies FeatureHandlers;
