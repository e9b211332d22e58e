import type { FeatureHandlers } from '../kernel/context';
import { opsFromSession } from '../kernel/ops';
import { requirePerson } from '../kernel/records';
import { correctAbsence, createAbsence, endAbsence, listAbsences, removeAbsence } from './service';

export const absencesHandlers = {
  'absences:list': (input, ctx) => {
    const ops = opsFromSession(ctx);
    requirePerson(ops, input.personId);
    return listAbsences(ctx.db, input.personId, ops.today);
  },
  'absences:create': (input, ctx) => createAbsence(opsFromSession(ctx), input.personId, input.absence),
  'absences:end': (input, ctx) => endAbsence(opsFromSession(ctx), input.absenceId, input.toDate),
  'absences:correct': (input, ctx) => correctAbsence(opsFromSession(ctx), input.absenceId, input.absence, input.reason),
  'absences:remove': (input, ctx) => removeAbsence(opsFromSession(ctx), input.absenceId, input.reason),
} satisfies FeatureHandlers;
