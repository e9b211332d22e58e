import { useCallback, useEffect, useRef, useState } from 'react';
import { haven } from '../ipc';

/** Text typed but not yet handed to the core, by draft key. */
const pending = new Map<string, string>();
const timers = new Map<string, ReturnType<typeof setTimeout>>();
const SAVE_AFTER_MS = 500;

function send(key: string): Promise<void> {
  const timer = timers.get(key);
  if (timer) clearTimeout(timer);
  timers.delete(key);
  const text = pending.get(key);
  pending.delete(key);
  if (text === undefined) return Promise.resolve();
  return haven.drafts.save({ key, text }).catch(() => undefined);
}

/** Hands every typed-but-unsent draft to the core now: called before 锁定 (Ctrl+L, the button). */
export async function flushDrafts(): Promise<void> {
  await Promise.all([...pending.keys()].map(send));
}

/**
 * The long text of a dialog survives an idle lock: as the user types, the text goes to the core's
 * memory (`drafts:save`, never to disk; the rule is in electron/core/kernel/drafts.ts); when the
 * same dialog opens again for the same person, the text comes back (`drafts:take`) and `restored`
 * says so. `discard()` on saving or on an explicit close drops it.
 */
function useDraft(key: string, value: string, restore: (text: string) => void): { restored: boolean; discard: () => void } {
  const [restored, setRestored] = useState(false);
  const ready = useRef(false);
  const restoreRef = useRef(restore);
  useEffect(() => {
    restoreRef.current = restore;
  });

  useEffect(() => {
    let live = true;
    ready.current = false;
    haven.drafts.take({ key }).then(
      (text) => {
        if (!live) return;
        ready.current = true;
        if (text) {
          restoreRef.current(text);
          setRestored(true);
        }
      },
      () => {
        ready.current = true;
      },
    );
    return () => {
      live = false;
    };
  }, [key]);

  useEffect(() => {
    if (!ready.current) return;
    pending.set(key, value);
    const previous = timers.get(key);
    if (previous) clearTimeout(previous);
    timers.set(
      key,
      setTimeout(() => void send(key), SAVE_AFTER_MS),
    );
  }, [key, value]);

  const discard = useCallback(() => {
    pending.set(key, '');
    void send(key);
  }, [key]);

  return { restored, discard };
}

/**
 * Several long-text fields of one dialog drafted together under one key (as JSON), by `useDraft`'s
 * rule; `restore` gets the fields back. Nothing is kept while every field is empty.
 */
export function useFormDraft<F extends string>(
  key: string,
  fields: Record<F, string>,
  restore: (fields: Partial<Record<F, string>>) => void,
): { restored: boolean; discard: () => void } {
  const text = Object.values<string>(fields).some((value) => value.trim() !== '') ? JSON.stringify(fields) : '';
  return useDraft(key, text, (saved) => {
    try {
      const parsed: unknown = JSON.parse(saved);
      if (parsed && typeof parsed === 'object') restore(parsed as Partial<Record<F, string>>);
    } catch {
      // Not a form draft (an older plain-text one under the same key): nothing to restore.
    }
  });
}
