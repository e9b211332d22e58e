import m0001 from './0001_foundation';
import m0002 from './0002_persons_measures';
import m0003 from './0003_supervision';
import m0004 from './0004_bundles';
import m0005 from './0005_risk_care_help';
import m0006 from './0006_agreements';
import m0007 from './0007_legal_engine';
import m0008 from './0008_covering_indexes';
import m0009 from './0009_audit_anchors';
import m0010 from './0010_audit_events_lean';
import m0011 from './0011_station_id_blocks';
import m0012 from './0012_person_search_on_change';
import m0013 from './0013_person_audit_keys';
import m0014 from './0014_agreement_local_report_in';
import m0015 from './0015_planned_end_month_end';
import m0016 from './0016_leave_withdrawal';
import m0017 from './0017_person_id_high_water';
import m0018 from './0018_agreement_credit_note';
import m0019 from './0019_transfer_arrivals';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * Ordered list bundled with the app (no directory scan inside an asar). Append only: a landed
 * migration is never edited; a change is a new numbered file.
 */
export const migrations: Migration[] = [
  { version: 1, name: 'foundation', sql: m0001 },
  { version: 2, name: 'persons_measures', sql: m0002 },
  { version: 3, name: 'supervision', sql: m0003 },
  { version: 4, name: 'bundles', sql: m0004 },
  { version: 5, name: 'risk_care_help', sql: m0005 },
  { version: 6, name: 'agreements', sql: m0006 },
  { version: 7, name: 'legal_engine', sql: m0007 },
  { version: 8, name: 'covering_indexes', sql: m0008 },
  { version: 9, name: 'audit_anchors', sql: m0009 },
  { version: 10, name: 'audit_events_lean', sql: m0010 },
  { version: 11, name: 'station_id_blocks', sql: m0011 },
  { version: 12, name: 'person_search_on_change', sql: m0012 },
  { version: 13, name: 'person_audit_keys', sql: m0013 },
  { version: 14, name: 'agreement_local_report_in', sql: m0014 },
  { version: 15, name: 'planned_end_month_end', sql: m0015 },
  { version: 16, name: 'leave_withdrawal', sql: m0016 },
  { version: 17, name: 'person_id_high_water', sql: m0017 },
  { version: 18, name: 'agreement_credit_note', sql: m0018 },
  { version: 19, name: 'transfer_arrivals', sql: m0019 },
];

migrations.forEach((m, i) => {
  if (m.version !== i + 1) throw new Error(`migration ${m.name} is numbered ${m.version}, expected ${i + 1}`);
});
