/**
 * 0015: the stored planned end of a term whose end month lacks the report-in's day, one day later.
 *
 * plannedEnd (shared/domain/measures.ts) now ends such a term on that month's last day (29 Feb 2024
 * + 3 years → 28 Feb 2027) instead of the day before it, which made the term a day short. The
 * value stored for lists (measures.planned_end) was computed the old way; suspended and credited
 * days only shift it, so adding the lost day is exact. Such a month: the report-in's day of the
 * month is past the last day of the month `term_months` later.
 */
export default /* sql */ `
UPDATE measures SET planned_end = date(planned_end, '+1 day')
WHERE report_in_date IS NOT NULL AND planned_end IS NOT NULL
  AND CAST(strftime('%d', report_in_date) AS INTEGER)
      > CAST(strftime('%d', date(report_in_date, 'start of month', '+' || term_months || ' months', '+1 month', '-1 day')) AS INTEGER);
`;
