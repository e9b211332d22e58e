/**
 * 0007: what the legal engine needs to keep a serious breach on the worklist until it is answered
 * (issue "Legal engine"):
 * - good_reasons: 正当理由 for a late report-in, a test or an absence, with who decided and when;
 * - measures: the police 解除通知书 (RR art. 23, 40) and the day the station was notified;
 * - persons: the infant's birth date behind the breastfeeding flag (AL art. 39 lapses at one year);
 * - drug_tests: 复检 as a kind, the second staff member, the collector, A/B sample numbers
 *   (吸毒检测程序规定). SQLite cannot widen a CHECK, so drug_tests is rebuilt; no table refers
 *   to it yet, so nothing cascades.
 * - the 社区康复 agreement template gets a corrected version (it cited RR art. 44, staff
 *   discipline, where RR art. 38 is meant); signed agreements keep the text they were signed with.
 * Every stored evaluation is dropped so the worklist is evaluated again under the new rules.
 */
export default /* sql */ `
CREATE TABLE drug_tests_rebuilt (
  id               INTEGER PRIMARY KEY,
  person_id        INTEGER NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
  measure_id       INTEGER REFERENCES measures (id) ON DELETE SET NULL,
  date             TEXT NOT NULL,
  sample           TEXT NOT NULL CHECK (sample IN ('urine', 'hair', 'saliva', 'blood')),
  mode             TEXT NOT NULL CHECK (mode IN ('on_site', 'lab', 'retest')),
  result           TEXT NOT NULL CHECK (result IN ('negative', 'positive', 'refused', 'missed')),
  substances       TEXT NOT NULL DEFAULT '[]',
  unannounced      INTEGER NOT NULL DEFAULT 0 CHECK (unannounced IN (0, 1)),
  tester           TEXT NOT NULL DEFAULT '',
  second_tester    TEXT NOT NULL DEFAULT '',
  collector_female INTEGER CHECK (collector_female IN (0, 1)),
  sample_a_number  TEXT NOT NULL DEFAULT '',
  sample_b_number  TEXT NOT NULL DEFAULT '',
  place            TEXT NOT NULL DEFAULT '',
  notes            TEXT NOT NULL DEFAULT '',
  created_at       TEXT NOT NULL,
  created_by       TEXT
) STRICT;
INSERT INTO drug_tests_rebuilt (id, person_id, measure_id, date, sample, mode, result, substances, unannounced, tester, place, notes, created_at, created_by)
  SELECT id, person_id, measure_id, date, sample, mode, result, substances, unannounced, tester, place, notes, created_at, created_by FROM drug_tests;
DROP TABLE drug_tests;
ALTER TABLE drug_tests_rebuilt RENAME TO drug_tests;
CREATE INDEX drug_tests_person ON drug_tests (person_id, date);

CREATE TABLE good_reasons (
  id             INTEGER PRIMARY KEY,
  person_id      INTEGER NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
  subject        TEXT NOT NULL CHECK (subject IN ('report_in', 'test', 'absence')),
  measure_id     INTEGER REFERENCES measures (id) ON DELETE CASCADE,
  test_id        INTEGER REFERENCES drug_tests (id) ON DELETE CASCADE,
  absence_id     INTEGER REFERENCES absences (id) ON DELETE CASCADE,
  -- A report-in: the day its 15 days started (delivery, or the change of place on a transfer).
  report_in_from TEXT,
  reason         TEXT NOT NULL,
  decided_by     TEXT NOT NULL,
  decided_on     TEXT NOT NULL,
  attachment_id  INTEGER REFERENCES attachments (id) ON DELETE SET NULL,
  created_at     TEXT NOT NULL,
  created_by     TEXT,
  CHECK ((subject = 'report_in') = (measure_id IS NOT NULL AND report_in_from IS NOT NULL)),
  CHECK ((subject = 'test') = (test_id IS NOT NULL)),
  CHECK ((subject = 'absence') = (absence_id IS NOT NULL))
) STRICT;
CREATE INDEX good_reasons_person ON good_reasons (person_id);
CREATE UNIQUE INDEX good_reasons_report_in ON good_reasons (measure_id, report_in_from) WHERE subject = 'report_in';
CREATE UNIQUE INDEX good_reasons_test ON good_reasons (test_id) WHERE test_id IS NOT NULL;
CREATE UNIQUE INDEX good_reasons_absence ON good_reasons (absence_id) WHERE absence_id IS NOT NULL;
CREATE INDEX good_reasons_attachment ON good_reasons (attachment_id);

ALTER TABLE measures ADD COLUMN discharge_notice_number TEXT;
ALTER TABLE measures ADD COLUMN discharge_notice_date TEXT;
ALTER TABLE measures ADD COLUMN discharge_notified_on TEXT;

ALTER TABLE persons ADD COLUMN infant_birth_date TEXT;

INSERT INTO agreement_templates (kind, version, title, body, note, created_at, created_by)
SELECT kind, version + 1, title,
       replace(replace(replace(body,
         '依照《中华人民共和国禁毒法》和《戒毒条例》第十六条、第四十四条的规定', '依照《中华人民共和国禁毒法》第四十八条和《戒毒条例》第三十八条的规定'),
         '（《戒毒条例》第十九条、第四十四条）', '（参照《戒毒条例》第十九条）'),
         '、第四十四条', ''),
       '更正引用条款：社区康复协议依《戒毒条例》第三十八条签订（原误引第四十四条，该条是对工作人员的处分规定）',
       '2026-11-29T00:00:00.000Z', NULL
FROM agreement_templates
WHERE kind = 'community_rehab'
  AND version = (SELECT max(version) FROM agreement_templates WHERE kind = 'community_rehab')
  AND instr(body, '第四十四条') > 0;

DELETE FROM alert_state;
`;
