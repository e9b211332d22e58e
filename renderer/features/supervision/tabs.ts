import type { ComponentType } from 'react';
import { AbsencesPanel } from './absences/AbsencesPanel';
import type { SupervisionPanelProps } from './common/types';
import { ContactsPanel } from './contacts/ContactsPanel';
import { LeavesPanel } from './leaves/LeavesPanel';
import { TestsPanel } from './tests/TestsPanel';
import { ViolationsPanel } from './violations/ViolationsPanel';

export interface SupervisionTab {
  /** Stable key, usable as a route segment (`/persons/:id/tests`). */
  key: 'tests' | 'contacts' | 'leaves' | 'absences' | 'violations';
  /** i18n key of the tab's label. */
  labelKey: string;
  Component: ComponentType<SupervisionPanelProps>;
}

/** The per-person supervision panels, in the order a file shows them. */
export const supervisionTabs: readonly SupervisionTab[] = [
  { key: 'tests', labelKey: 'supervisionUi.tabs.tests', Component: TestsPanel },
  { key: 'contacts', labelKey: 'supervisionUi.tabs.contacts', Component: ContactsPanel },
  { key: 'leaves', labelKey: 'supervisionUi.tabs.leaves', Component: LeavesPanel },
  { key: 'absences', labelKey: 'supervisionUi.tabs.absences', Component: AbsencesPanel },
  { key: 'violations', labelKey: 'supervisionUi.tabs.violations', Component: ViolationsPanel },
];
