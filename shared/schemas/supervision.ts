import { z } from 'zod';
import { substances } from '../domain/reference';
import {
  absenceDiscoveries,
  goodReasonSubjects,
  contactKinds,
  riskLevels,
  testModes,
  testResults,
  testSamples,
  violationHandlings,
  violationSeverities,
} from '../domain/supervision';
import { idSchema } from './common';
import { isoDateSchema, reasonSchema } from './person';

const text = (max: number) => z.string().trim().max(max, { message: 'validation.tooLong' });

export const drugTestSchema = z
  .object({
    date: isoDateSchema,
    sample: z.enum(testSamples, { message: 'validation.required' }),
    mode: z.enum(testModes, { message: 'validation.required' }),
    result: z.enum(testResults, { message: 'validation.required' }),
    substances: z.array(z.enum(substances)).max(substances.length).default([]),
    unannounced: z.boolean().default(false),
    tester: text(40).default(''),
    /** 吸毒检测程序规定: an on-site test is done by two staff or more. */
    secondTester: text(40).default(''),
    /** A female person's urine is collected by a female staff member; null when not said. */
    collectorFemale: z.union([z.boolean(), z.null()]).default(null),
    /** A positive on-site test keeps A and B samples for the lab and a retest. */
    sampleANumber: text(40).default(''),
    sampleBNumber: text(40).default(''),
    place: text(100).default(''),
    notes: text(500).default(''),
  })
  .strict()
  .refine((t) => t.result !== 'positive' || t.substances.length > 0, { message: 'validation.substancesRequired', path: ['substances'] })
  .refine((t) => t.result === 'positive' || t.substances.length === 0, { message: 'validation.substancesOnlyPositive', path: ['substances'] });

export const contactSchema = z
  .object({
    date: isoDateSchema,
    kind: z.enum(contactKinds, { message: 'validation.required' }),
    staff: text(60).default(''),
    participants: text(200).default(''),
    summary: text(2000).min(2, { message: 'validation.summaryRequired' }),
    nextStep: text(500).default(''),
    nextDate: z.union([isoDateSchema, z.null()]).default(null),
  })
  .strict()
  .refine((c) => c.nextDate === null || c.nextDate >= c.date, { message: 'validation.nextDateBefore', path: ['nextDate'] });

export const leaveRequestSchema = z
  .object({
    reason: text(500).min(2, { message: 'validation.reasonRequired' }),
    province: text(20).min(2, { message: 'validation.required' }),
    city: text(30).default(''),
    county: text(30).default(''),
    address: text(200).default(''),
    startDate: isoDateSchema,
    endDate: isoDateSchema,
  })
  .strict()
  .refine((l) => l.endDate >= l.startDate, { message: 'validation.endBeforeStart', path: ['endDate'] });

export const leaveDecisionSchema = z
  .object({
    leaveId: idSchema,
    decision: z.enum(['approve', 'reject']),
    note: text(500).default(''),
  })
  .strict()
  .refine((d) => d.decision === 'approve' || d.note.length >= 2, { message: 'validation.reasonRequired', path: ['note'] });

export const leaveReturnSchema = z.object({ leaveId: idSchema, returnedOn: isoDateSchema, note: text(500).default('') }).strict();

/**
 * 更正 of a leave: the request's fields, and for a leave already checked in its 销假 (return day
 * and note); what its state lets change is the core's rule (leaves/service.ts correctLeave).
 */
export const leaveCorrectionSchema = z
  .object({
    leaveId: idSchema,
    leave: leaveRequestSchema,
    returned: z.union([z.object({ returnedOn: isoDateSchema, note: text(500).default('') }).strict(), z.null()]).default(null),
    reason: reasonSchema,
  })
  .strict();

export const absenceSchema = z
  .object({
    fromDate: isoDateSchema,
    toDate: z.union([isoDateSchema, z.null()]).default(null),
    discovered: z.enum(absenceDiscoveries, { message: 'validation.required' }),
    notes: text(500).default(''),
  })
  .strict()
  .refine((a) => a.toDate === null || a.toDate >= a.fromDate, { message: 'validation.endBeforeStart', path: ['toDate'] });

export const violationSchema = z
  .object({
    date: isoDateSchema,
    severity: z.enum(violationSeverities, { message: 'validation.required' }),
    description: text(1000).min(2, { message: 'validation.required' }),
    handling: z.union([z.enum(violationHandlings), z.literal('')]).default(''),
    warnedOn: z.union([isoDateSchema, z.null()]).default(null),
    /** When the violation answers a rule's alert: the alert's key (the core fills rule, facts, article). */
    ruleKey: z.string().max(80).nullable().default(null),
  })
  .strict();

/** 更正 of a violation: its own fields; the rule it answered (if any) stays as recorded. */
export const violationCorrectionSchema = violationSchema.omit({ ruleKey: true });

export const policeReportSchema = z
  .object({ violationId: idSchema, date: isoDateSchema, reportedTo: text(100).min(2, { message: 'validation.required' }) })
  .strict();

const intervalRow = z.tuple([z.number().int().min(1).max(366), z.number().int().min(1).max(366), z.number().int().min(1).max(366)]);
const intervalTable = z.object({ high: intervalRow, medium: intervalRow, low: intervalRow, unassessed: intervalRow }).strict();

export const supervisionSettingsSchema = z
  .object({
    leaveApprovalRequired: z.boolean(),
    testIntervals: intervalTable,
    contactIntervals: intervalTable,
    dueSoonDays: z.number().int().min(0).max(60),
    reassessmentDays: z
      .object({ initial: z.number().int().min(1).max(366), high: z.number().int().min(1).max(366), medium: z.number().int().min(1).max(366), low: z.number().int().min(1).max(366) })
      .strict(),
    staffingRatio: z.number().int().min(1).max(200),
    /** RR art. 21 及时: hours after which an unreported serious breach escalates (settings stored before it existed get the default). */
    policeReportHours: z.number().int().min(1, { message: 'validation.invalid' }).max(720, { message: 'validation.invalid' }).default(24),
    /** Shortest absence (days) that counts as one of the "3 times" (RR art. 19, 20); see SupervisionSettings. */
    departureMinDays: z.number().int().min(1, { message: 'validation.invalid' }).max(30, { message: 'validation.invalid' }).default(3),
    /** Supervisor: days without a bundle after which a station is flagged (settings stored before it existed get the default). */
    stationStaleDays: z.number().int().min(7, { message: 'validation.invalid' }).max(366, { message: 'validation.invalid' }).default(35),
  })
  .strict();

/** 正当理由 (RR art. 14 "无正当理由"): what the law accepts, who decided it and when. */
export const goodReasonFieldsSchema = z
  .object({
    reason: text(1000).min(2, { message: 'validation.reasonRequired' }),
    decidedBy: text(60).min(2, { message: 'validation.required' }),
    decidedOn: isoDateSchema,
    attachmentId: z.union([idSchema, z.null()]).default(null),
  })
  .strict();

export const goodReasonSchema = z
  .object({
    personId: idSchema,
    subject: z.enum(goodReasonSubjects),
    /** report_in: the measure and the day its 15 days started (delivery, or the change of place). */
    measureId: z.union([idSchema, z.null()]).default(null),
    reportInFrom: z.union([isoDateSchema, z.null()]).default(null),
    testId: z.union([idSchema, z.null()]).default(null),
    absenceId: z.union([idSchema, z.null()]).default(null),
    goodReason: goodReasonFieldsSchema,
  })
  .strict()
  .refine((g) => g.subject !== 'report_in' || (g.measureId !== null && g.reportInFrom !== null), { message: 'validation.required', path: ['measureId'] })
  .refine((g) => g.subject !== 'test' || g.testId !== null, { message: 'validation.required', path: ['testId'] })
  .refine((g) => g.subject !== 'absence' || g.absenceId !== null, { message: 'validation.required', path: ['absenceId'] });

export const riskLevelSchema = z.enum(riskLevels);
