import type { IsoDate } from './dates';
import type { DatabaseMode } from './types';

/**
 * What the 导入导出 screen receives over IPC (BUNDLE.md). The core's bundle module produces
 * these shapes; they are declared here so that the contract and the renderer need no Node code.
 */
export const bundleKinds = ['full', 'stats', 'transfer'] as const;
export type BundleKindName = (typeof bundleKinds)[number];

/**
 * One row of a `stats` bundle's figures (electron/core/bundles/stats.ts makes them): a count and
 * the kinds, states or year it is of, never anything that names a person. Declared here because
 * the supervisor's reports read them back from the bundles it keeps.
 */
export type FigureValue = string | number | null;
export interface FigureRow {
  figure: string;
  count: number;
  [dimension: string]: FigureValue;
}

/**
 * How current a station's data is at a supervisor, as 待办, 工作台, 统计报表 and the stations
 * table all say it: its files are those of its last full bundle, whatever came after.
 */
export interface StationDataView {
  code: string;
  name: string;
  /** China's day the station made its last full bundle: its files show its work up to then. Null: no files yet. */
  dataAsOf: IsoDate | null;
  /** When that bundle was made (an instant). */
  madeAt: string | null;
  /** Whole days from dataAsOf to today. */
  ageDays: number | null;
  /** Older than the setting `stationStaleDays` (the stations table's red flag), or no files at all. */
  stale: boolean;
  staleAfterDays: number;
  /** China's day its latest figures-only bundle was made (null: none kept). */
  figuresAsOf: IsoDate | null;
}

/** A file the user chose in the open dialog, named by id for `bundles:import`. */
export interface ChosenFileView {
  fileId: string;
  name: string;
  bytes: number;
}

/** The 本站密钥单: what another database compares by eye before trusting this one. */
export interface KeySheetView {
  station: { code: string; name: string; mode: DatabaseMode };
  publicKey: string;
  keyId: string;
  fingerprint: string;
  fingerprintGroups: string[];
  recipient: string;
  recipientFingerprint: string;
  recipientFingerprintGroups: string[];
  /** `<code>.pub` and `<code>.recipient.txt` contents. */
  publicKeyFile: string;
  recipientFile: string;
}

export interface BundleRecipientView {
  id: number;
  name: string;
  recipient: string;
  fingerprint: string;
  confirmedAt: string;
  confirmedBy: string | null;
  nextSeq: number;
}

export interface SentBundleView {
  id: number;
  recipient: string;
  recipientName: string;
  kind: BundleKindName;
  seq: number;
  fileName: string;
  sha256: string;
  personId: number | null;
  createdAt: string;
  createdBy: string | null;
}

export interface BundleExportView {
  /** For `shell:saveFile`. */
  jobId: string;
  fileName: string;
  sha256: string;
  bytes: number;
  kind: BundleKindName;
  seq: number;
  recipientName: string;
  /** File name → rows. */
  rows: Record<string, number>;
}

export interface BundleWarningView {
  code: string;
  params: Record<string, string | number>;
}

export interface BundleImportView {
  file: string;
  sha256: string;
  outcome: 'accepted' | 'refused' | 'duplicate';
  reason: string | null;
  messageKey: string | null;
  params: Record<string, string | number>;
  station: string | null;
  kind: BundleKindName | null;
  seq: number | null;
  warnings: BundleWarningView[];
  rows: Record<string, number>;
  personId: number | null;
}

/** A station in the supervisor's registry, with what was last received from it. */
export interface StationRegistryView {
  code: string;
  name: string;
  fingerprint: string;
  confirmedAt: string;
  confirmedBy: string | null;
  lastSeq: number;
  lastImportedAt: string | null;
  lastKind: BundleKindName | null;
  /** Whole days since the station's last full bundle was made (null: none yet): how old its files here are. */
  ageDays: number | null;
  /** Missing sequence numbers reported while importing, e.g. `2, 3` or `5–9`. */
  gaps: string[];
  /** Accepted bundles and persons in the station's snapshot. */
  bundles: number;
  persons: number;
  /** When the station made its last full bundle (its files are as of then). */
  lastCreatedAt: string | null;
  /**
   * Its latest figures-only (统计数字) bundle: counts the station made itself, shown on 统计报表
   * apart from the totals (which come from full bundles only). Null: none kept.
   */
  figures: { seq: number; asOf: IsoDate; createdAt: string; importedAt: string } | null;
  /** No full bundle for longer than the setting `stationStaleDays` (or none ever). */
  stale: boolean;
  staleAfterDays: number;
  /** The snapshot's persons by where their current measure stands. */
  measures: { pendingReport: number; active: number; suspended: number; ended: number; none: number };
  /** Serious breaches not yet reported to the police, as the rules read the snapshot today. */
  unreportedBreaches: number;
  /** Persons whose last report-in owed (on delivery, or here after a change of place) is past its 15 days and not made (逾期仍未报到). */
  missingReportIns: number;
  /**
   * Staffing as the station's own files show it: open measures per caseworker named on them
   * (the supervisor's accounts are not the station's staff). Null when no caseworker is named.
   */
  openMeasures: number;
  caseworkers: number;
  perCaseworker: number | null;
  /** The station's audit log as its bundles anchor it (electron/core/bundles/auditAnchor.ts). */
  auditEvents: number | null;
  /** Set when a bundle's audit chain did not extend the one seen before: kept until looked into. */
  auditFlag: 'rewritten' | 'shorter' | 'unverifiable' | 'missing' | null;
  auditFlagAt: string | null;
}

/** Where an imported file came from: the station and the bundle its snapshot is from (the file header says it). */
export interface StationOriginView {
  code: string;
  name: string;
  /** When the station made the bundle the snapshot is from, and when it was imported here. */
  bundleCreatedAt: string | null;
  importedAt: string | null;
  seq: number;
}

export interface BundleLogView {
  id: number;
  fileName: string;
  sha256: string;
  station: string | null;
  kind: BundleKindName | null;
  seq: number | null;
  outcome: 'accepted' | 'refused' | 'duplicate';
  reason: string | null;
  /** The refusal's parameters (the reason's words need them). */
  params: Record<string, string | number>;
  warnings: BundleWarningView[];
  at: string;
  by: string | null;
}
