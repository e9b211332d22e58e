import type { ComponentType } from 'react';
import { AgreementsPanel, type AgreementsPanelProps } from './AgreementsPanel';

export interface AgreementTab {
  /** Stable key, usable as a route segment (`/persons/:id/agreements`). */
  key: 'agreements';
  /** i18n key of the tab's label. */
  labelKey: string;
  Component: ComponentType<AgreementsPanelProps>;
}

/** The person file's 协议 tab. */
export const agreementTabs: readonly AgreementTab[] = [{ key: 'agreements', labelKey: 'agreementsUi.tabs.agreements', Component: AgreementsPanel }];
