import { z } from 'zod';
import { auditHead, auditLinksAt } from '../kernel/audit';
import type { Db } from '../kernel/db/database';
import type { Ops } from '../kernel/ops';
import type { BundleWarning } from './errors';

/**
 * The station's audit chain anchored in the bundles it sends (issue 12): the head of its chain
 * when the bundle was made, and the links now stored at the heads of its earlier bundles to the
 * same recipient. A supervisor keeps each station's last head; a later bundle whose links no
 * longer hold it (or whose chain is shorter) means the station's audit log was cut or rewritten
 * in between — by whoever held its key — and is flagged on the station's row and in the log.
 * The links are one-way hashes of audit events: they carry no personal data.
 */
/** Earlier heads repeated per bundle: enough for a supervisor that missed many bundles. */
const ANCHOR_LINKS = 50;

const link = z.object({ id: z.number().int().positive(), hash: z.string().regex(/^[0-9a-f]{64}$/) }).strict();
export const auditAnchorSchema = z
  .object({
    head: z.object({ id: z.number().int().positive(), hash: z.string().regex(/^[0-9a-f]{64}$/), events: z.number().int().positive() }).strict(),
    /** Links at the heads of earlier bundles to this recipient, newest first. */
    links: z.array(link).max(ANCHOR_LINKS),
  })
  .strict();
export type AuditAnchor = z.infer<typeof auditAnchorSchema>;

/** What goes into the manifest of a bundle to `recipientId` (null before any audit event, which cannot happen after setup). */
export function auditAnchorForExport(db: Db, recipientId: number): AuditAnchor | null {
  const head = auditHead(db);
  if (!head) return null;
  const earlier = db
    .prepare('SELECT DISTINCT audit_head_id FROM bundle_sent WHERE recipient_id = ? AND audit_head_id IS NOT NULL ORDER BY audit_head_id DESC LIMIT ?')
    .pluck()
    .all(recipientId, ANCHOR_LINKS) as number[];
  return { head, links: auditLinksAt(db, earlier) };
}

export type AuditAnchorFlag = 'rewritten' | 'shorter' | 'unverifiable' | 'missing';

const AUDIT_WARNINGS: Record<AuditAnchorFlag, BundleWarning['code']> = {
  rewritten: 'BUNDLE_AUDIT_REWRITTEN',
  shorter: 'BUNDLE_AUDIT_SHORTER',
  unverifiable: 'BUNDLE_AUDIT_UNVERIFIABLE',
  missing: 'BUNDLE_AUDIT_MISSING',
};

interface StoredHead {
  audit_head_id: number | null;
  audit_head_hash: string | null;
}

/**
 * On the supervisor, inside the import's transaction: compares the bundle's anchor with the
 * station's last head, stores the new head, and flags (never refuses: the data itself is signed
 * and sound) a chain that does not extend the last one. `freshStart`: the station was set up
 * anew (its key replaced with its numbering restarted), so its chain starts over too.
 */
export function checkAuditAnchor(ops: Ops, code: string, anchor: AuditAnchor | undefined, freshStart: boolean): BundleWarning[] {
  const stored = ops.db.prepare('SELECT audit_head_id, audit_head_hash FROM stations WHERE code = ?').get(code) as StoredHead | undefined;
  const last = !freshStart && stored?.audit_head_id && stored.audit_head_hash ? { id: stored.audit_head_id, hash: stored.audit_head_hash } : null;
  let flag: AuditAnchorFlag | null = null;
  if (!anchor) {
    flag = last ? 'missing' : null;
  } else if (last) {
    if (anchor.head.id < last.id) flag = 'shorter';
    else {
      const seen = anchor.head.id === last.id ? anchor.head : anchor.links.find((l) => l.id === last.id);
      flag = !seen ? 'unverifiable' : seen.hash === last.hash ? null : 'rewritten';
    }
  }
  if (anchor) {
    ops.db
      .prepare('UPDATE stations SET audit_head_id = ?, audit_head_hash = ?, audit_events = ? WHERE code = ?')
      .run(anchor.head.id, anchor.head.hash, anchor.head.events, code);
  }
  if (!flag) return [];
  const at = ops.now.toISOString();
  ops.db.prepare('UPDATE stations SET audit_flag = ?, audit_flag_at = ? WHERE code = ?').run(flag, at, code);
  ops.audit({
    action: 'bundles.auditAnchorFlagged',
    entity: 'station',
    entityId: code,
    details: { flag, lastHeadId: last?.id ?? null, newHeadId: anchor?.head.id ?? null },
  });
  return [{ code: AUDIT_WARNINGS[flag], params: { code, id: last?.id ?? 0 } }];
}
