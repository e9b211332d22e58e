import type { FeatureHandlers } from '../kernel/context';
import { opsFromSession } from '../kernel/ops';
import { requirePerson } from '../kernel/records';
import { attachScan, generateAgreement, listAgreements, listTemplates, saveTemplate, signAgreement, voidAgreement } from './service';
import { maskIdNumber } from '../../../shared/domain/idNumber';
import type { Agreement } from '../../../shared/domain/agreements';
import type { Db } from '../kernel/db/database';

/**
 * Agreements leave the core with the person's ID number masked in their text, as everywhere on
 * screen: the full number is read through the audited reveal or on the printed agreement (also
 * audited). The SHA-256 stays the one of the signed text itself, which the printout shows.
 */
function shown(db: Db, agreement: Agreement): Agreement {
  const idNumber = db.prepare('SELECT id_number FROM persons WHERE id = ?').pluck().get(agreement.personId) as string | undefined;
  return idNumber ? { ...agreement, text: agreement.text.split(idNumber).join(maskIdNumber(idNumber)) } : agreement;
}
import { HavenError } from '../../../shared/ipc/errors';
import { isIsoDate } from '../../../shared/domain/dates';

export const agreementsHandlers = {
  'agreements:templates': (_input, ctx) => listTemplates(ctx.db),
  'agreements:saveTemplate': (input, ctx) => saveTemplate(opsFromSession(ctx), input),
  'agreements:list': (input, ctx) => {
    requirePerson(opsFromSession(ctx), input.personId);
    return listAgreements(ctx.db, input.personId).map((a) => shown(ctx.db, a));
  },
  'agreements:generate': (input, ctx) => shown(ctx.db, generateAgreement(opsFromSession(ctx), input.measureId)),
  'agreements:sign': (input, ctx) => {
    if (!isIsoDate(input.signedOn)) throw new HavenError('VALIDATION', { fields: { signedOn: 'validation.date' } });
    return shown(ctx.db, signAgreement(opsFromSession(ctx), input.agreementId, input.signedOn));
  },
  'agreements:void': (input, ctx) => shown(ctx.db, voidAgreement(opsFromSession(ctx), input.agreementId, input.reason)),
  'agreements:attachScan': (input, ctx) => shown(ctx.db, attachScan(opsFromSession(ctx), input.agreementId, input.attachmentId)),
} satisfies FeatureHandlers;
