import type { Db } from '../kernel/db/database';
import type { Ops } from '../kernel/ops';
import { parseRecipient } from '../kernel/identity/ageKeys';
import { refuse } from './errors';
import { recipientFingerprint, sameFingerprint } from '../kernel/identity/fingerprint';

/**
 * The recipients a station sends to (its supervisor; another station for a transfer). A
 * recipient is entered once, with its fingerprint read off the recipient's printed sheet or
 * heard on the telephone: a mistyped or substituted `age1…` key is caught there, not later.
 */
export interface Recipient {
  id: number;
  name: string;
  recipient: string;
  fingerprint: string;
  confirmedAt: string;
  confirmedBy: string | null;
  nextSeq: number;
}

interface RecipientRow {
  id: number;
  name: string;
  recipient: string;
  fingerprint: string;
  confirmed_at: string;
  confirmed_by: string | null;
  next_seq: number;
}

const toRecipient = (r: RecipientRow): Recipient => ({
  id: r.id,
  name: r.name,
  recipient: r.recipient,
  fingerprint: r.fingerprint,
  confirmedAt: r.confirmed_at,
  confirmedBy: r.confirmed_by,
  nextSeq: r.next_seq,
});

export function listRecipients(db: Db): Recipient[] {
  return (db.prepare('SELECT * FROM bundle_recipients ORDER BY name, id').all() as RecipientRow[]).map(toRecipient);
}

/** The registered recipient for an `age1…` text (any case), or undefined. */
export function findRecipient(db: Db, text: string): Recipient | undefined {
  const recipient = parseRecipient(text);
  if (!recipient) return undefined;
  const row = db.prepare('SELECT * FROM bundle_recipients WHERE recipient = ?').get(recipient) as RecipientRow | undefined;
  return row ? toRecipient(row) : undefined;
}

/** Registers a recipient after the fingerprint check; an already registered one is returned as is. */
export function registerRecipient(ops: Ops, input: { name: string; recipient: string; fingerprint: string }): Recipient {
  const recipient = parseRecipient(input.recipient);
  if (!recipient) return refuse('BUNDLE_RECIPIENT_INVALID');
  const fingerprint = recipientFingerprint(recipient);
  if (!sameFingerprint(input.fingerprint, fingerprint)) return refuse('BUNDLE_RECIPIENT_FINGERPRINT', { fingerprint });
  const existing = findRecipient(ops.db, recipient);
  if (existing) return existing;
  const name = input.name.trim() || recipient.slice(0, 16);
  return ops.db.transaction(() => {
    const id = Number(
      ops.db
        .prepare('INSERT INTO bundle_recipients (name, recipient, fingerprint, confirmed_at, confirmed_by) VALUES (?, ?, ?, ?, ?)')
        .run(name, recipient, fingerprint, ops.now.toISOString(), ops.actor.username).lastInsertRowid,
    );
    ops.audit({ action: 'bundles.recipients.add', entity: 'bundle_recipient', entityId: id, details: { name, recipient, fingerprint } });
    return findRecipient(ops.db, recipient) as Recipient;
  })();
}

/** Reads a recipient given as `age1…` or as a recipients file (ours carries a `# name:` comment). */
export function parseRecipientText(text: string): { recipient: string; name: string | null } | null {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  const keys = lines.filter((l) => l.length > 0 && !l.startsWith('#'));
  if (keys.length !== 1) return null;
  const recipient = parseRecipient(keys[0] as string);
  if (!recipient) return null;
  const nameLine = lines.find((l) => /^#.*\bname:/i.test(l));
  return { recipient, name: nameLine ? nameLine.replace(/^#.*\bname:\s*/i, '').trim() || null : null };
}
