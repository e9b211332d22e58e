import { z } from 'zod';
import { careCategories, helpCategories, helpDepartments } from '../domain/care';
import { riskLevels } from '../domain/supervision';
import { assessedFactors, type AssessedFactor } from '../rules/risk';
import { idSchema } from './common';
import { isoDateSchema } from './person';

const text = (max: number) => z.string().trim().max(max, { message: 'validation.tooLong' });

export const riskFactorsSchema = z.object(
  Object.fromEntries(assessedFactors.map((f) => [f, z.string({ message: 'validation.required' }).min(1, { message: 'validation.required' }).max(40)])) as Record<
    AssessedFactor,
    z.ZodString
  >,
);

export const riskAssessmentSchema = z
  .object({
    date: isoDateSchema,
    factors: riskFactorsSchema.strict(),
    level: z.enum(riskLevels, { message: 'validation.required' }),
    /** Required when the level differs from the one the table suggests (checked by the core). */
    overrideReason: text(500).default(''),
    notes: text(1000).default(''),
  })
  .strict();

const points = z.number().int().min(0).max(100);
export const riskTableSchema = z
  .object({
    assessed: z.object(
      Object.fromEntries(assessedFactors.map((f) => [f, z.record(z.string().min(1).max(40), points).refine((r) => Object.keys(r).length > 0)])) as unknown as Record<
        AssessedFactor,
        z.ZodType<Record<string, number>>
      >,
    ),
    derived: z
      .object({
        priorEpisodes: z.object({ perEpisode: points, max: points }).strict(),
        timeClean: z.array(z.object({ upToMonths: z.number().int().min(0).max(100000), points }).strict()).min(1).max(10),
        seriousViolationLast12Months: points,
        generalViolationLast12Months: points,
        positiveTestLast12Months: points,
      })
      .strict(),
    thresholds: z
      .object({ high: points, medium: points })
      .strict()
      .refine((t) => t.high > t.medium, { message: 'validation.thresholds' }),
  })
  .strict();

export const careFlagSchema = z
  .object({
    category: z.enum(careCategories, { message: 'validation.required' }),
    since: isoDateSchema,
    until: z.union([isoDateSchema, z.null()]).default(null),
    note: text(500).default(''),
  })
  .strict()
  .refine((c) => c.until === null || c.until >= c.since, { message: 'validation.endBeforeStart', path: ['until'] });

export const helpPlanSchema = z
  .object({
    needs: z.array(z.enum(helpCategories)).min(1, { message: 'validation.needsRequired' }).max(helpCategories.length),
    needsNote: text(1000).default(''),
    goals: text(1000).min(2, { message: 'validation.required' }),
  })
  .strict();

export const helpItemSchema = z
  .object({
    category: z.enum(helpCategories, { message: 'validation.required' }),
    department: z.enum(helpDepartments, { message: 'validation.required' }),
    description: text(500).min(2, { message: 'validation.required' }),
    plannedDate: z.union([isoDateSchema, z.null()]).default(null),
    doneDate: z.union([isoDateSchema, z.null()]).default(null),
    outcome: text(500).default(''),
  })
  .strict()
  .refine((i) => i.doneDate === null || i.outcome.length >= 2, { message: 'validation.outcomeRequired', path: ['outcome'] });

export const helpDecisionSchema = z
  .object({ planId: idSchema, decision: z.enum(['approve', 'reject']), note: text(500).default('') })
  .strict()
  .refine((d) => d.decision === 'approve' || d.note.length >= 2, { message: 'validation.reasonRequired', path: ['note'] });

export const periodSchema = z
  .object({ from: isoDateSchema, to: isoDateSchema })
  .strict()
  .refine((p) => p.to >= p.from, { message: 'validation.endBeforeStart', path: ['to'] });

export const endDynamicControlSchema = z
  .object({ personId: idSchema, decidedOn: isoDateSchema, basis: text(1000).min(2, { message: 'validation.required' }) })
  .strict();
