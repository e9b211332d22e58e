import { HavenError } from '../../../shared/ipc/errors';
import { isIsoDate } from '../../../shared/domain/dates';
import type { FeatureHandlers } from '../kernel/context';
import { invalidateAllAlerts } from '../kernel/invalidate';
import { opsFromSession } from '../kernel/ops';
import { requirePerson } from '../kernel/records';
import { correctAssessment, createAssessment, removeAssessment, getRiskTable, listAssessments, previewRisk, saveRiskTable } from './service';

export const riskHandlers = {
  'risk:list': (input, ctx) => {
    requirePerson(opsFromSession(ctx), input.personId);
    return listAssessments(ctx.db, input.personId);
  },
  'risk:preview': (input, ctx) => {
    requirePerson(opsFromSession(ctx), input.personId);
    if (!isIsoDate(input.date)) throw new HavenError('VALIDATION', { fields: { date: 'validation.date' } });
    const { records, ...score } = previewRisk(ctx.db, input.personId, input.factors, input.date);
    return { ...score, records: { ...records } };
  },
  'risk:create': (input, ctx) => createAssessment(opsFromSession(ctx), input.personId, input.assessment),
  'risk:correct': (input, ctx) => correctAssessment(opsFromSession(ctx), input.assessmentId, input.assessment, input.reason),
  'risk:remove': (input, ctx) => removeAssessment(opsFromSession(ctx), input.assessmentId, input.reason),
  'riskTable:get': (_input, ctx) => getRiskTable(ctx.db),
  'riskTable:update': (input, ctx) => {
    const before = getRiskTable(ctx.db);
    ctx.db.transaction(() => {
      saveRiskTable(ctx.db, input);
      invalidateAllAlerts(ctx.db);
      ctx.audit({ action: 'riskTable.update', entity: 'settings', details: { before, after: input } });
    })();
    return getRiskTable(ctx.db);
  },
} satisfies FeatureHandlers;
