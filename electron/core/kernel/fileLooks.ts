import type { z } from 'zod';
import { contract, coreChannelNames, type CoreChannelName } from '../../../shared/ipc/contract';

/**
 * Channels that read one person's file, derived from the contract: reads (`effect: 'read'`) whose
 * input must name the person (a required `personId`). A new channel of that shape is covered
 * without a list to keep. `audit:list`, whose `personId` is an optional filter over the log, is not
 * a look at the file.
 */
export const FILE_READS: ReadonlySet<CoreChannelName> = new Set(
  coreChannelNames.filter((name) => {
    const spec = contract[name];
    if (spec.effect !== 'read') return false;
    const personId = (spec.input as unknown as { shape?: Record<string, z.ZodType> }).shape?.personId;
    return personId !== undefined && !personId.safeParse(undefined).success;
  }),
);

/**
 * Events that name a file found, not what is in it (a search by a piece of a number, a duplicate ID
 * number met): a read of the file after them is a look of its own.
 */
export const FINDING_ACTIONS: ReadonlySet<string> = new Set(['persons.searchByNumber', 'persons.findByIdNumber']);

/**
 * A read of a file within this long of the session's last accounted look at it (its opening, a
 * change, an earlier read) is the same look: the file page reads each tab and reads them again
 * after every change, and one opening stands for all of that.
 */
export const LOOK_WINDOW_MS = 15 * 60_000;

/**
 * The session's last accounted look at each file, in memory: a new session accounts for its
 * first look again. Every look at a file is in the audit log — an opening (`persons.view`), or a
 * read of part of it without one (`persons.viewPart`: a worklist dialog showing the measure it
 * acts on, a risk preview) — without one event per tab.
 */
export class FileLooks {
  private readonly last = new Map<number, number>();

  noted(personId: number, at: number): void {
    this.last.set(personId, at);
  }

  /** True when reading this file at `at` is a look not yet accounted for (the clock going back counts as new). */
  isNew(personId: number, at: number): boolean {
    const last = this.last.get(personId);
    return last === undefined || at < last || at - last >= LOOK_WINDOW_MS;
  }
}
