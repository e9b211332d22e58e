import { z } from 'zod';
import { MAX_REHAB_TERM_MONTHS, measureActions, measureKinds, suspensionReasons, terminationReasons, workingGroupRoles } from '../domain/measures';
import { idSchema } from './common';
import { isoDateSchema, phoneSchema } from './person';
import { goodReasonFieldsSchema } from './supervision';

const text = (max: number) => z.string().trim().max(max, { message: 'validation.tooLong' });

/** 责令社区戒毒/康复决定书: who decided what, when it was delivered. */
export const measureDecisionSchema = z
  .object({
    kind: z.enum(measureKinds, { message: 'validation.required' }),
    decisionNumber: text(50).min(1, { message: 'validation.required' }),
    decisionAuthority: text(100).min(1, { message: 'validation.required' }),
    decisionDate: isoDateSchema,
    deliveryDate: isoDateSchema,
    /** Community rehab: the decided term (at most 3 years); community detox is always 36. */
    termMonths: z
      .number({ message: 'validation.required' })
      .int({ message: 'validation.termMonths' })
      .min(1, { message: 'validation.termMonths' })
      .max(MAX_REHAB_TERM_MONTHS, { message: 'validation.termMonths' }),
    /** Days credited from compulsory isolation (RR art. 31). */
    creditedDays: z.number().int().min(0, { message: 'validation.creditedDays' }).max(1095, { message: 'validation.creditedDays' }).default(0),
    notes: text(1000).default(''),
  })
  .strict()
  .refine((d) => d.deliveryDate >= d.decisionDate, { message: 'validation.deliveryBeforeDecision', path: ['deliveryDate'] })
  .refine((d) => d.kind === 'community_rehab' || d.termMonths === 36, { message: 'validation.detoxTerm', path: ['termMonths'] })
  .refine((d) => d.kind === 'community_detox' || d.creditedDays === 0, { message: 'validation.creditOnlyDetox', path: ['creditedDays'] });

/** 解除社区戒毒/康复通知书 (RR art. 23, 40): its number, the day it was issued, the day the station was notified. */
export const dischargeNoticeFieldsSchema = z
  .object({
    number: text(50).min(1, { message: 'validation.required' }),
    issuedOn: isoDateSchema,
    notifiedOn: isoDateSchema,
  })
  .strict()
  .refine((n) => n.notifiedOn >= n.issuedOn, { message: 'validation.notifiedBeforeIssued', path: ['notifiedOn'] });

export const measureTransitionSchema = z
  .object({
    measureId: idSchema,
    action: z.enum(measureActions),
    date: isoDateSchema,
    reasonCode: z.union([z.enum(suspensionReasons), z.enum(terminationReasons), z.null()]).default(null),
    reason: text(500).default(''),
    /** Transfer out: the receiving station (free text until bundles carry the file). */
    destination: text(100).default(''),
    /** Report-in after the 15 days: the 正当理由 that keeps it from counting as refusal (RR art. 14). */
    goodReason: z.union([goodReasonFieldsSchema, z.null()]).default(null),
    /** 解除 (complete): the police 解除通知书 if it is at hand (RR art. 23, 40). */
    dischargeNotice: z.union([dischargeNoticeFieldsSchema, z.null()]).default(null),
  })
  .strict()
  .refine((t) => t.action !== 'suspend' || (t.reasonCode !== null && (suspensionReasons as readonly string[]).includes(t.reasonCode)), {
    message: 'validation.required',
    path: ['reasonCode'],
  })
  .refine((t) => t.action !== 'terminate' || (t.reasonCode !== null && (terminationReasons as readonly string[]).includes(t.reasonCode)), {
    message: 'validation.required',
    path: ['reasonCode'],
  })
  .refine((t) => !['suspend', 'terminate', 'transfer_out'].includes(t.action) || t.reason.length >= 2, {
    message: 'validation.reasonRequired',
    path: ['reason'],
  })
  .refine((t) => t.action !== 'transfer_out' || t.destination.length >= 2, { message: 'validation.required', path: ['destination'] })
  .refine((t) => t.action === 'report_in' || t.goodReason === null, { message: 'validation.invalid', path: ['goodReason'] })
  .refine((t) => t.action === 'complete' || t.dischargeNotice === null, { message: 'validation.invalid', path: ['dischargeNotice'] });

export const dischargeNoticeSchema = z.object({ measureId: idSchema, notice: dischargeNoticeFieldsSchema }).strict();

export const workingGroupMemberSchema = z
  .object({
    role: z.enum(workingGroupRoles, { message: 'validation.required' }),
    name: text(30).min(1, { message: 'validation.required' }),
    phone: phoneSchema.default(''),
  })
  .strict();
