import type { IsoDate } from './dates';
import type { MeasureKind } from './measures';

export interface AgreementTemplate {
  id: number;
  kind: MeasureKind;
  version: number;
  title: string;
  body: string;
  note: string;
  createdAt: string;
  createdBy: string | null;
}

/** 社区戒毒/康复协议: drafted from a template version, then signed (text and hash fixed), maybe voided. */
export interface Agreement {
  id: number;
  personId: number;
  measureId: number;
  /** Null for an agreement imported from another station's bundle. */
  templateId: number | null;
  /** 0 when the template is not in this database. */
  templateVersion: number;
  title: string;
  text: string;
  sha256: string;
  status: 'draft' | 'signed' | 'voided';
  generatedAt: string;
  generatedBy: string | null;
  signedOn: IsoDate | null;
  signedBy: string | null;
  voidedOn: IsoDate | null;
  voidReason: string;
  scanAttachmentId: number | null;
}

/** The documents Haven prints (PRINT.md). */
export const printDocuments = ['caseFile', 'agreement', 'leaveForm', 'reportIn', 'measureEnd', 'stationKeySheet'] as const;
export type PrintDocument = (typeof printDocuments)[number];

/** The placeholders an agreement template may use; the core fills each from the records. */
export const agreementPlaceholders = [
  'station.name',
  'person.name',
  'person.gender',
  'person.birthDate',
  'person.idNumber',
  'person.householdAddress',
  'person.residenceAddress',
  'person.phone',
  'measure.kind',
  'measure.decisionNumber',
  'measure.decisionAuthority',
  'measure.decisionDate',
  'measure.deliveryDate',
  'measure.reportInDate',
  /** The report-in at this station: after a change of place (RR art. 22), the one at the new station. */
  'measure.localReportInDate',
  'measure.termText',
  'measure.plannedEnd',
  /** Empty, or the days of compulsory isolation credited against the term (RR art. 31), for after the planned end. */
  'measure.creditNote',
  'group.list',
  'today',
] as const;
export type AgreementPlaceholder = (typeof agreementPlaceholders)[number];

/** The three contents RR art. 16 requires of an agreement (社区康复: art. 38): measures, obligations, liability. */
export const agreementSections = ['measures', 'obligations', 'liability'] as const;
export type AgreementSection = (typeof agreementSections)[number];
