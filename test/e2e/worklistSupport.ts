import type { Locator, Page } from 'playwright-core';
import { composeIdNumber } from '../../shared/domain/idNumber';
import type { Harness } from './harness';

/**
 * What the 待办 e2e files share (worklistActions*.e2e.ts): data set up through the core as the
 * app's own screens would record it, and the worklist's rows and dialogs. The harness's day is
 * 2026-03-02 (China time); the dates below are picked against it.
 */

import { call } from './support';

export { call, shot } from './support';

export interface PlacedPerson {
  personId: number;
  measureId: number;
}

/**
 * A person with one measure decided on `decisionDate` (delivered the same day unless said), reported
 * in on `reportIn` if given. `serial` makes the ID number and the decision number unique.
 */
export async function personUnderMeasure(
  h: Harness,
  opts: {
    name: string;
    serial: number;
    birth?: string;
    kind?: 'community_detox' | 'community_rehab';
    decisionDate: string;
    deliveryDate?: string;
    termMonths?: number;
    reportIn?: string;
  },
): Promise<PlacedPerson> {
  const { personId } = await call<{ personId: number }>(h, 'persons:create', {
    person: { name: opts.name, idNumber: composeIdNumber('320102', opts.birth ?? '1988-05-17', opts.serial) },
  });
  const measure = await call<{ id: number }>(h, 'measures:create', {
    personId,
    decision: {
      kind: opts.kind ?? 'community_detox',
      decisionNumber: `宁公决字〔${opts.decisionDate.slice(0, 4)}〕${opts.serial}号`,
      decisionAuthority: '玄武分局',
      decisionDate: opts.decisionDate,
      deliveryDate: opts.deliveryDate ?? opts.decisionDate,
      termMonths: opts.termMonths ?? 36,
    },
  });
  if (opts.reportIn) await call(h, 'measures:transition', { measureId: measure.id, action: 'report_in', date: opts.reportIn });
  return { personId, measureId: measure.id };
}

/** A person under community detox, reported in 2026-01-05 (today is 2026-03-02): no agreement signed, no risk assessed. */
export async function activePerson(h: Harness, name: string, serial: number): Promise<number> {
  const { personId } = await personUnderMeasure(h, { name, serial, decisionDate: '2025-12-30', deliveryDate: '2026-01-01', reportIn: '2026-01-05' });
  return personId;
}

/** The worklist row of one rule for one person. */
export const row = (page: Page, ruleId: string, personId: number): Locator =>
  page.locator(`[data-testid="worklist-row"][data-rule="${ruleId}"][data-person-id="${personId}"]`);

/** The title of the open dialog ("登记检测：周一"). */
export const dialogTitle = (page: Page): Promise<string> => page.getByRole('dialog').locator('.mantine-Modal-title').first().innerText();

/** Picks an option of a Mantine Select, as a user does: open it, click the option. */
export async function choose(page: Page, testId: string, option: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

