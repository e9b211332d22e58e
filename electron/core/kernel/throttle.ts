/**
 * Failed logins per username: after 5 failures each further attempt waits 30 s, doubling up to
 * 15 minutes. This slows guessing at the keyboard; the memory-hard KDF slows it for a copied file.
 */
export const FREE_ATTEMPTS = 5;
const BASE_DELAY_MS = 30_000;
const MAX_DELAY_MS = 15 * 60_000;

interface Entry {
  failures: number;
  blockedUntil: number;
}

export class LoginThrottle {
  private readonly entries = new Map<string, Entry>();

  /** Seconds still to wait before this username may try again; 0 when it may. */
  waitSeconds(username: string, now: Date): number {
    const entry = this.entries.get(username);
    if (!entry) return 0;
    return Math.max(0, Math.ceil((entry.blockedUntil - now.getTime()) / 1000));
  }

  recordFailure(username: string, now: Date): void {
    const entry = this.entries.get(username) ?? { failures: 0, blockedUntil: 0 };
    entry.failures += 1;
    if (entry.failures >= FREE_ATTEMPTS) {
      const delay = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (entry.failures - FREE_ATTEMPTS));
      entry.blockedUntil = now.getTime() + delay;
    }
    this.entries.set(username, entry);
  }

  failures(username: string): number {
    return this.entries.get(username)?.failures ?? 0;
  }

  reset(username: string): void {
    this.entries.delete(username);
  }
}
