import { z } from 'zod';
import {
  displayNameSchema,
  idSchema,
  idleLockMinutesSchema,
  newPasswordSchema,
  passwordSchema,
  roleSchema,
  stationCodeSchema,
  stationNameSchema,
  usernameSchema,
} from '../schemas/common';
import type { RatesView } from '../domain/rates';
import type { PeriodReport } from '../domain/reports';
import type { BackupStatus, RestoreCandidate, RestorePreview } from '../domain/backups';
import type {
  AttachmentMeta,
  MeasureDetail,
  PersonDetail,
  PersonStatus,
  PersonListPage,
  TimelineEntry,
  UserOption,
} from '../domain/persons';
import { ATTACHMENT_MAX_BYTES, attachmentKinds, isoDateSchema, personInputSchema, personListQuerySchema, reasonSchema } from '../schemas/person';
import { dischargeNoticeSchema, measureDecisionSchema, measureTransitionSchema, workingGroupMemberSchema } from '../schemas/measure';
import type { Absence, Contact, DrugTest, GoodReason, Leave, SupervisionSettings, Violation } from '../domain/supervision';
import {
  absenceSchema,
  contactSchema,
  drugTestSchema,
  goodReasonFieldsSchema,
  goodReasonSchema,
  leaveCorrectionSchema,
  leaveDecisionSchema,
  leaveRequestSchema,
  leaveReturnSchema,
  policeReportSchema,
  supervisionSettingsSchema,
  violationSchema,
  violationCorrectionSchema,
} from '../schemas/supervision';
import type { WorklistCounts, WorklistPage, WorklistRow } from '../rules/worklist';
import { worklistGroups } from '../rules/worklist';
import { ruleIds } from '../rules/types';
import type { Agreement, AgreementTemplate } from '../domain/agreements';
import type { CareFlag, CleanStatus, HelpPlan, HelpStats, RiskAssessment } from '../domain/care';
import {
  careFlagSchema,
  endDynamicControlSchema,
  helpDecisionSchema,
  helpItemSchema,
  helpPlanSchema,
  periodSchema,
  riskAssessmentSchema,
  riskFactorsSchema,
  riskTableSchema,
} from '../schemas/care';
import type { RiskScore, RiskTable } from '../rules/risk';
import type { CareCategory } from '../domain/care';
import type { AnchorOutcome, AppStatus, AuditChainStatus, AuditEvent, SessionInfo, StationSettings, UserSummary } from '../domain/types';
import {
  bundleKinds,
  type BundleExportView,
  type BundleImportView,
  type ChosenFileView,
  type StationOriginView,
  type BundleLogView,
  type BundleRecipientView,
  type KeySheetView,
  type SentBundleView,
  type StationRegistryView,
  type StationDataView,
} from '../domain/bundles';
import type { LedgerExportView, LedgerImportView, LedgerInspectView, LedgerPreviewView } from '../domain/ledger';
import { ledgerExportSchema, ledgerImportSchema, ledgerPreviewSchema, ledgerWorklistExportSchema } from '../schemas/ledger';

/**
 * Who may call a channel.
 * - `setup`: only while no database exists (first run).
 * - `public`: without a session (status, login).
 * - `user`: any logged-in user.
 * - `admin`: a logged-in admin.
 */
export type Access = 'setup' | 'public' | 'user' | 'admin';

/**
 * What a channel changes, declared once so that rules follow from it:
 * - `read`: nothing (a read may still be audited, or refresh a derived cache such as the worklist);
 * - `session`: who is logged in, and their own password;
 * - `station`: the station's own settings, users, keys and bundles;
 * - `person`: a person's file. A supervisor's database holds the stations' snapshots, which only
 *   a new bundle changes: every `person` channel is refused there (see core/ipc/readOnly.ts).
 */
export type Effect = 'read' | 'session' | 'station' | 'person';

export interface ChannelSpec<S extends z.ZodType = z.ZodType, R = unknown, A extends Access = Access> {
  access: A;
  effect: Effect;
  input: S;
  /** Phantom: carries the result type; never set at run time. */
  readonly result?: R;
}

/** `channel<Result>()({ access, input })` — the result type is given, the input type inferred. */
function channel<R>() {
  return <S extends z.ZodType, A extends Access>(spec: { access: A; effect: Effect; input: S }): ChannelSpec<S, R, A> => spec;
}

const empty = z.object({}).strict();

/** Filters of the audit log (screen, printout of a person's access history, export). */
const auditFilters = {
  personId: idSchema.optional(),
  userId: idSchema.optional(),
  /** An action (`persons.view`) or a group (`persons`). */
  action: z.string().regex(/^[a-zA-Z]+(\.[a-zA-Z_]+)*$/, { message: 'validation.invalid' }).max(60).optional(),
  from: isoDateSchema.optional(),
  to: isoDateSchema.optional(),
};
const periodInOrder = (q: { from?: string; to?: string }) => !q.from || !q.to || q.from <= q.to;

/** A backup to restore: ours in the backup folder (by name), or a file the open dialog granted (by id). */
const restoreSourceSchema = z.union([
  z.object({ file: z.string().regex(/^haven-\d{8}-\d{6}\.db$/, { message: 'validation.invalid' }) }).strict(),
  z.object({ fileId: z.string().uuid() }).strict(),
]);
/** The restoring admin's password (their slot in the backup) or the recovery key of the backup's time. */
const restoreCredentialSchema = z.union([
  z.object({ password: passwordSchema }).strict(),
  z.object({ recoveryKey: z.string().min(1, { message: 'validation.required' }).max(200) }).strict(),
]);

const confirmPassword = <T extends z.ZodRawShape>(shape: T) => z.object(shape).strict();

/**
 * The whole IPC surface of Haven. Channel names are `feature:verb`. The preload's allow-list,
 * the main-process registration, the e2e harness and the renderer's typed client all derive
 * from this object; a handler map that misses or adds a channel does not type-check.
 */
export const contract = {
  /** Whether a database exists, whether it is open, and who is logged in. */
  'app:status': channel<AppStatus>()({ access: 'public', effect: 'read', input: empty }),

  /** First run: creates the encrypted database and key file; returns the recovery key once. */
  'setup:create': channel<{ recoveryKey: string }>()({
    access: 'setup',
    effect: 'session',
    input: z
      .object({
        stationCode: stationCodeSchema,
        stationName: stationNameSchema,
        adminUsername: usernameSchema,
        adminDisplayName: displayNameSchema,
        password: newPasswordSchema,
        /** A station keeps files; a supervisor (上级禁毒办) only imports the stations' bundles. */
        mode: z.enum(['station', 'supervisor']).default('station'),
      })
      .strict(),
  }),

  /** Unwraps the master key with the user's password slot and opens the database. */
  'auth:login': channel<SessionInfo>()({
    access: 'public',
    effect: 'session',
    input: z.object({ username: usernameSchema, password: passwordSchema }).strict(),
  }),

  /** Lost password: the recovery key opens the database and sets a new password for a user. */
  'auth:recover': channel<SessionInfo>()({
    access: 'public',
    effect: 'session',
    input: z
      .object({
        recoveryKey: z.string().min(1, { message: 'validation.required' }).max(200),
        username: usernameSchema,
        newPassword: newPasswordSchema,
      })
      .strict(),
  }),

  /** Ends the session and closes the database. */
  'auth:logout': channel<void>()({ access: 'user', effect: 'session', input: empty }),

  /** Locks now (closes the database, drops the key); the same user unlocks with a password. */
  'auth:lock': channel<void>()({ access: 'user', effect: 'session', input: empty }),

  /** The page saw keyboard or mouse activity: postpones the idle lock. */
  'auth:activity': channel<void>()({ access: 'user', effect: 'session', input: empty }),

  /** Changes the logged-in user's own password (rewraps only their slot). */
  'auth:changePassword': channel<void>()({
    access: 'user',
    effect: 'session',
    input: confirmPassword({ currentPassword: passwordSchema, newPassword: newPasswordSchema }),
  }),

  /** All accounts of this database. */
  'users:list': channel<UserSummary[]>()({ access: 'admin', effect: 'read', input: empty }),

  /** Adds an account with its own key slot. */
  'users:create': channel<UserSummary>()({
    access: 'admin',
    effect: 'station',
    input: z
      .object({
        username: usernameSchema,
        displayName: displayNameSchema,
        role: roleSchema,
        password: newPasswordSchema,
      })
      .strict(),
  }),

  /** Changes name or role; the last active admin cannot be demoted. */
  'users:update': channel<UserSummary>()({
    access: 'admin',
    effect: 'station',
    input: z.object({ userId: idSchema, displayName: displayNameSchema, role: roleSchema }).strict(),
  }),

  /** Sets a new password for a user (rewraps or recreates their slot). */
  'users:resetPassword': channel<void>()({
    access: 'admin',
    effect: 'station',
    input: z.object({ userId: idSchema, newPassword: newPasswordSchema }).strict(),
  }),

  /** Disables an account and removes its key slot; its password no longer opens anything. */
  'users:disable': channel<void>()({
    access: 'admin',
    effect: 'station',
    input: z.object({ userId: idSchema }).strict(),
  }),

  /** Re-enables an account with a new password (a new key slot). */
  'users:enable': channel<void>()({
    access: 'admin',
    effect: 'station',
    input: z.object({ userId: idSchema, newPassword: newPasswordSchema }).strict(),
  }),

  /** Station-wide settings. */
  'settings:get': channel<StationSettings>()({ access: 'user', effect: 'read', input: empty }),

  'settings:update': channel<StationSettings>()({
    access: 'admin',
    effect: 'station',
    input: z.object({ idleLockMinutes: idleLockMinutesSchema }).strict(),
  }),

  /**
   * New master key (`PRAGMA rekey`), e.g. after a staff member leaves with a copy of the files.
   * Keeps the calling admin's slot, issues a new recovery key, and drops every other slot: those
   * users need a password reset by an admin.
   */
  'keys:rotateMasterKey': channel<{ recoveryKey: string; usersNeedingReset: string[] }>()({
    access: 'admin',
    effect: 'station',
    input: z.object({ currentPassword: passwordSchema }).strict(),
  }),

  /** Replaces the recovery slot (the old recovery key stops working). */
  'keys:newRecoveryKey': channel<{ recoveryKey: string }>()({
    access: 'admin',
    effect: 'station',
    input: z.object({ currentPassword: passwordSchema }).strict(),
  }),

  /** Walks the whole audit chain (keyed links, first event, append-only triggers); its head. */
  'audit:chain': channel<AuditChainStatus>()({ access: 'admin', effect: 'read', input: empty }),

  /**
   * Compares an anchor from an audit receipt (event number and at least the first 16 hex digits
   * of its link) with the chain: still there with the same link, and the chain holds.
   */
  'audit:verifyAnchor': channel<{ outcome: AnchorOutcome; chain: AuditChainStatus }>()({
    access: 'admin',
    effect: 'read',
    input: z
      .object({
        eventId: z.number().int().positive({ message: 'validation.auditAnchorEvent' }).max(1e12, { message: 'validation.auditAnchorEvent' }),
        hash: z
          .string()
          .transform((v) => v.replace(/\s+/g, '').toLowerCase())
          .pipe(z.string().regex(/^[0-9a-f]{16,64}$/, { message: 'validation.auditAnchorHash' })),
      })
      .strict(),
  }),

  /** 备份: the settings, the folder, the last successful backup (the dashboard warns when it is old) and the backups there. */
  'backups:status': channel<BackupStatus>()({ access: 'user', effect: 'read', input: empty }),

  'backups:configure': channel<BackupStatus>()({
    access: 'admin',
    effect: 'station',
    input: z
      .object({
        keep: z.number({ message: 'validation.required' }).int().min(1, { message: 'validation.backupKeep' }).max(100, { message: 'validation.backupKeep' }),
        everyDays: z.number({ message: 'validation.required' }).int().min(0, { message: 'validation.backupEveryDays' }).max(30, { message: 'validation.backupEveryDays' }),
        warnDays: z.number({ message: 'validation.required' }).int().min(1, { message: 'validation.backupWarnDays' }).max(90, { message: 'validation.backupWarnDays' }),
        /** China time `HH:MM` of the daily scheduled backup, null for none; left out: unchanged. */
        dailyAt: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'validation.backupDailyAt' }).nullable().optional(),
      })
      .strict(),
  }),

  /**
   * The backup folder: one the admin chose in the shell's folder dialog (`shell:chooseBackupFolder`
   * names it by id and calls this), checked before it is saved (there, writable, not a folder the
   * app empties), or null for the default `<data folder>/backups`. Audited.
   */
  'backups:setFolder': channel<BackupStatus>()({
    access: 'admin',
    effect: 'station',
    input: z.object({ folderId: z.string().uuid().nullable() }).strict(),
  }),

  /** 恢复: the backups in the folder, who made each, and whether each opens with the current key. */
  'backups:list': channel<RestoreCandidate[]>()({ access: 'admin', effect: 'read', input: empty }),

  /**
   * 恢复, step 1: a backup (ours in the folder, or a file chosen through `shell:chooseBackupFile`)
   * opened read-only with the admin's password or the recovery key through its own key slots,
   * integrity-checked, schema not newer than the app; what it holds and what it would replace.
   */
  'backups:inspect': channel<RestorePreview>()({ access: 'admin', effect: 'read', input: z.object({ source: restoreSourceSchema, credential: restoreCredentialSchema }).strict() }),

  /**
   * 恢复, step 2 (a long job): checked again as copied beside the database, then the current files
   * are renamed aside (kept) and the copy renamed into place; on any failure the current files are
   * put back exactly. `confirm` is the backup's station code, typed. On success the session ends
   * (reason `restored`) and the restore is in the restored database's audit log.
   * `session`: it is allowed on a database found damaged, which is when it is needed most.
   */
  'backups:restore': channel<{ keptAs: string }>()({
    access: 'admin',
    effect: 'session',
    input: z
      .object({
        source: restoreSourceSchema,
        credential: restoreCredentialSchema,
        confirm: z.string({ message: 'validation.required' }).min(1, { message: 'validation.restoreConfirm' }).max(100),
      })
      .strict(),
  }),

  /**
   * After a master-key rotation: deletes the backups in the folder made under an earlier key (they
   * still open with that time's passwords and recovery key). Refused until a backup under the
   * current key exists. Audited with the names removed.
   */
  'backups:removeOtherKey': channel<{ removed: string[]; status: BackupStatus }>()({ access: 'admin', effect: 'station', input: empty }),

  /** A backup now (a long job with progress): encrypted like the database, checked, renamed into place; the oldest beyond `keep` removed. */
  'backups:run': channel<BackupStatus>()({ access: 'admin', effect: 'station', input: empty }),

  /** Newest audit events first, filtered by person, user, action (or its group) and China days. */
  'audit:list': channel<AuditEvent[]>()({
    access: 'admin',
    effect: 'read',
    input: z
      .object({
        ...auditFilters,
        limit: z.number().int().min(1).max(500).default(100),
        beforeId: z.number().int().positive().optional(),
      })
      .strict()
      .refine(periodInOrder, { message: 'validation.endBeforeStart', path: ['to'] }),
  }),

  /** The filtered audit log as an .xlsx (time, user, action in words, the person with the ID masked), for shell:saveSpreadsheet; audited. */
  'audit:export': channel<{ jobId: string; fileName: string; rows: number }>()({
    access: 'admin',
    effect: 'read',
    input: z
      .object({ ...auditFilters, locale: z.enum(['zh-CN', 'en']).default('zh-CN') })
      .strict()
      .refine(periodInOrder, { message: 'validation.endBeforeStart', path: ['to'] }),
  }),

  /**
   * Keeps the unsaved long text of an open dialog in the core's memory (never on disk) so an idle
   * lock does not lose it; empty text drops it. Kept for the same user across a lock, dropped at
   * logout or when someone else unlocks (electron/core/kernel/drafts.ts has the rule).
   */
  'drafts:save': channel<void>()({
    access: 'user',
    effect: 'session',
    input: z.object({ key: z.string().min(1).max(120), text: z.string().max(20_000) }).strict(),
  }),

  /** Takes a dialog's draft back (it is removed); null when there is none for this user. */
  'drafts:take': channel<string | null>()({ access: 'user', effect: 'session', input: z.object({ key: z.string().min(1).max(120) }).strict() }),

  /** Staff who can be put in charge of a person (责任社工): any logged-in user may read it. */
  'users:directory': channel<UserOption[]>()({ access: 'user', effect: 'read', input: empty }),

  /** One page of the person list, filtered, sorted and searched in the database. */
  'persons:list': channel<PersonListPage>()({ access: 'user', effect: 'read', input: personListQuerySchema }),

  /** Opens a file; every opening is an audit event. The ID number comes masked. */
  'persons:get': channel<PersonDetail>()({ access: 'user', effect: 'read', input: z.object({ personId: idSchema }).strict() }),

  /**
   * The open file's status after a change (risk level, 重点关爱, measure, archive): no name, no ID
   * number, so it is not an opening and is not audited; `persons:get` stays the audited opening.
   */
  'persons:status': channel<PersonStatus>()({ access: 'user', effect: 'read', input: z.object({ personId: idSchema }).strict() }),

  /** Shows the full ID number: a deliberate, audited act. */
  'persons:revealId': channel<{ idNumber: string }>()({ access: 'user', effect: 'read', input: z.object({ personId: idSchema }).strict() }),

  /** Whether an ID number already has a file (for the form's duplicate warning). */
  'persons:findByIdNumber': channel<{ personId: number; name: string; archived: boolean } | null>()({
    access: 'user',
    effect: 'read',
    input: z.object({ idNumber: z.string().max(30) }).strict(),
  }),

  /** New file; a duplicate ID number is refused with the existing file's id in `params.personId`. */
  'persons:create': channel<{ personId: number }>()({ access: 'user', effect: 'person', input: z.object({ person: personInputSchema }).strict() }),

  /** Saves the editable fields; the change of each field is audited with old and new value. */
  'persons:update': channel<PersonDetail>()({
    access: 'user',
    effect: 'person',
    input: z.object({ personId: idSchema, person: personInputSchema }).strict(),
  }),

  /** Archives a file (never deleted by staff); it leaves the default list. */
  'persons:archive': channel<void>()({ access: 'user', effect: 'person', input: z.object({ personId: idSchema, reason: reasonSchema }).strict() }),

  'persons:unarchive': channel<void>()({ access: 'user', effect: 'person', input: z.object({ personId: idSchema }).strict() }),

  /** Deletes a file for good (admin): the name typed again and a reason; the audit log keeps that it happened. */
  'persons:purge': channel<void>()({
    access: 'admin',
    effect: 'person',
    input: z.object({ personId: idSchema, confirmName: z.string().trim().min(1, { message: 'validation.required' }).max(30), reason: reasonSchema }).strict(),
  }),

  /** Everything that happened to a person, newest first, from every feature. */
  'timeline:person': channel<TimelineEntry[]>()({ access: 'user', effect: 'read', input: z.object({ personId: idSchema }).strict() }),

  /** A person's measures, newest first, with events, working group and computed term. */
  'measures:list': channel<MeasureDetail[]>()({ access: 'user', effect: 'read', input: z.object({ personId: idSchema }).strict() }),

  /** Registers a decision; the measure waits for report-in. Refused while another measure is open. */
  'measures:create': channel<MeasureDetail>()({
    access: 'user',
    effect: 'person',
    input: z.object({ personId: idSchema, decision: measureDecisionSchema }).strict(),
  }),

  /** Corrects the decision's details (audited field by field). */
  'measures:update': channel<MeasureDetail>()({
    access: 'user',
    effect: 'person',
    input: z.object({ measureId: idSchema, decision: measureDecisionSchema }).strict(),
  }),

  /** Report-in, suspend, resume, complete, terminate, transfer out: only legal moves, each dated and reasoned. */
  'measures:transition': channel<MeasureDetail>()({ access: 'user', effect: 'person', input: measureTransitionSchema }),

  /** The police 解除通知书 (number, date issued, date the station was notified; RR art. 23, 40), once the term has ended. */
  'measures:recordDischargeNotice': channel<MeasureDetail>()({ access: 'user', effect: 'person', input: dischargeNoticeSchema }),

  /** Replaces the working group (工作小组) of a measure. */
  'measures:setWorkingGroup': channel<MeasureDetail>()({
    access: 'user',
    effect: 'person',
    input: z.object({ measureId: idSchema, members: z.array(workingGroupMemberSchema).max(20, { message: 'validation.tooMany' }) }).strict(),
  }),

  'attachments:list': channel<AttachmentMeta[]>()({ access: 'user', effect: 'read', input: z.object({ personId: idSchema }).strict() }),

  /** Adds a photo (JPEG/PNG) or a scanned document (JPEG/PNG/PDF), checked by content, stored encrypted. */
  'attachments:add': channel<AttachmentMeta>()({
    access: 'user',
    effect: 'person',
    input: z
      .object({
        personId: idSchema,
        kind: z.enum(attachmentKinds),
        filename: z.string().trim().min(1, { message: 'validation.required' }).max(200, { message: 'validation.tooLong' }),
        note: z.string().trim().max(200, { message: 'validation.tooLong' }).default(''),
        // base64 is 4/3 of the bytes; the exact byte limit is checked after decoding.
        dataBase64: z.string().min(1, { message: 'validation.required' }).max(Math.ceil((ATTACHMENT_MAX_BYTES * 4) / 3) + 4, { message: 'validation.fileTooLarge' }),
      })
      .strict(),
  }),

  /** The file's bytes for viewing (audited). */
  'attachments:get': channel<AttachmentMeta & { dataBase64: string }>()({
    access: 'user',
    effect: 'read',
    input: z.object({ attachmentId: idSchema }).strict(),
  }),

  /** Removes an attachment with a reason (audited). */
  'attachments:remove': channel<void>()({
    access: 'user',
    effect: 'person',
    input: z.object({ attachmentId: idSchema, reason: reasonSchema }).strict(),
  }),

  /** 吸毒检测 of a person, newest first. */
  'tests:list': channel<DrugTest[]>()({ access: 'user', effect: 'read', input: z.object({ personId: idSchema }).strict() }),

  /** Records a test against the person's running measure; it fulfils the due test. */
  'tests:create': channel<DrugTest>()({ access: 'user', effect: 'person', input: z.object({ personId: idSchema, test: drugTestSchema }).strict() }),

  /** 更正: corrects a test (the same rules as recording it; a reason; each changed field's old and new value audited). */
  'tests:correct': channel<DrugTest>()({ access: 'user', effect: 'person', input: z.object({ testId: idSchema, test: drugTestSchema, reason: reasonSchema }).strict() }),

  /** Removes a test entered by mistake (reason audited). */
  'tests:remove': channel<void>()({ access: 'user', effect: 'person', input: z.object({ testId: idSchema, reason: reasonSchema }).strict() }),

  /** 帮教谈话 / 走访 of a person, newest first. */
  'contacts:list': channel<Contact[]>()({ access: 'user', effect: 'read', input: z.object({ personId: idSchema }).strict() }),

  'contacts:create': channel<Contact>()({ access: 'user', effect: 'person', input: z.object({ personId: idSchema, contact: contactSchema }).strict() }),

  /** 更正: corrects a talk or visit (the same rules as recording it; a reason; old and new values audited). */
  'contacts:correct': channel<Contact>()({ access: 'user', effect: 'person', input: z.object({ contactId: idSchema, contact: contactSchema, reason: reasonSchema }).strict() }),

  'contacts:remove': channel<void>()({ access: 'user', effect: 'person', input: z.object({ contactId: idSchema, reason: reasonSchema }).strict() }),

  /** 请假 / 销假 of a person, newest first. */
  'leaves:list': channel<Leave[]>()({ access: 'user', effect: 'read', input: z.object({ personId: idSchema }).strict() }),

  /** A request (when the station requires approval) or the registration of a written report (when it does not). */
  'leaves:create': channel<Leave>()({ access: 'user', effect: 'person', input: z.object({ personId: idSchema, leave: leaveRequestSchema }).strict() }),

  /** Approves or rejects a requested leave (rejecting needs a note). */
  'leaves:decide': channel<Leave>()({ access: 'user', effect: 'person', input: leaveDecisionSchema }),

  /** 销假: the return check-in; a late return records the extra days as an unauthorized absence. */
  'leaves:return': channel<Leave>()({ access: 'user', effect: 'person', input: leaveReturnSchema }),

  /**
   * 更正: a leave's request (and, once checked in, its 销假) with a reason; what its state lets
   * change is the core's rule (a decided period stays); old and new values audited.
   */
  'leaves:correct': channel<Leave>()({ access: 'user', effect: 'person', input: leaveCorrectionSchema }),

  /** Withdraws a leave that has not started being used (reason audited). */
  'leaves:cancel': channel<Leave>()({ access: 'user', effect: 'person', input: z.object({ leaveId: idSchema, reason: reasonSchema }).strict() }),

  /** 擅自离开执行地 of a person. */
  'absences:list': channel<Absence[]>()({ access: 'user', effect: 'read', input: z.object({ personId: idSchema }).strict() }),

  'absences:create': channel<Absence>()({ access: 'user', effect: 'person', input: z.object({ personId: idSchema, absence: absenceSchema }).strict() }),

  /** Closes an absence still running (the person is back). */
  'absences:end': channel<Absence>()({ access: 'user', effect: 'person', input: z.object({ absenceId: idSchema, toDate: z.string() }).strict() }),

  /** 更正: corrects an absence (the same rules as recording it; a reason; old and new values audited). */
  'absences:correct': channel<Absence>()({ access: 'user', effect: 'person', input: z.object({ absenceId: idSchema, absence: absenceSchema, reason: reasonSchema }).strict() }),

  'absences:remove': channel<void>()({ access: 'user', effect: 'person', input: z.object({ absenceId: idSchema, reason: reasonSchema }).strict() }),

  /** 违反协议 of a person. */
  'violations:list': channel<Violation[]>()({ access: 'user', effect: 'read', input: z.object({ personId: idSchema }).strict() }),

  /** Records a violation, by hand or answering a rule's alert (`ruleKey`): the rule, facts and article are kept. */
  /** 更正: corrects a violation (the same date rules; a rule's serious breach stays serious; a reason; old and new values audited). */
  'violations:correct': channel<Violation>()({
    access: 'user',
    effect: 'person',
    input: z.object({ violationId: idSchema, violation: violationCorrectionSchema, reason: reasonSchema }).strict(),
  }),

  'violations:create': channel<Violation>()({ access: 'user', effect: 'person', input: z.object({ personId: idSchema, violation: violationSchema }).strict() }),

  /** The police report of a violation (RR art. 21): date and to whom. */
  'violations:reportToPolice': channel<Violation>()({ access: 'user', effect: 'person', input: policeReportSchema }),

  /** 正当理由 recorded for a person: for late report-ins, tests and absences. */
  'goodReasons:list': channel<GoodReason[]>()({ access: 'user', effect: 'read', input: z.object({ personId: idSchema }).strict() }),

  /**
   * Records a 正当理由 (who decided, when, why, optional scan) for a late report-in, a missed,
   * refused or positive test, or an absence; it then no longer counts as refusal or breach.
   */
  'goodReasons:create': channel<GoodReason>()({ access: 'user', effect: 'person', input: goodReasonSchema }),

  /** 更正: a 正当理由's words, who decided, when and the scan (what it answers stays); a reason; old and new values audited. */
  'goodReasons:correct': channel<GoodReason>()({
    access: 'user',
    effect: 'person',
    input: z.object({ goodReasonId: idSchema, goodReason: goodReasonFieldsSchema, reason: reasonSchema }).strict(),
  }),

  /** Withdraws a 正当理由 recorded by mistake (reason audited): what it answered counts again. */
  'goodReasons:remove': channel<void>()({ access: 'user', effect: 'person', input: z.object({ goodReasonId: idSchema, reason: reasonSchema }).strict() }),

  /** The rules' alerts about one person today, dismissed ones marked. */
  'worklist:person': channel<WorklistRow[]>()({ access: 'user', effect: 'read', input: z.object({ personId: idSchema }).strict() }),

  /** Hides one alert occurrence with a reason (audited); a new occurrence alerts again. */
  'worklist:dismiss': channel<void>()({
    access: 'user',
    effect: 'station',
    input: z.object({ personId: idSchema.nullable(), key: z.string().min(1).max(120), reason: reasonSchema }).strict(),
  }),

  /** 待办: one page of today's alerts, by worklist group or rule. */
  'worklist:list': channel<WorklistPage>()({
    access: 'user',
    effect: 'read',
    input: z
      .object({
        group: z.enum(Object.keys(worklistGroups) as [keyof typeof worklistGroups, ...(keyof typeof worklistGroups)[]]).nullable().default(null),
        ruleId: z.enum(ruleIds).nullable().default(null),
        staffUserId: idSchema.nullable().default(null),
        stationCode: z.string().trim().min(2).max(32).nullable().default(null),
        includeDismissed: z.boolean().default(false),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(500).default(100),
      })
      .strict(),
  }),

  /**
   * 工作台 and 待办's badges: counts per rule and group, and the station-wide alerts; at a supervisor,
   * of one station's files if given, with how old each (that) station's files are (`stations`: the
   * counts are as of today, a station's files only as of its last full bundle). Empty at a station.
   */
  'worklist:counts': channel<WorklistCounts & { stations: StationDataView[] }>()({
    access: 'user',
    effect: 'read',
    input: z.object({ stationCode: z.string().trim().min(2).max(32).nullable().default(null) }).strict(),
  }),

  /** The station's supervision plan (test and contact schedules, leave approval, ratios). */
  'schedules:get': channel<SupervisionSettings>()({ access: 'user', effect: 'read', input: empty }),

  'schedules:update': channel<SupervisionSettings>()({ access: 'admin', effect: 'station', input: supervisionSettingsSchema }),

  /** 风险评估 of a person, newest first. */
  'risk:list': channel<RiskAssessment[]>()({ access: 'user', effect: 'read', input: z.object({ personId: idSchema }).strict() }),

  /** The score and suggested level for chosen factors plus what the records say, before saving. */
  'risk:preview': channel<RiskScore & { records: Record<string, number | null> }>()({
    access: 'user',
    effect: 'read',
    input: z.object({ personId: idSchema, date: z.string(), factors: riskFactorsSchema.strict() }).strict(),
  }),

  /** Records an assessment; a level other than the suggested one needs a reason. */
  'risk:create': channel<RiskAssessment>()({ access: 'user', effect: 'person', input: z.object({ personId: idSchema, assessment: riskAssessmentSchema }).strict() }),

  /** 更正: an assessment scored again under the same rules as recording it; a reason; old and new values audited. */
  'risk:correct': channel<RiskAssessment>()({
    access: 'user',
    effect: 'person',
    input: z.object({ assessmentId: idSchema, assessment: riskAssessmentSchema, reason: reasonSchema }).strict(),
  }),

  /** 删除（录入错误）: an assessment recorded by mistake, with a reason; the audit keeps what was deleted; the file's level follows the newest one left. */
  'risk:remove': channel<void>()({ access: 'user', effect: 'person', input: z.object({ assessmentId: idSchema, reason: reasonSchema }).strict() }),

  /** The station's scoring table. */
  'riskTable:get': channel<RiskTable>()({ access: 'user', effect: 'read', input: empty }),

  'riskTable:update': channel<RiskTable>()({ access: 'admin', effect: 'station', input: riskTableSchema }),

  /** 重点关爱对象 flags of a person. */
  'keyCare:list': channel<CareFlag[]>()({ access: 'user', effect: 'read', input: z.object({ personId: idSchema }).strict() }),

  'keyCare:add': channel<CareFlag>()({ access: 'user', effect: 'person', input: z.object({ personId: idSchema, flag: careFlagSchema }).strict() }),

  /** 更正: a care flag under the same rules as adding one (ending it too: its until date); a reason; old and new values audited. */
  'keyCare:correct': channel<CareFlag>()({ access: 'user', effect: 'person', input: z.object({ flagId: idSchema, flag: careFlagSchema, reason: reasonSchema }).strict() }),

  'keyCare:remove': channel<void>()({ access: 'user', effect: 'person', input: z.object({ flagId: idSchema, reason: reasonSchema }).strict() }),

  /** Persons per category with a flag in force today. */
  'keyCare:counts': channel<Partial<Record<CareCategory, number>>>()({ access: 'user', effect: 'read', input: empty }),

  /** 帮扶方案 (一人一策) of a person with their items. */
  'help:listPlans': channel<HelpPlan[]>()({ access: 'user', effect: 'read', input: z.object({ personId: idSchema }).strict() }),

  'help:createPlan': channel<HelpPlan>()({ access: 'user', effect: 'person', input: z.object({ personId: idSchema, plan: helpPlanSchema }).strict() }),

  /** Changing a plan sends it back for approval. */
  'help:updatePlan': channel<HelpPlan>()({ access: 'user', effect: 'person', input: z.object({ planId: idSchema, plan: helpPlanSchema }).strict() }),

  /** Approves or rejects a requested plan (admin: the station head decides). */
  'help:decidePlan': channel<HelpPlan>()({ access: 'admin', effect: 'person', input: helpDecisionSchema }),

  'help:addItem': channel<HelpPlan>()({ access: 'user', effect: 'person', input: z.object({ planId: idSchema, item: helpItemSchema }).strict() }),

  /** Edits an item; setting the done date with an outcome counts it as help given. */
  'help:updateItem': channel<HelpPlan>()({ access: 'user', effect: 'person', input: z.object({ itemId: idSchema, item: helpItemSchema }).strict() }),

  /** 更正: a help item entered wrongly, under the same rules as adding one; a reason; old and new values audited. */
  'help:correctItem': channel<HelpPlan>()({ access: 'user', effect: 'person', input: z.object({ itemId: idSchema, item: helpItemSchema, reason: reasonSchema }).strict() }),

  'help:removeItem': channel<HelpPlan>()({ access: 'user', effect: 'person', input: z.object({ itemId: idSchema, reason: reasonSchema }).strict() }),

  /**
   * 报到率, 执行率 and 戒断巩固率 of a period (working definitions in shared/domain/rates.ts): per
   * station and in total at a supervisor, the station's own at a station.
   */
  'rates:period': channel<RatesView>()({ access: 'user', effect: 'read', input: periodSchema }),

  /** 统计报表 of a period, or of a calendar month (月度工作报表): every figure a station hands in, with the charts' data. */
  'reports:period': channel<PeriodReport>()({
    access: 'user',
    effect: 'read',
    input: z.union([periodSchema, z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'validation.month' }) }).strict()]),
  }),

  /** The same report as an .xlsx (sections with their formulas, the rates, the 12-month trend), made for shell:saveSpreadsheet. */
  'reports:export': channel<{ jobId: string; fileName: string }>()({
    access: 'user',
    effect: 'read',
    input: z
      .object({
        from: isoDateSchema.optional(),
        to: isoDateSchema.optional(),
        month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'validation.month' }).optional(),
        locale: z.enum(['zh-CN', 'en']).default('zh-CN'),
      })
      .strict()
      .refine((v) => (v.month !== undefined) !== (v.from !== undefined && v.to !== undefined) && (v.month !== undefined || (v.from as string) <= (v.to as string)), {
        message: 'validation.endBeforeStart',
        path: ['to'],
      }),
  }),

  /** Help given in 人次 by category and department in a period. */
  'help:stats': channel<HelpStats>()({ access: 'user', effect: 'read', input: periodSchema }),

  /** 戒断三年未复吸: the clock, whether the person is a candidate, and any decision. */
  'clean:status': channel<CleanStatus>()({ access: 'user', effect: 'read', input: z.object({ personId: idSchema }).strict() }),

  /** Records the end of dynamic control (RR art. 7) with its basis; the file stays. */
  'clean:endDynamicControl': channel<CleanStatus>()({ access: 'user', effect: 'person', input: endDynamicControlSchema }),

  /**
   * Renders a document to print (HTML with its fonts, A4, page numbers, printed-by line) and
   * records the printout in the audit log. The job id is what shell:print / shell:savePdf take.
   */
  'print:render': channel<{ jobId: string; title: string; html: string; fileName: string }>()({
    access: 'user',
    effect: 'read',
    input: z.discriminatedUnion('document', [
      z.object({ document: z.literal('caseFile'), personId: idSchema }).strict(),
      z.object({ document: z.literal('agreement'), agreementId: idSchema }).strict(),
      z.object({ document: z.literal('leaveForm'), leaveId: idSchema }).strict(),
      z.object({ document: z.literal('reportIn'), measureId: idSchema }).strict(),
      z.object({ document: z.literal('measureEnd'), measureId: idSchema }).strict(),
      z.object({ document: z.literal('keySheet') }).strict(),
      z.object({ document: z.literal('auditReceipt') }).strict(),
      z.object({ document: z.literal('accessHistory'), personId: idSchema }).strict(),
      z.object({ document: z.literal('periodReport'), from: z.string(), to: z.string() }).strict(),
      z.object({ document: z.literal('monthlyReport'), month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'validation.month' }) }).strict(),
      /** 操作手册: the user guide (shared/guide) as a printed book. */
      z.object({ document: z.literal('guide') }).strict(),
    ]),
  }),

  /** Agreement templates, every version, newest first per kind. */
  'agreements:templates': channel<AgreementTemplate[]>()({ access: 'user', effect: 'read', input: empty }),

  /** Saves an edited template as a new version (admin); placeholders are checked. */
  'agreements:saveTemplate': channel<AgreementTemplate>()({
    access: 'admin',
    effect: 'station',
    input: z
      .object({
        kind: z.enum(['community_detox', 'community_rehab']),
        title: z.string().trim().min(2, { message: 'validation.required' }).max(60, { message: 'validation.tooLong' }),
        body: z.string().min(20, { message: 'validation.required' }).max(20000, { message: 'validation.tooLong' }),
        note: z.string().trim().max(200, { message: 'validation.tooLong' }).default(''),
      })
      .strict(),
  }),

  /** A person's agreements, newest first. */
  'agreements:list': channel<Agreement[]>()({ access: 'user', effect: 'read', input: z.object({ personId: idSchema }).strict() }),

  /** Drafts the agreement of a measure from the current template (replaces an earlier draft). */
  'agreements:generate': channel<Agreement>()({ access: 'user', effect: 'person', input: z.object({ measureId: idSchema }).strict() }),

  /** Marks the printed draft as signed on a day; its text and SHA-256 never change afterwards. */
  'agreements:sign': channel<Agreement>()({ access: 'user', effect: 'person', input: z.object({ agreementId: idSchema, signedOn: z.string() }).strict() }),

  /** Voids a signed agreement (e.g. after a transfer); a new one can then be generated. */
  'agreements:void': channel<Agreement>()({ access: 'user', effect: 'person', input: z.object({ agreementId: idSchema, reason: reasonSchema }).strict() }),

  /** Links the scanned signed copy (an attachment of the person). */
  'agreements:attachScan': channel<Agreement>()({ access: 'user', effect: 'person', input: z.object({ agreementId: idSchema, attachmentId: idSchema }).strict() }),

  /** This database's 本站密钥单: signing public key, key id and fingerprint, age recipient and its fingerprint. */
  'bundles:keys': channel<KeySheetView>()({ access: 'user', effect: 'read', input: empty }),

  /** The recipients this station sends bundles to (its supervisor, stations it transfers to). */
  'bundles:recipients': channel<BundleRecipientView[]>()({ access: 'admin', effect: 'read', input: empty }),

  /**
   * Registers a recipient from its `age1…` key or recipients file, after the fingerprint read off
   * the recipient's key sheet matches (refused with BUNDLE_RECIPIENT_FINGERPRINT and the right
   * fingerprint otherwise). An already registered recipient is returned as it is.
   */
  'bundles:addRecipient': channel<BundleRecipientView>()({
    access: 'admin',
    effect: 'station',
    input: z
      .object({
        name: z.string().trim().max(60, { message: 'validation.tooLong' }).default(''),
        recipient: z.string().trim().min(1, { message: 'validation.required' }).max(2000, { message: 'validation.tooLong' }),
        confirmFingerprint: z.string().trim().min(1, { message: 'validation.required' }).max(200, { message: 'validation.tooLong' }),
      })
      .strict(),
  }),

  /**
   * Makes a signed, encrypted bundle for a registered recipient; the file waits as a file job for
   * `shell:saveFile`, and the sending is recorded only once it was saved (`bundles:confirmSaved`). `transfer` needs a person whose
   * measure was transferred out.
   */
  'bundles:export': channel<BundleExportView>()({
    access: 'admin',
    effect: 'station',
    input: z
      .object({ recipientId: idSchema, kind: z.enum(bundleKinds), personId: idSchema.optional() })
      .strict()
      .refine((v) => (v.kind === 'transfer') === (v.personId !== undefined), { message: 'validation.invalid', path: ['personId'] }),
  }),

  /**
   * Records a made bundle as sent (bundle_sent, the recipient's number, an audit event) once the
   * shell saved it: `shell:saveFile` calls this itself after a save that was not cancelled.
   */
  'bundles:confirmSaved': channel<{ recorded: boolean }>()({ access: 'admin', effect: 'station', input: z.object({ jobId: z.string().uuid() }).strict() }),

  /** Bundles this station sent, newest first. */
  'bundles:sent': channel<SentBundleView[]>()({ access: 'admin', effect: 'read', input: empty }),

  /**
   * Imports the bundle files the user chose (`shell:chooseBundles` names them by id; the page
   * never sees a path or the bytes): each is verified, decrypted and applied a part at a time, or
   * refused, on its own, and logged. Fingerprints typed from stations' key sheets let a
   * first-time station in; a registered station's new key needs `replaceStationKeys`. A long job: progress events, and a stop until the first
   * file is written.
   */
  'bundles:import': channel<BundleImportView[]>()({
    access: 'admin',
    effect: 'station',
    input: z
      .object({
        fileIds: z.array(z.string().uuid()).min(1, { message: 'validation.required' }).max(50),
        confirmFingerprints: z.array(z.string().trim().max(200)).max(50).default([]),
        /** Replacing a registered station's key: its own explicit action, with a reason (bundles/import.ts). */
        replaceStationKeys: z
          .array(
            z
              .object({
                code: z.string().trim().min(2).max(32),
                fingerprint: z.string().trim().min(1, { message: 'validation.required' }).max(200),
                reason: reasonSchema,
                restartNumbering: z.boolean().default(false),
              })
              .strict(),
          )
          .max(50)
          .default([]),
        /** Accepting a station's numbering anew (same key; BUNDLE_RENUMBERED): its own explicit action, with a reason. */
        renumberStations: z
          .array(z.object({ code: z.string().trim().min(2).max(32), reason: reasonSchema }).strict())
          .max(50)
          .default([]),
      })
      .strict(),
  }),

  /** The supervisor's registry of stations with their last bundle, its age, gaps and counts. */
  'bundles:stations': channel<StationRegistryView[]>()({ access: 'user', effect: 'read', input: empty }),

  /** One station's name and the bundle its snapshot is from (the header of an imported file); null if unknown. */
  'bundles:origin': channel<StationOriginView | null>()({
    access: 'user',
    effect: 'read',
    input: z.object({ code: z.string().trim().min(2).max(32) }).strict(),
  }),

  /** Every import attempt (accepted, refused, duplicate), newest first. */
  'bundles:log': channel<BundleLogView[]>()({ access: 'admin', effect: 'read', input: empty }),

  /**
   * 人员台账 import, step 1: a spreadsheet the user chose (`shell:chooseSpreadsheet` names it by id)
   * — its sheets, their first rows as text, and the header → field choices this station made
   * before. A file that is not a readable .xlsx (an .xls, a .csv, a password, a hostile ZIP) is
   * refused with a message saying what to do. A long job.
   */
  'ledger:inspect': channel<LedgerInspectView>()({ access: 'user', effect: 'read', input: z.object({ fileId: z.string().uuid() }).strict() }),

  /**
   * Step 2: every row of the chosen sheet through the forms' schemas and the persons and measures
   * services, in a transaction that is rolled back: what would be created or changed, and every
   * problem by row and column, with an .xlsx of the bad rows (a file job). Declared `person`
   * because it runs the import's writes: refused on a supervisor's database like the import.
   */
  'ledger:preview': channel<LedgerPreviewView>()({ access: 'user', effect: 'person', input: ledgerPreviewSchema }),

  /**
   * Step 3, on confirmation: the same run committed in one transaction (every row's service audits
   * as the screens do), refused when the file changed since the preview, or when a row is bad and
   * `skipInvalid` is not set. A row whose ID number has a file updates it (never a duplicate).
   */
  'ledger:import': channel<LedgerImportView>()({ access: 'user', effect: 'person', input: ledgerImportSchema }),

  /**
   * The person list (its filters and order) as an .xlsx with the chosen columns, in the user's
   * language; ID numbers masked unless an admin asks for them in full with a reason (audited).
   * The file waits as a file job for `shell:saveSpreadsheet`.
   */
  'ledger:export': channel<LedgerExportView>()({ access: 'user', effect: 'read', input: ledgerExportSchema }),

  /** 待办 (its filters) as an .xlsx, ID numbers masked; audited. */
  'ledger:exportWorklist': channel<LedgerExportView>()({ access: 'user', effect: 'read', input: ledgerWorklistExportSchema }),
} as const;

/**
 * Channels the Electron shell answers itself (they need Electron's printing and dialogs), not
 * the core. The page reaches them the same way; the main process and the e2e harness implement
 * them; each takes a print job the core rendered and audited (`print:render`).
 */
export const shellContract = {
  /** Sends a rendered document to the system print dialog. */
  'shell:print': channel<{ printed: boolean }>()({ access: 'user', effect: 'read', input: z.object({ jobId: z.string().uuid() }).strict() }),

  /** Saves a rendered document as PDF where the user chooses (null when cancelled). */
  'shell:savePdf': channel<{ path: string | null }>()({ access: 'user', effect: 'read', input: z.object({ jobId: z.string().uuid() }).strict() }),

  /**
   * The open dialog for .haven files (several at once); the chosen files are handed to the core,
   * which names them by id for `bundles:import`. Empty when cancelled.
   */
  'shell:chooseBundles': channel<{ files: ChosenFileView[] }>()({ access: 'admin', effect: 'read', input: empty }),

  /** Saves a file the core made (an export bundle) where the user chooses (null when cancelled). */
  'shell:saveFile': channel<{ path: string | null }>()({ access: 'admin', effect: 'read', input: z.object({ jobId: z.string().uuid() }).strict() }),

  /** The open dialog for a spreadsheet (人员台账 .xlsx); the chosen file is handed to the core and named by id. Empty when cancelled. */
  'shell:chooseSpreadsheet': channel<{ files: ChosenFileView[] }>()({ access: 'user', effect: 'read', input: empty }),

  /** Saves a spreadsheet the core made (`ledger:*`) where the user chooses (null when cancelled); only .xlsx file jobs. */
  'shell:saveSpreadsheet': channel<{ path: string | null }>()({ access: 'user', effect: 'read', input: z.object({ jobId: z.string().uuid() }).strict() }),

  /**
   * 备份与恢复: the folder dialog (Electron's, folders only, may create one); the chosen folder is
   * handed to the core by id and saved with `backups:setFolder` after its checks. `status` null when cancelled.
   */
  'shell:chooseBackupFolder': channel<{ status: BackupStatus | null }>()({ access: 'admin', effect: 'read', input: empty }),

  /** 恢复: the open dialog for one backup file (.db with its .keys beside it); named by id for `backups:inspect` / `backups:restore`. */
  'shell:chooseBackupFile': channel<{ files: ChosenFileView[] }>()({ access: 'admin', effect: 'read', input: empty }),

  /**
   * Asks the running long job (export, import, worklist evaluation) to stop where it safely can.
   * Answered by the host without waiting for the core, which is busy with that job; it only raises
   * a flag the job reads, so it needs no session (the sender check still applies).
   */
  'shell:cancelJob': channel<void>()({ access: 'public', effect: 'read', input: empty }),
} as const;

export type Contract = typeof contract;
export type ShellContract = typeof shellContract;
export type CoreChannelName = keyof Contract & string;
export type ShellChannelName = keyof ShellContract & string;
export type ChannelName = CoreChannelName | ShellChannelName;
type AllContract = Contract & ShellContract;
/** What a caller passes (before zod defaults and transforms). */
export type InputOf<C extends ChannelName> = z.input<AllContract[C]['input']>;
/** What a handler receives (after parsing). */
export type ParsedInputOf<C extends ChannelName> = z.output<AllContract[C]['input']>;
export type ResultOf<C extends ChannelName> = AllContract[C] extends ChannelSpec<z.ZodType, infer R, Access> ? R : never;

export const coreChannelNames = Object.keys(contract) as CoreChannelName[];
export const shellChannelNames = Object.keys(shellContract) as ShellChannelName[];
/** Everything the page may call: the preload's allow-list. */
export const channelNames: ChannelName[] = [...coreChannelNames, ...shellChannelNames];

export function isCoreChannel(value: unknown): value is CoreChannelName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(contract, value);
}

export function isShellChannel(value: unknown): value is ShellChannelName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(shellContract, value);
}

export function isChannelName(value: unknown): value is ChannelName {
  return isCoreChannel(value) || isShellChannel(value);
}
