import type { PersonListPage, PersonListRow } from '../../../shared/domain/persons';
import { plannedEnd, type MeasureKind, type MeasureStatus } from '../../../shared/domain/measures';
import { findMeasureRow, measureEvents, termOf } from '../measures/repo';
import type { RiskLevel } from '../../../shared/domain/supervision';
import { ageOn, maskIdNumber } from '../../../shared/domain/idNumber';
import type { personListQuerySchema } from '../../../shared/schemas/person';
import type { z } from 'zod';
import type { Db } from '../kernel/db/database';
import { maskPhone } from './repo';

type ListQuery = z.output<typeof personListQuerySchema>;

const SORT_COLUMNS: Record<ListQuery['sort'], string> = {
  name: 'p.name_pinyin',
  updatedAt: 'p.updated_at',
  createdAt: 'p.created_at',
  plannedEnd: 'm.planned_end',
  reportInDate: 'm.report_in_date',
};

/** A quoted FTS5 phrase: with the trigram tokenizer it matches the text anywhere in a column. */
function ftsPhrase(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

/**
 * The search box: three or more characters go through the trigram index (ID and phone
 * fragments, pinyin, names); shorter input matches the start of the name, its pinyin or its
 * initials through ordinary indexes ("zs" → 张三).
 */
function searchClause(raw: string, params: Record<string, unknown>): string | null {
  const text = raw.replace(/\s+/g, '').toLowerCase();
  if (text.length === 0) return null;
  if ([...text].length >= 3) {
    params.fts = ftsPhrase(text);
    return 'p.id IN (SELECT rowid FROM person_search WHERE person_search MATCH @fts)';
  }
  params.prefixLow = text;
  params.prefixHigh = `${text}\uffff`;
  // One index range per key, joined: SQLite would otherwise scan for the OR of three columns.
  return `p.id IN (SELECT id FROM persons WHERE name >= @prefixLow AND name < @prefixHigh
       UNION SELECT id FROM persons WHERE name_initials >= @prefixLow AND name_initials < @prefixHigh
       UNION SELECT id FROM persons WHERE name_pinyin >= @prefixLow AND name_pinyin < @prefixHigh)`;
}

interface ListRow {
  id: number;
  name: string;
  gender: 'male' | 'female';
  birth_date: string;
  id_number: string;
  phone: string;
  staff_name: string | null;
  origin_station: string | null;
  risk_level: RiskLevel | null;
  measure_id: number | null;
  kind: MeasureKind | null;
  status: MeasureStatus | null;
  report_in_date: string | null;
  planned_end: string | null;
  archived_at: string | null;
  updated_at: string;
}

export function listPersons(db: Db, query: ListQuery, today: string): PersonListPage {
  const params: Record<string, unknown> = {};
  const where: string[] = [query.archived ? 'p.archived_at IS NOT NULL' : 'p.archived_at IS NULL'];
  // The measures join is only paid for when a filter or the sort needs it.
  let needsMeasure = query.sort === 'plannedEnd' || query.sort === 'reportInDate';
  if (query.measureKind) {
    where.push('m.kind = @kind');
    params.kind = query.measureKind;
    needsMeasure = true;
  }
  if (query.measureStatus === 'none') where.push('p.current_measure_id IS NULL');
  else if (query.measureStatus) {
    where.push('m.status = @status');
    params.status = query.measureStatus;
    needsMeasure = true;
  }
  if (query.riskLevel === 'unassessed') where.push('p.risk_level IS NULL');
  else if (query.riskLevel) {
    where.push('p.risk_level = @risk');
    params.risk = query.riskLevel;
  }
  if (query.careCategory) {
    where.push(`p.id IN (SELECT person_id FROM care_flags WHERE category = @care AND since <= @today AND (until IS NULL OR until >= @today))`);
    params.care = query.careCategory;
    params.today = today;
  }
  if (query.stationCode) {
    where.push('p.origin_station = @station');
    params.station = query.stationCode.toUpperCase();
  }
  if (query.staffUserId) {
    where.push('p.staff_user_id = @staff');
    params.staff = query.staffUserId;
  }
  const search = searchClause(query.query, params);
  if (search) where.push(search);

  const from = `FROM persons p ${needsMeasure ? 'LEFT JOIN measures m ON m.id = p.current_measure_id' : ''} WHERE ${where.join(' AND ')}`;
  const total = (db.prepare(`SELECT count(*) AS n ${from}`).get(params) as { n: number }).n;
  const direction = query.direction === 'asc' ? 'ASC' : 'DESC';
  const column = SORT_COLUMNS[query.sort];
  // Never-null columns sort straight off their index; the measure dates put blanks last.
  const order = needsMeasure && (query.sort === 'plannedEnd' || query.sort === 'reportInDate') ? `${column} IS NULL, ${column} ${direction}` : `${column} ${direction}`;
  // The page's ids first (index-only where possible), then the details of just those rows.
  const ids = db
    .prepare(`SELECT p.id ${from} ORDER BY ${order}, p.id ${direction} LIMIT @limit OFFSET @offset`)
    .pluck()
    .all({ ...params, limit: query.limit, offset: query.offset }) as number[];
  if (ids.length === 0) return { total, rows: [] };
  const details = db
    .prepare(
      `SELECT p.id, p.name, p.gender, p.birth_date, p.id_number, p.phone, coalesce(u.display_name, p.origin_staff_name) AS staff_name,
              p.origin_station, p.risk_level,
              m.id AS measure_id, m.kind, m.status, m.report_in_date, m.planned_end, p.archived_at, p.updated_at
       FROM persons p
       LEFT JOIN measures m ON m.id = p.current_measure_id
       LEFT JOIN users u ON u.id = p.staff_user_id
       WHERE p.id IN (${ids.map(() => '?').join(', ')})`,
    )
    .all(...ids) as ListRow[];
  const byId = new Map(details.map((r) => [r.id, r]));
  return {
    total,
    rows: ids.map((id) => byId.get(id) as ListRow).map(
      (r): PersonListRow => ({
        id: r.id,
        name: r.name,
        gender: r.gender,
        age: ageOn(r.birth_date, today),
        idNumberMasked: maskIdNumber(r.id_number),
        phoneMasked: maskPhone(r.phone),
        staffName: r.staff_name,
        station: r.origin_station,
        riskLevel: r.risk_level,
        measureKind: r.kind,
        measureStatus: r.status,
        reportInDate: r.report_in_date,
        // A running suspension extends the term day by day; the stored value is as of its start.
        plannedEnd: r.status === 'suspended' && r.measure_id !== null ? livePlannedEnd(db, r.measure_id, today) : r.planned_end,
        archived: r.archived_at !== null,
        updatedAt: r.updated_at,
      }),
    ),
  };
}

function livePlannedEnd(db: Db, measureId: number, today: string): string | null {
  const row = findMeasureRow(db, measureId);
  return row ? plannedEnd(termOf(row, measureEvents(db, measureId)), today) : null;
}
