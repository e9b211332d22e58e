import { createHash } from 'node:crypto';
import { HavenError } from '../../../shared/ipc/errors';
import { lastReportedOn, suspensionOn, suspensionsOf, type MeasureKind } from '../../../shared/domain/measures';
import type { Agreement, AgreementTemplate } from '../../../shared/domain/agreements';
import type { TimelineEntry } from '../../../shared/domain/persons';
import { notAfterToday, requireOpenFile, requireRecord, writeFor } from '../kernel/records';
import type { Db } from '../kernel/db/database';
import type { Ops } from '../kernel/ops';
import { findMeasureRow, measureEvents } from '../measures/repo';
import { reportInsOfMeasure } from '../kernel/facts';
import { agreementValues, checkRequiredSections, checkTemplate, fillTemplate } from './template';

interface TemplateRow {
  id: number;
  kind: MeasureKind;
  version: number;
  title: string;
  body: string;
  note: string;
  created_at: string;
  created_by: string | null;
}

interface Row {
  id: number;
  person_id: number;
  measure_id: number;
  template_id: number | null;
  title: string;
  text: string;
  sha256: string;
  status: Agreement['status'];
  generated_at: string;
  generated_by: string | null;
  signed_on: string | null;
  signed_by: string | null;
  voided_on: string | null;
  void_reason: string;
  scan_attachment_id: number | null;
  version?: number | null;
}

const toTemplate = (r: TemplateRow): AgreementTemplate => ({
  id: r.id,
  kind: r.kind,
  version: r.version,
  title: r.title,
  body: r.body,
  note: r.note,
  createdAt: r.created_at,
  createdBy: r.created_by,
});

const toAgreement = (r: Row): Agreement => ({
  id: r.id,
  personId: r.person_id,
  measureId: r.measure_id,
  templateId: r.template_id,
  templateVersion: r.version ?? 0,
  title: r.title,
  text: r.text,
  sha256: r.sha256,
  status: r.status,
  generatedAt: r.generated_at,
  generatedBy: r.generated_by,
  signedOn: r.signed_on,
  signedBy: r.signed_by,
  voidedOn: r.voided_on,
  voidReason: r.void_reason,
  scanAttachmentId: r.scan_attachment_id,
});

const SELECT = 'SELECT a.*, t.version FROM agreements a LEFT JOIN agreement_templates t ON t.id = a.template_id';

export function listTemplates(db: Db): AgreementTemplate[] {
  return (db.prepare('SELECT * FROM agreement_templates ORDER BY kind, version DESC').all() as TemplateRow[]).map(toTemplate);
}

export function currentTemplate(db: Db, kind: MeasureKind): AgreementTemplate {
  const row = db.prepare('SELECT * FROM agreement_templates WHERE kind = ? ORDER BY version DESC LIMIT 1').get(kind) as TemplateRow | undefined;
  if (!row) throw new HavenError('NOT_FOUND', { messageKey: 'errors.TEMPLATE_NOT_FOUND' });
  return toTemplate(row);
}

/** Each edit is a new version; old versions stay, and agreements keep pointing at theirs. */
export function saveTemplate(ops: Ops, input: { kind: MeasureKind; title: string; body: string; note: string }): AgreementTemplate {
  checkTemplate(input.body);
  checkRequiredSections(input.body);
  const current = currentTemplate(ops.db, input.kind);
  if (current.title === input.title && current.body === input.body) return current;
  const id = ops.db.transaction(() => {
    const newId = Number(
      ops.db
        .prepare('INSERT INTO agreement_templates (kind, version, title, body, note, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(input.kind, current.version + 1, input.title, input.body, input.note, ops.now.toISOString(), ops.actor.displayName ?? ops.actor.username).lastInsertRowid,
    );
    ops.audit({ action: 'agreements.saveTemplate', entity: 'template', entityId: newId, details: { kind: input.kind, version: current.version + 1 } });
    return newId;
  })();
  return toTemplate(ops.db.prepare('SELECT * FROM agreement_templates WHERE id = ?').get(id) as TemplateRow);
}

export function listAgreements(db: Db, personId: number): Agreement[] {
  return (db.prepare(`${SELECT} WHERE a.person_id = ? ORDER BY a.generated_at DESC, a.id DESC`).all(personId) as Row[]).map(toAgreement);
}

export function getAgreement(db: Db, id: number): Agreement {
  const row = db.prepare(`${SELECT} WHERE a.id = ?`).get(id) as Row | undefined;
  if (!row) throw new HavenError('NOT_FOUND', { messageKey: 'errors.RECORD_NOT_FOUND' });
  return toAgreement(row);
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * Fills the current template for a measure that has reported in. An earlier draft is replaced;
 * a signed agreement must be voided first (after a transfer, RR art. 22, a new one is signed).
 */
export function generateAgreement(ops: Ops, measureId: number): Agreement {
  const measure = findMeasureRow(ops.db, measureId);
  if (!measure) throw new HavenError('NOT_FOUND', { messageKey: 'errors.MEASURE_NOT_FOUND' });
  // An archived file is view and print only (the screen says so): nothing is drafted, signed or voided.
  requireOpenFile(ops, measure.person_id);
  if (!measure.report_in_date || !['active', 'suspended'].includes(measure.status)) {
    throw new HavenError('CONFLICT', { messageKey: 'errors.AGREEMENT_NEEDS_REPORT_IN' });
  }
  const signed = ops.db.prepare(`SELECT id FROM agreements WHERE measure_id = ? AND status = 'signed'`).get(measureId);
  if (signed) throw new HavenError('CONFLICT', { messageKey: 'errors.AGREEMENT_ALREADY_SIGNED' });
  const template = currentTemplate(ops.db, measure.kind);
  const text = fillTemplate(template.body, agreementValues(ops.db, measureId, ops.today));
  const id = writeFor(ops, measure.person_id, () => {
    ops.db.prepare(`DELETE FROM agreements WHERE measure_id = ? AND status = 'draft'`).run(measureId);
    const newId = Number(
      ops.db
        .prepare(
          `INSERT INTO agreements (person_id, measure_id, template_id, title, text, sha256, status, generated_at, generated_by)
           VALUES (?, ?, ?, ?, ?, ?, 'draft', ?, ?)`,
        )
        .run(measure.person_id, measureId, template.id, template.title, text, sha256(text), ops.now.toISOString(), ops.actor.displayName ?? ops.actor.username).lastInsertRowid,
    );
    ops.audit({ action: 'agreements.generate', entity: 'person', entityId: measure.person_id, details: { agreementId: newId, measureId, templateVersion: template.version } });
    return newId;
  });
  return getAgreement(ops.db, id);
}

/** Marks the printed draft as signed on a day: its exact text and hash are fixed from now on. */
export function signAgreement(ops: Ops, agreementId: number, signedOn: string): Agreement {
  const row = requireRecord<Row>(ops, 'agreements', agreementId, 'errors.RECORD_NOT_FOUND');
  requireOpenFile(ops, row.person_id);
  if (row.status !== 'draft') throw new HavenError('CONFLICT', { messageKey: 'errors.AGREEMENT_STATE' });
  notAfterToday(ops, signedOn, 'signedOn');
  const measure = findMeasureRow(ops.db, row.measure_id);
  // An agreement is signed for a measure that runs (RR art. 16, 38); after 解除 or 终止 it binds nothing.
  if (!measure || !['active', 'suspended'].includes(measure.status)) {
    throw new HavenError('CONFLICT', { messageKey: 'errors.AGREEMENT_MEASURE_CLOSED', params: { status: measure?.status ?? '' } });
  }
  // Signed after the report-in here: after a change of place, the new station's (RR art. 22).
  const reportedHere = lastReportedOn(reportInsOfMeasure(ops.db, measure.id)?.obligations ?? [], measure.report_in_date);
  if (reportedHere && signedOn < reportedHere) {
    throw new HavenError('VALIDATION', { fields: { signedOn: 'validation.signedBeforeReportIn' } });
  }
  // Suspended (中止, RR art. 24): the person is detained or arrested and cannot sign, from the
  // suspension's first day to the day before it resumes.
  const held = suspensionOn(suspensionsOf(measureEvents(ops.db, measure.id)), signedOn);
  if (held) {
    throw new HavenError('VALIDATION', {
      messageKey: held.to === null ? 'errors.AGREEMENT_SIGNED_WHILE_SUSPENDED_OPEN' : 'errors.AGREEMENT_SIGNED_WHILE_SUSPENDED',
      params: { from: held.from, resumed: held.to ?? '' },
      fields: { signedOn: 'validation.signedWhileSuspended' },
    });
  }
  if (sha256(row.text) !== row.sha256) throw new HavenError('INTERNAL', { messageKey: 'errors.AGREEMENT_TAMPERED' });
  writeFor(ops, row.person_id, () => {
    ops.db.prepare(`UPDATE agreements SET status = 'signed', signed_on = ?, signed_by = ? WHERE id = ?`).run(signedOn, ops.actor.displayName ?? ops.actor.username, agreementId);
    ops.audit({ action: 'agreements.sign', entity: 'person', entityId: row.person_id, details: { agreementId, signedOn, sha256: row.sha256 } });
  });
  return getAgreement(ops.db, agreementId);
}

export function voidAgreement(ops: Ops, agreementId: number, reason: string): Agreement {
  const row = requireRecord<Row>(ops, 'agreements', agreementId, 'errors.RECORD_NOT_FOUND');
  requireOpenFile(ops, row.person_id);
  if (row.status !== 'signed') throw new HavenError('CONFLICT', { messageKey: 'errors.AGREEMENT_STATE' });
  writeFor(ops, row.person_id, () => {
    ops.db.prepare(`UPDATE agreements SET status = 'voided', voided_on = ?, void_reason = ? WHERE id = ?`).run(ops.today, reason, agreementId);
    ops.audit({ action: 'agreements.void', entity: 'person', entityId: row.person_id, details: { agreementId, reason } });
  });
  return getAgreement(ops.db, agreementId);
}

/** Links a scanned signed copy (an attachment of the same person). */
export function attachScan(ops: Ops, agreementId: number, attachmentId: number): Agreement {
  const row = requireRecord<Row>(ops, 'agreements', agreementId, 'errors.RECORD_NOT_FOUND');
  requireOpenFile(ops, row.person_id);
  if (row.status !== 'signed') throw new HavenError('CONFLICT', { messageKey: 'errors.AGREEMENT_STATE' });
  const attachment = ops.db.prepare('SELECT person_id FROM attachments WHERE id = ?').get(attachmentId) as { person_id: number } | undefined;
  if (!attachment || attachment.person_id !== row.person_id) throw new HavenError('NOT_FOUND', { messageKey: 'errors.ATTACHMENT_NOT_FOUND' });
  writeFor(ops, row.person_id, () => {
    ops.db.prepare('UPDATE agreements SET scan_attachment_id = ? WHERE id = ?').run(attachmentId, agreementId);
    ops.audit({ action: 'agreements.attachScan', entity: 'person', entityId: row.person_id, details: { agreementId, attachmentId } });
  });
  return getAgreement(ops.db, agreementId);
}

/** Measures of a person with a signed agreement (rule 11). */
export function signedMeasureIds(db: Db, personId: number): number[] {
  return db.prepare(`SELECT DISTINCT measure_id FROM agreements WHERE person_id = ? AND status = 'signed'`).pluck().all(personId) as number[];
}

export function agreementTimeline(db: Db, personId: number): TimelineEntry[] {
  return listAgreements(db, personId).flatMap((a) => {
    const id = String(a.id).padStart(10, '0');
    const entries: TimelineEntry[] = [];
    if (a.signedOn) entries.push({ key: `agreement:${id}:a`, date: a.signedOn, kind: 'agreement.signed', params: { title: a.title }, detail: '', by: a.signedBy });
    if (a.voidedOn) entries.push({ key: `agreement:${id}:b`, date: a.voidedOn, kind: 'agreement.voided', params: { title: a.title }, detail: a.voidReason, by: null });
    return entries;
  });
}
