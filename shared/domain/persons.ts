import type { PersonData } from '../schemas/person';
import type { MeasureAction, MeasureKind, MeasureStatus, ReportInObligation, WorkingGroupRole } from './measures';
import type { IsoDate } from './dates';
import type { GoodReason, RiskLevel } from './supervision';
import type { CareCategory } from './care';

export interface PersonListRow {
  id: number;
  name: string;
  gender: 'male' | 'female';
  age: number;
  idNumberMasked: string;
  phoneMasked: string;
  staffName: string | null;
  /** The station an imported file comes from (supervisor); null for the database's own files. */
  station: string | null;
  riskLevel: RiskLevel | null;
  measureKind: MeasureKind | null;
  measureStatus: MeasureStatus | null;
  reportInDate: IsoDate | null;
  plannedEnd: IsoDate | null;
  archived: boolean;
  updatedAt: string;
}

export interface PersonListPage {
  total: number;
  rows: PersonListRow[];
}

export interface MeasureEvent {
  id: number;
  /** `transfer_in`: the file arrived from another station (RR art. 22); the term runs on. */
  action: MeasureAction | 'register' | 'transfer_in';
  fromStatus: MeasureStatus | null;
  toStatus: MeasureStatus;
  date: IsoDate;
  reasonCode: string | null;
  reason: string;
  destination: string;
  userName: string | null;
  createdAt: string;
}

export interface WorkingGroupMember {
  id: number;
  role: WorkingGroupRole;
  name: string;
  phone: string;
}

export interface MeasureDetail {
  id: number;
  personId: number;
  kind: MeasureKind;
  decisionNumber: string;
  decisionAuthority: string;
  decisionDate: IsoDate;
  deliveryDate: IsoDate;
  reportInDeadline: IsoDate;
  reportInDate: IsoDate | null;
  termMonths: number;
  creditedDays: number;
  suspendedDays: number;
  status: MeasureStatus;
  plannedEnd: IsoDate | null;
  /** Day N of the term (suspended days not counted); null before report-in. */
  dayCount: number | null;
  endedOn: IsoDate | null;
  /**
   * The report-ins owed: after delivery (RR art. 14, 38) and after each change of place (RR art.
   * 22), with the 正当理由 that answers a late one. `reportInDeadline` is the last one's deadline.
   */
  reportIns: (ReportInObligation & { late: boolean; goodReason: GoodReason | null })[];
  /** The police 解除通知书 (RR art. 23, 40), once recorded. */
  dischargeNotice: { number: string; issuedOn: IsoDate; notifiedOn: IsoDate } | null;
  notes: string;
  events: MeasureEvent[];
  workingGroup: WorkingGroupMember[];
  createdAt: string;
}

/** A person's file as shown; the ID number is masked here and revealed by a separate, audited call. */
export interface PersonDetail extends Omit<PersonData, 'idNumber'> {
  id: number;
  idNumberMasked: string;
  birthDate: IsoDate;
  gender: 'male' | 'female';
  age: number;
  under16: boolean;
  /** AL art. 39: the last day the infant is under one year old; null without a breastfeeding flag. */
  breastfeedingUntil: IsoDate | null;
  /** The breastfeeding protection holds today (the flag is set and the infant is under one). */
  breastfeedingActive: boolean;
  staffName: string | null;
  /** The station an imported file comes from (supervisor); null for the database's own files. */
  station: string | null;
  riskLevel: RiskLevel | null;
  /** 重点关爱 categories in force today. */
  careCategories: CareCategory[];
  photoAttachmentId: number | null;
  archivedAt: string | null;
  archivedReason: string | null;
  createdAt: string;
  updatedAt: string;
  currentMeasure: MeasureDetail | null;
}

/**
 * What records change on an open file's header (risk level, 重点关爱, the current measure, …),
 * without the identity fields: read again after each change without counting as an opening.
 */
export type PersonStatus = Pick<PersonDetail, 'id' | 'riskLevel' | 'careCategories' | 'currentMeasure' | 'breastfeedingActive' | 'archivedAt' | 'archivedReason' | 'photoAttachmentId' | 'updatedAt'>;

export interface AttachmentMeta {
  id: number;
  kind: 'photo' | 'document';
  filename: string;
  mime: string;
  size: number;
  note: string;
  createdAt: string;
  createdBy: string | null;
}

/** One line of a person's timeline; every feature contributes through one mechanism. */
export interface TimelineEntry {
  /** Unique across sources, e.g. `measure-event:12`. */
  key: string;
  date: IsoDate;
  /** i18n key under `timeline.`, e.g. `measure.report_in`. */
  kind: string;
  params: Record<string, string | number>;
  detail: string;
  by: string | null;
}

export interface UserOption {
  id: number;
  displayName: string;
  role: 'admin' | 'staff';
}
