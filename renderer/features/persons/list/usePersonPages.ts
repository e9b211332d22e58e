import { useCallback, useEffect, useState } from 'react';
import type { PersonListPage, PersonListRow } from '../../../../shared/domain/persons';
import type { PersonListQuery } from '../../../../shared/schemas/person';
import { haven } from '../../../ipc';

export const PAGE_SIZE = 100;
/** Pages kept around the visible ones; farther pages are dropped and fetched again if needed. */
const KEEP_PAGES_AROUND = 5;
/** Requests at once: enough to fill a jump, few enough that a fast drag does not queue a flood. */
const MAX_IN_FLIGHT = 2;

export type ListFilters = Omit<PersonListQuery, 'offset' | 'limit'>;

export interface Pages {
  /** The filters these pages answer (JSON); a change of filters starts over. */
  key: string;
  total: number | null;
  pages: ReadonlyMap<number, PersonListRow[]>;
  error: unknown;
}

const emptyPages = (key: string): Pages => ({ key, total: null, pages: new Map(), error: null });

type Fetch = (filters: ListFilters, offset: number, limit: number) => Promise<PersonListPage>;

/**
 * Fetches the pages the screen needs, nearest first, at most two at a time; forgets pages far
 * from the screen. Knows nothing of React: it reports each new state through `publish`.
 */
export class PageLoader {
  private state: Pages;
  private wanted: number[] = [0];
  private readonly inFlight = new Set<string>();
  // After a failure nothing more is requested until `retry`.
  private failed = false;

  constructor(
    key: string,
    private readonly fetch: Fetch,
    private readonly publish: (state: Pages) => void,
  ) {
    this.state = emptyPages(key);
  }

  /** New filters: everything held so far is dropped. */
  setKey(key: string): void {
    if (key === this.state.key) return;
    this.state = emptyPages(key);
    this.wanted = [0];
    this.failed = false;
    this.publish(this.state);
    this.pump();
  }

  /** The rows on screen (first and last index), plus one page ahead and one behind. */
  ensureRange(first: number, last: number): void {
    const from = Math.max(0, Math.floor(first / PAGE_SIZE));
    const to = Math.max(from, Math.floor(last / PAGE_SIZE));
    const pages: number[] = [];
    for (let page = from; page <= to; page++) pages.push(page);
    pages.push(to + 1);
    if (from > 0) pages.push(from - 1);
    this.wanted = pages;
    this.pump();
  }

  retry(): void {
    this.failed = false;
    this.state = { ...this.state, error: null };
    this.publish(this.state);
    this.pump();
  }

  pump(): void {
    const key = this.state.key;
    const total = this.state.total;
    for (const page of this.wanted) {
      if (this.failed || this.inFlight.size >= MAX_IN_FLIGHT) return;
      if (total !== null && page * PAGE_SIZE >= Math.max(total, 1)) continue;
      const id = `${key}#${page}`;
      if (this.state.pages.has(page) || this.inFlight.has(id)) continue;
      this.inFlight.add(id);
      this.fetch(JSON.parse(key) as ListFilters, page * PAGE_SIZE, PAGE_SIZE)
        .then(
          (result) => {
            if (this.state.key === key) this.store(page, result);
          },
          (error: unknown) => {
            if (this.state.key !== key) return;
            this.failed = true;
            this.state = { ...this.state, error };
            this.publish(this.state);
          },
        )
        .finally(() => {
          this.inFlight.delete(id);
          // Whatever the filters are now: a finished request frees a slot for them.
          this.pump();
        });
    }
  }

  private store(page: number, result: PersonListPage): void {
    const pages = new Map(this.state.pages);
    pages.set(page, result.rows);
    const centre = this.wanted[Math.floor(this.wanted.length / 2)] ?? page;
    for (const held of [...pages.keys()]) {
      if (Math.abs(held - centre) > KEEP_PAGES_AROUND && !this.wanted.includes(held)) pages.delete(held);
    }
    // Each answer carries the current total: files added meanwhile simply lengthen the list.
    this.state = { key: this.state.key, total: result.total, pages, error: null };
    this.publish(this.state);
  }
}

const fetchPage: Fetch = (filters, offset, limit) => haven.persons.list({ ...filters, offset, limit });

/**
 * The person list as pages of 100 rows fetched by scroll position: only the pages around the
 * visible rows are requested and kept, so 100,000 files cost what a screenful costs. Rows
 * live in this view's state only (dropped when it unmounts, e.g. on lock).
 */
export function usePersonPages(filters: ListFilters) {
  const key = JSON.stringify(filters);
  const [state, setState] = useState<Pages>(() => emptyPages(key));
  const [loader] = useState(() => new PageLoader(key, fetchPage, setState));

  useEffect(() => {
    loader.setKey(key);
    loader.pump();
  }, [loader, key]);

  // Until the loader has caught up with new filters, show nothing of the old ones.
  const current = state.key === key ? state : emptyPages(key);
  const rowAt = useCallback(
    (index: number): PersonListRow | undefined => current.pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE],
    [current.pages],
  );
  const ensureRange = useCallback((first: number, last: number) => loader.ensureRange(first, last), [loader]);
  const retry = useCallback(() => loader.retry(), [loader]);

  return { total: current.total, error: current.error, rowAt, ensureRange, retry };
}
