import { z } from 'zod';
import { substances } from '../domain/reference';
import {
  absenceDiscoveries,
  contactKinds,
  riskLevels,
  testModes,
  testResults,
  testSamples,
  violationHandlings,
  violationSeverities,
} from '../domain/supervision';
import { idSchema } from './common';
import { isoDateSchema } from './person';

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
  })
  .strict();

export const riskLevelSchema = z.enum(riskLevels);
