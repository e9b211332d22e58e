/**
 * 0014: the built-in agreements say when the person reported in HERE.
 *
 * "在本地接受社区戒毒，已于 {{measure.reportInDate}} 报到" printed the first report-in, at the old
 * station, in the new agreement a change of place requires (RR art. 22). The sentence now names
 * the report-in at this station ({{measure.localReportInDate}}); the term's sentence keeps the
 * first report-in, from which the term counts on. A new version of each kind whose current text
 * still has the sentence as written; a station's own wording is left as it is (and its editor
 * offers the new placeholder).
 */
export default /* sql */ `
INSERT INTO agreement_templates (kind, version, title, body, note, created_at, created_by)
SELECT kind, version + 1, title,
       replace(body, '已于 {{measure.reportInDate}} 报到', '已于 {{measure.localReportInDate}} 报到'),
       '变更执行地后，“已于……报到”写在本执行地报到的日期（《戒毒条例》第二十二条），期限仍自首次报到起算',
       '2026-11-30T00:00:00.000Z', NULL
FROM agreement_templates t
WHERE version = (SELECT max(version) FROM agreement_templates WHERE kind = t.kind)
  AND instr(body, '已于 {{measure.reportInDate}} 报到') > 0;
`;
