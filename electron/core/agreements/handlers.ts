import type { FeatureHandlers } from '../kernel/context';
import { opsFromSession } from '../kernel/ops';
import { requirePerson } from '../kernel/records';
import { attachScan, generateAgreement, listAgreements, listTemplates, saveTemplate, signAgreement, voidAgreement } from './service';
import { HavenError } from '../../../shared/ipc/errors';
import { isIsoDate } from '../../../shared/domain/dates';

export const agreementsHandlers = {
  'agreements:templates': (_input, ctx) => listTemplates(ctx.db),
  'agreements:saveTemplate': (input, ctx) => saveTemplate(opsFromSession(ctx), input),
  'agreements:list': (input, ctx) => {
    requirePerson(opsFromSession(ctx), input.personId);
    return listAgreements(ctx.db, input.personId);
  },
  'agreements:generate': (input, ctx) => generateAgreement(opsFromSession(ctx), input.measureId),
  'agreements:sign': (input, ctx) => {
    if (!isIsoDate(input.signedOn)) throw new HavenError('VALIDATION', { fields: { signedOn: 'validation.date' } });
    return signAgreement(opsFromSession(ctx), input.agreementId, input.signedOn);
  },
  'agreements:void': (input, ctx) => voidAgreement(opsFromSession(ctx), input.agreementId, input.reason),
  'agreements:attachScan': (input, ctx) => attachScan(opsFromSession(ctx), input.agreementId, input.attachmentId),
} satisfies FeatureHandlers;
