import { z } from 'zod';
import { parseIdNumber } from '../domain/idNumber';
import { isIsoDate } from '../domain/dates';
import {
  contactRelations,
  educationLevels,
  employmentStatuses,
  ethnicities,
  maritalStatuses,
  substances,
  useMethods,
} from '../domain/reference';
import { idSchema } from './common';
import { careCategories } from '../domain/care';

export const isoDateSchema = z.string({ message: 'validation.required' }).refine(isIsoDate, { message: 'validation.date' });
const optionalDate = z.union([isoDateSchema, z.null()]).default(null);
const text = (max: number) => z.string().trim().max(max, { message: 'validation.tooLong' });
const optionalText = (max: number) => text(max).default('');

/** A mobile number: 11 digits starting with 1 (a leading +86 or 86 is accepted). */
const MOBILE = /^(?:\+?86)?1\d{10}$/;
/**
 * A landline with its area code: 0 and 2–3 more digits (025, 0511), then 7–8 digits, optionally
 * an extension: 025-84561234, 02584561234, (025)84561234, 0511-8456123-801.
 */
const LANDLINE = /^(?:0\d{2,3}-?|\(0\d{2,3}\))\d{7,8}(?:-\d{1,6})?$/;

/** True for a Chinese mobile or landline number as written on a form (spaces between groups allowed). */
export function isPhoneNumber(value: string): boolean {
  const compact = value.replace(/[\s\u3000]/g, '').replace(/[（]/g, '(').replace(/[）]/g, ')').replace(/[－—]/g, '-');
  return MOBILE.test(compact) || LANDLINE.test(compact);
}

/** Empty, or a mobile (11 digits starting with 1) or a landline with its area code (025-84561234). */
export const phoneSchema = z
  .string()
  .trim()
  .max(24, { message: 'validation.tooLong' })
  .refine((v) => v === '' || isPhoneNumber(v), { message: 'validation.phone' });

/** Checks shape and check digit here; the core also checks the birth date against its clock. */
export const idNumberSchema = z
  .string({ message: 'validation.required' })
  .transform((v) => v.replace(/\s/g, '').toUpperCase())
  .superRefine((value, ctx) => {
    const check = parseIdNumber(value, '9999-12-31');
    if (!check.ok) ctx.addIssue({ code: 'custom', message: `validation.idNumber.${check.problem}` });
  });

export const familyContactSchema = z
  .object({
    name: text(30).min(1, { message: 'validation.required' }),
    relation: z.enum(contactRelations, { message: 'validation.required' }),
    phone: phoneSchema.default(''),
    address: optionalText(200),
  })
  .strict();

export const drugHistorySchema = z
  .object({
    substances: z.array(z.enum(substances)).max(substances.length).default([]),
    method: z.union([z.enum(useMethods), z.null()]).default(null),
    firstUseDate: optionalDate,
    /** Earlier detox episodes (community, voluntary, compulsory): a risk factor. */
    priorEpisodes: z.number().int().min(0, { message: 'validation.invalid' }).max(50, { message: 'validation.invalid' }).default(0),
    priorMeasures: optionalText(1000),
  })
  .strict();

/** The editable part of a person's file (一人一档). Gender and birth date come from the ID number. */
export const personInputSchema = z
  .object({
    name: text(30).min(1, { message: 'validation.required' }),
    formerNames: optionalText(60),
    idNumber: idNumberSchema,
    ethnicity: z.union([z.enum(ethnicities), z.null()]).default(null),
    phone: phoneSchema.default(''),
    householdAddress: optionalText(200),
    residenceAddress: optionalText(200),
    education: z.union([z.enum(educationLevels), z.null()]).default(null),
    employment: z.union([z.enum(employmentStatuses), z.null()]).default(null),
    employer: optionalText(100),
    maritalStatus: z.union([z.enum(maritalStatuses), z.null()]).default(null),
    familyContacts: z.array(familyContactSchema).max(10, { message: 'validation.tooMany' }).default([]),
    drugHistory: drugHistorySchema.default({ substances: [], method: null, firstUseDate: null, priorEpisodes: 0, priorMeasures: '' }),
    /** AL art. 39 protective circumstances (under 16 is derived from the birth date). */
    pregnant: z.boolean().default(false),
    breastfeedingInfant: z.boolean().default(false),
    /** The infant's birth date: the protection of AL art. 39 lapses at its first birthday. */
    infantBirthDate: optionalDate,
    staffUserId: z.union([idSchema, z.null()]).default(null),
    notes: optionalText(2000),
  })
  .strict()
  .superRefine((p, ctx) => {
    // Pregnancy and breastfeeding apply to women; the gender comes from the ID number.
    const id = parseIdNumber(p.idNumber, '9999-12-31');
    if (id.ok && id.gender === 'male') {
      if (p.pregnant) ctx.addIssue({ code: 'custom', path: ['pregnant'], message: 'validation.protectiveFemaleOnly' });
      if (p.breastfeedingInfant) ctx.addIssue({ code: 'custom', path: ['breastfeedingInfant'], message: 'validation.protectiveFemaleOnly' });
    }
    if (p.breastfeedingInfant && p.infantBirthDate === null) ctx.addIssue({ code: 'custom', path: ['infantBirthDate'], message: 'validation.infantBirthDateRequired' });
    if (!p.breastfeedingInfant && p.infantBirthDate !== null) ctx.addIssue({ code: 'custom', path: ['infantBirthDate'], message: 'validation.infantOnlyBreastfeeding' });
  });

export type PersonInput = z.input<typeof personInputSchema>;
export type PersonData = z.output<typeof personInputSchema>;

export const reasonSchema = z
  .string({ message: 'validation.required' })
  .trim()
  .min(2, { message: 'validation.reasonRequired' })
  .max(500, { message: 'validation.tooLong' });

export const personListSortFields = ['name', 'updatedAt', 'createdAt', 'plannedEnd', 'reportInDate'] as const;

export const personListQuerySchema = z
  .object({
    query: z.string().trim().max(40, { message: 'validation.tooLong' }).default(''),
    measureKind: z.union([z.enum(['community_detox', 'community_rehab']), z.null()]).default(null),
    measureStatus: z
      .union([z.enum(['pending_report', 'active', 'suspended', 'completed', 'terminated', 'transferred_out', 'none']), z.null()])
      .default(null),
    staffUserId: z.union([idSchema, z.null()]).default(null),
    riskLevel: z.union([z.enum(['high', 'medium', 'low', 'unassessed']), z.null()]).default(null),
    careCategory: z.union([z.enum(careCategories), z.null()]).default(null),
    /** Supervisor: one station's imported files. */
    stationCode: z.union([z.string().trim().min(1).max(32), z.null()]).default(null),
    archived: z.boolean().default(false),
    sort: z.enum(personListSortFields).default('updatedAt'),
    direction: z.enum(['asc', 'desc']).default('desc'),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .strict();
export type PersonListQuery = z.input<typeof personListQuerySchema>;

export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
export const attachmentKinds = ['photo', 'document'] as const;
