import { HavenError } from '../../../shared/ipc/errors';
import type { FeatureHandlers } from '../kernel/context';
import { opsFromSession, type Ops } from '../kernel/ops';
import { requirePerson } from '../kernel/records';
import { findMeasureRow, measuresOfPerson, toMeasureDetail } from './repo';
import { registerMeasure, setWorkingGroup, transitionMeasure, updateDecision, recordDischargeNotice } from './service';

function detail(ops: Ops, measureId: number) {
  const row = findMeasureRow(ops.db, measureId);
  if (!row) throw new HavenError('NOT_FOUND', { messageKey: 'errors.MEASURE_NOT_FOUND' });
  return toMeasureDetail(ops.db, row, ops.today);
}

export const measuresHandlers = {
  'measures:list': (input, ctx) => {
    const ops = opsFromSession(ctx);
    requirePerson(ops, input.personId);
    return measuresOfPerson(ctx.db, input.personId).map((row) => toMeasureDetail(ctx.db, row, ops.today));
  },

  'measures:create': (input, ctx) => {
    const ops = opsFromSession(ctx);
    return detail(ops, registerMeasure(ops, input.personId, input.decision));
  },

  'measures:update': (input, ctx) => {
    const ops = opsFromSession(ctx);
    updateDecision(ops, input.measureId, input.decision);
    return detail(ops, input.measureId);
  },

  'measures:transition': (input, ctx) => {
    const ops = opsFromSession(ctx);
    transitionMeasure(ops, input);
    return detail(ops, input.measureId);
  },

  'measures:recordDischargeNotice': (input, ctx) => {
    const ops = opsFromSession(ctx);
    recordDischargeNotice(ops, input.measureId, input.notice);
    return detail(ops, input.measureId);
  },

  'measures:setWorkingGroup': (input, ctx) => {
    const ops = opsFromSession(ctx);
    setWorkingGroup(ops, input.measureId, input.members);
    return detail(ops, input.measureId);
  },
} satisfies FeatureHandlers;
