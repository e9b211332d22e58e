import type { ComponentType } from 'react';
import { CleanPanel } from './clean/CleanPanel';
import type { CarePanelProps } from './common/types';
import { HelpPanel } from './help/HelpPanel';
import { KeyCarePanel } from './keyCare/KeyCarePanel';
import { RiskPanel } from './risk/RiskPanel';

export interface CareTab {
  /** Stable key, usable as a route segment (`/persons/:id/risk`). */
  key: 'risk' | 'keyCare' | 'help' | 'clean';
  /** i18n key of the tab's label. */
  labelKey: string;
  Component: ComponentType<CarePanelProps>;
}

/** The per-person care panels, in the order a file shows them (view only on an archived file: the file page says so). */
export const careTabs: readonly CareTab[] = [
  { key: 'risk', labelKey: 'careUi.tabs.risk', Component: RiskPanel },
  { key: 'keyCare', labelKey: 'careUi.tabs.keyCare', Component: KeyCarePanel },
  { key: 'help', labelKey: 'careUi.tabs.help', Component: HelpPanel },
  { key: 'clean', labelKey: 'careUi.tabs.clean', Component: CleanPanel },
];
