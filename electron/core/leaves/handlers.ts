import type { FeatureHandlers } from '../kernel/context';
import { opsFromSession } from '../kernel/ops';
import { requirePerson } from '../kernel/records';
import { cancelLeave, correctLeave, createLeave, decideLeave, listLeaves, returnFromLeave } from './service';

export const leavesHandlers = {
  'leaves:list': (input, ctx) => {
    requirePerson(opsFromSession(ctx), input.personId);
    return listLeaves(ctx.db, input.personId);
  },
  'leaves:create': (input, ctx) => createLeave(opsFromSession(ctx), input.personId, input.leave),
  'leaves:decide': (input, ctx) => decideLeave(opsFromSession(ctx), input),
  'leaves:return': (input, ctx) => returnFromLeave(opsFromSession(ctx), input),
  'leaves:correct': (input, ctx) => correctLeave(opsFromSession(ctx), input),
  'leaves:cancel': (input, ctx) => cancelLeave(opsFromSession(ctx), input.leaveId, input.reason),
} satisfies FeatureHandlers;
