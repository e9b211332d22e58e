import { useCallback } from 'react';
import type { UserOption } from '../../../shared/domain/persons';
import { haven } from '../../ipc';
import { useAsync } from '../../lib/useAsync';

/** Staff who can be put in charge of a person (责任社工); read while the view is mounted. */
export function useStaffDirectory() {
  const load = useCallback((): Promise<UserOption[]> => haven.users.directory(), []);
  return useAsync(load);
}

/** Reads a picked file as base64 (without the `data:` prefix), as attachments:add takes it. */
export function readFileBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const result = typeof reader.result === 'string' ? reader.result : '';
      const comma = result.indexOf(',');
      resolve(comma >= 0 ? result.slice(comma + 1) : '');
    };
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

/** base64 → bytes, for blob: URLs of images and for pdf.js. */
export function base64ToBytes(data: string): Uint8Array<ArrayBuffer> {
  const binary = atob(data);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** 1.2 MB / 340 KB: sizes as people read them. */
export function formatBytes(size: number): string {
  if (size >= 1024 * 1024) return `${Number((size / 1024 / 1024).toFixed(1))} MB`;
  if (size >= 1024) return `${Math.round(size / 1024)} KB`;
  return `${size} B`;
}

/**
 * After a refused save, brings the first marked field into view and puts the cursor there: in
 * a long form the error may be far above the button that was pressed.
 */
export function focusFirstError(form: EventTarget | null | undefined): void {
  if (!(form instanceof HTMLElement)) return;
  window.requestAnimationFrame(() => {
    const field = form.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (!field) return;
    field.scrollIntoView({ block: 'center' });
    field.focus({ preventScroll: true });
  });
}
