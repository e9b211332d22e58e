import { z } from 'zod';
import { LEDGER_LIMITS, ledgerExportFields, ledgerImportFields } from '../domain/ledger';
import { worklistGroups } from '../rules/worklist';
import { ruleIds } from '../rules/types';
import { localeSchema } from './common';
import { personListQuerySchema, reasonSchema } from './person';

/** A column → field mapping: each column and each field at most once; the ID number is the key of every row. */
export const ledgerMappingSchema = z
  .array(
    z
      .object({
        column: z.number().int().min(1).max(LEDGER_LIMITS.maxColumns),
        field: z.enum(ledgerImportFields),
      })
      .strict(),
  )
  .min(1, { message: 'validation.required' })
  .max(ledgerImportFields.length)
  .superRefine((mapping, ctx) => {
    const fields = mapping.map((m) => m.field);
    const columns = mapping.map((m) => m.column);
    if (new Set(fields).size !== fields.length) ctx.addIssue({ code: 'custom', message: 'validation.ledgerFieldTwice' });
    if (new Set(columns).size !== columns.length) ctx.addIssue({ code: 'custom', message: 'validation.ledgerColumnTwice' });
    if (!fields.includes('idNumber') || !fields.includes('name')) ctx.addIssue({ code: 'custom', message: 'validation.ledgerNeedsNameAndId' });
  });

/** Which sheet of a chosen file, where its header is, and how its columns map. */
export const ledgerSourceSchema = z
  .object({
    fileId: z.string().uuid(),
    sheet: z.string().min(1).max(100),
    headerRow: z.number().int().min(1).max(LEDGER_LIMITS.maxHeaderRow),
    mapping: ledgerMappingSchema,
  })
  .strict();

/** The preview: the same, and the language of the bad rows' file. */
export const ledgerPreviewSchema = ledgerSourceSchema.extend({ locale: localeSchema.default('zh-CN') }).strict();

/** The import, after a preview of the same file: the file must not have changed since (its SHA-256). */
export const ledgerImportSchema = ledgerSourceSchema
  .extend({
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    /** Rows with problems are left out (the user saw them in the preview and chose to go on). */
    skipInvalid: z.boolean().default(false),
  })
  .strict();

/** The person list's filters, without its paging: the export takes what the list shows. */
export const ledgerPersonFilterSchema = personListQuerySchema.omit({ offset: true, limit: true }).strict();

export const ledgerExportSchema = z
  .object({
    columns: z.array(z.enum(ledgerExportFields)).min(1, { message: 'validation.required' }).max(ledgerExportFields.length),
    filter: ledgerPersonFilterSchema.prefault({}),
    locale: localeSchema.default('zh-CN'),
    /** Full ID numbers instead of masked ones: an admin's choice, with the reason, audited. */
    fullIdNumbers: z.union([z.object({ reason: reasonSchema }).strict(), z.null()]).default(null),
  })
  .strict()
  .refine((v) => new Set(v.columns).size === v.columns.length, { message: 'validation.ledgerFieldTwice', path: ['columns'] });

export const ledgerWorklistExportSchema = z
  .object({
    group: z.enum(Object.keys(worklistGroups) as [keyof typeof worklistGroups, ...(keyof typeof worklistGroups)[]]).nullable().default(null),
    ruleId: z.enum(ruleIds).nullable().default(null),
    staffUserId: z.number().int().positive().nullable().default(null),
    stationCode: z.string().trim().min(2).max(32).nullable().default(null),
    includeDismissed: z.boolean().default(false),
    locale: localeSchema.default('zh-CN'),
  })
  .strict();

/** `haven ledger import --mapping FILE.json`: the header row and header text (or column letter) → field. */
export const ledgerMappingFileSchema = z
  .object({
    headerRow: z.number().int().min(1).max(LEDGER_LIMITS.maxHeaderRow).optional(),
    columns: z.record(z.string().min(1).max(200), z.enum(ledgerImportFields)),
  })
  .strict();
