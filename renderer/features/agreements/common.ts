import type { Agreement } from '../../../shared/domain/agreements';
import type { MeasureDetail } from '../../../shared/domain/persons';

export { todayIso } from '../../lib/today';

/** First 16 hex digits: enough to compare by eye; the full value is one hover or click away. */
export const shortSha = (sha: string) => sha.slice(0, 16);

/** Drafting needs a measure that has reported in and still runs (the core says the same). */
export function canDraft(measure: MeasureDetail): boolean {
  return measure.reportInDate !== null && (measure.status === 'active' || measure.status === 'suspended');
}

/** The agreement that stands for a measure: the signed one, else the draft, else the last voided. */
export function agreementOf(agreements: Agreement[], measureId: number): Agreement | null {
  const mine = agreements.filter((a) => a.measureId === measureId);
  return mine.find((a) => a.status === 'signed') ?? mine.find((a) => a.status === 'draft') ?? mine[0] ?? null;
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

export function formatMegabytes(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024)} MB`;
}
