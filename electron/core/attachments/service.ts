import { createHash } from 'node:crypto';
import type { AttachmentMeta } from '../../../shared/domain/persons';
import { HavenError } from '../../../shared/ipc/errors';
import { ATTACHMENT_MAX_BYTES } from '../../../shared/schemas/person';
import { chinaDay } from '../../../shared/domain/dates';
import type { Db } from '../kernel/db/database';
import type { Ops } from '../kernel/ops';
import { sniffType } from './sniff';

interface AttachmentRow {
  id: number;
  person_id: number;
  kind: 'photo' | 'document';
  filename: string;
  mime: string;
  size: number;
  note: string;
  created_at: string;
  created_by: string | null;
}

const META_COLUMNS = 'id, person_id, kind, filename, mime, size, note, created_at, created_by';

function toMeta(row: AttachmentRow): AttachmentMeta {
  return {
    id: row.id,
    kind: row.kind,
    filename: row.filename,
    mime: row.mime,
    size: row.size,
    note: row.note,
    createdAt: row.created_at,
    createdBy: row.created_by,
  };
}

export function listAttachments(db: Db, personId: number): AttachmentMeta[] {
  return (db.prepare(`SELECT ${META_COLUMNS} FROM attachments WHERE person_id = ? ORDER BY created_at DESC, id DESC`).all(personId) as AttachmentRow[]).map(toMeta);
}

/** Decodes strictly: a string that is not canonical base64 is refused rather than half-read. */
function decodeBase64(data: string): Buffer {
  const bytes = Buffer.from(data, 'base64');
  if (bytes.toString('base64').replace(/=+$/, '') !== data.replace(/=+$/, '')) {
    throw new HavenError('VALIDATION', { fields: { dataBase64: 'validation.fileUnreadable' } });
  }
  return bytes;
}

export function addAttachment(
  ops: Ops,
  input: { personId: number; kind: 'photo' | 'document'; filename: string; note: string; dataBase64: string },
): AttachmentMeta {
  const person = ops.db.prepare('SELECT id FROM persons WHERE id = ?').get(input.personId);
  if (!person) throw new HavenError('NOT_FOUND', { messageKey: 'errors.PERSON_NOT_FOUND' });
  const bytes = decodeBase64(input.dataBase64);
  if (bytes.length === 0) throw new HavenError('VALIDATION', { fields: { dataBase64: 'validation.fileEmpty' } });
  if (bytes.length > ATTACHMENT_MAX_BYTES) throw new HavenError('VALIDATION', { fields: { dataBase64: 'validation.fileTooLarge' } });
  const mime = sniffType(bytes);
  if (!mime || (input.kind === 'photo' && mime === 'application/pdf')) {
    throw new HavenError('VALIDATION', { fields: { dataBase64: input.kind === 'photo' ? 'validation.photoType' : 'validation.documentType' } });
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return ops.db.transaction(() => {
    const id = Number(
      ops.db
        .prepare(
          `INSERT INTO attachments (person_id, kind, filename, mime, size, sha256, data, note, created_at, created_by)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(input.personId, input.kind, input.filename, mime, bytes.length, sha256, bytes, input.note, ops.now.toISOString(), ops.actor.username)
        .lastInsertRowid,
    );
    if (input.kind === 'photo') ops.db.prepare('UPDATE persons SET photo_attachment_id = ? WHERE id = ?').run(id, input.personId);
    ops.db.prepare('UPDATE persons SET updated_at = ?, updated_by = ? WHERE id = ?').run(ops.now.toISOString(), ops.actor.username, input.personId);
    ops.audit({ action: 'attachments.add', entity: 'person', entityId: input.personId, details: { attachmentId: id, kind: input.kind, filename: input.filename, mime, size: bytes.length, sha256 } });
    return toMeta(ops.db.prepare(`SELECT ${META_COLUMNS} FROM attachments WHERE id = ?`).get(id) as AttachmentRow);
  })();
}

export function readAttachment(ops: Ops, attachmentId: number): AttachmentMeta & { dataBase64: string } {
  const row = ops.db.prepare(`SELECT ${META_COLUMNS}, data FROM attachments WHERE id = ?`).get(attachmentId) as (AttachmentRow & { data: Buffer }) | undefined;
  if (!row) throw new HavenError('NOT_FOUND', { messageKey: 'errors.ATTACHMENT_NOT_FOUND' });
  // Every look is accounted for: a photo identifies a person as surely as the ID number does.
  ops.audit({ action: 'attachments.view', entity: 'person', entityId: row.person_id, details: { attachmentId, kind: row.kind } });
  return { ...toMeta(row), dataBase64: row.data.toString('base64') };
}

export function removeAttachment(ops: Ops, attachmentId: number, reason: string): void {
  const row = ops.db.prepare(`SELECT ${META_COLUMNS} FROM attachments WHERE id = ?`).get(attachmentId) as AttachmentRow | undefined;
  if (!row) throw new HavenError('NOT_FOUND', { messageKey: 'errors.ATTACHMENT_NOT_FOUND' });
  ops.db.transaction(() => {
    // The newest remaining photo (if any) becomes the file's photo.
    ops.db.prepare('DELETE FROM attachments WHERE id = ?').run(attachmentId);
    const nextPhoto = ops.db
      .prepare(`SELECT id FROM attachments WHERE person_id = ? AND kind = 'photo' ORDER BY created_at DESC, id DESC LIMIT 1`)
      .get(row.person_id) as { id: number } | undefined;
    ops.db.prepare('UPDATE persons SET photo_attachment_id = ?, updated_at = ?, updated_by = ? WHERE id = ?').run(nextPhoto?.id ?? null, ops.now.toISOString(), ops.actor.username, row.person_id);
    ops.audit({ action: 'attachments.remove', entity: 'person', entityId: row.person_id, details: { attachmentId, filename: row.filename, reason } });
  })();
}

/** Timeline: one line per attachment added. */
export function attachmentTimeline(db: Db, personId: number) {
  return listAttachments(db, personId).map((a) => ({
    key: `attachment:${a.id}`,
    date: chinaDay(new Date(a.createdAt)),
    kind: `attachment.${a.kind}`,
    params: { filename: a.filename },
    detail: a.note,
    by: a.createdBy,
  }));
}
