import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/** At most this many drafts, each at most this long: a draft is a dialog's long text, not a store. */
export const DRAFT_LIMITS = { count: 32, chars: 20_000 } as const;

interface Sealed {
  iv: Buffer;
  tag: Buffer;
  data: Buffer;
}

function draftKey(masterKey: Buffer): Buffer {
  return createHmac('sha256', masterKey).update('haven drafts v1').digest();
}

/**
 * Unsaved long text of open dialogs (a 谈话 summary, a violation's description), so that an idle
 * lock does not lose it. The rule:
 * - Kept in the core's memory only, never written to disk.
 * - While unlocked, held for the logged-in user; the renderer saves as the user types and takes a
 *   draft back when the same dialog opens again (taking removes it).
 * - At a lock (idle, OS lock, 锁定) the drafts are sealed with AES-256-GCM under a key derived from
 *   the database's master key and the plain text is dropped: while locked, nothing readable is
 *   left, and the key to read them comes back only with a password.
 * - At the next unlock they are opened again only if the same user unlocks; anyone else unlocking
 *   drops them unread.
 * - Logging out (退出登录) drops them; so does quitting (memory only).
 */
export class DraftStore {
  private owner: number | null = null;
  private plain = new Map<string, string>();
  private sealed: Sealed | null = null;

  save(userId: number, key: string, text: string): void {
    if (this.owner !== userId) this.clear();
    this.owner = userId;
    if (text.trim() === '') {
      this.plain.delete(key);
      return;
    }
    if (!this.plain.has(key) && this.plain.size >= DRAFT_LIMITS.count) {
      const oldest = this.plain.keys().next().value;
      if (oldest !== undefined) this.plain.delete(oldest);
    }
    this.plain.delete(key); // newest last
    this.plain.set(key, text.slice(0, DRAFT_LIMITS.chars));
  }

  take(userId: number, key: string): string | null {
    if (this.owner !== userId) return null;
    const text = this.plain.get(key) ?? null;
    this.plain.delete(key);
    return text;
  }

  /** At lock: only ciphertext stays. */
  seal(masterKey: Buffer): void {
    this.sealed = null;
    if (this.owner === null || this.plain.size === 0) {
      this.clear();
      return;
    }
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', draftKey(masterKey), iv);
    const data = Buffer.concat([cipher.update(JSON.stringify([...this.plain]), 'utf8'), cipher.final()]);
    this.sealed = { iv, tag: cipher.getAuthTag(), data };
    this.plain.clear();
  }

  /** At unlock: the same user gets the drafts back; anyone else, none. */
  open(userId: number, masterKey: Buffer): void {
    const sealed = this.sealed;
    this.sealed = null;
    if (!sealed || this.owner !== userId) {
      this.clear();
      return;
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', draftKey(masterKey), sealed.iv);
      decipher.setAuthTag(sealed.tag);
      const json = Buffer.concat([decipher.update(sealed.data), decipher.final()]).toString('utf8');
      this.plain = new Map(JSON.parse(json) as [string, string][]);
    } catch {
      this.clear();
    }
  }

  clear(): void {
    this.owner = null;
    this.plain.clear();
    this.sealed = null;
  }
}
