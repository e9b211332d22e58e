/**
 * 0006: agreement templates (versioned; an edit is a new version) and agreements (the exact text
 * signed and its SHA-256). The two built-in templates are written for Haven from RR art. 16,
 * 19, 20 and 21; stations may edit them.
 */
const detoxBody = `甲方：{{station.name}}
乙方：{{person.name}}，{{person.gender}}，{{person.birthDate}} 出生，公民身份号码 {{person.idNumber}}，户籍地 {{person.householdAddress}}，现居住地 {{person.residenceAddress}}，联系电话 {{person.phone}}。

乙方经{{measure.decisionAuthority}}决定（{{measure.decisionNumber}}，{{measure.decisionDate}} 作出，{{measure.deliveryDate}} 送达）在本地接受社区戒毒，已于 {{measure.reportInDate}} 报到。依照《中华人民共和国禁毒法》和《戒毒条例》第十六条的规定，甲乙双方签订本协议。

一、社区戒毒的期限
社区戒毒期限为三年，自 {{measure.reportInDate}} 起至 {{measure.plannedEnd}} 止。乙方被依法拘留、逮捕的，社区戒毒中止，释放后继续执行，中止的期间不计入期限。

二、社区戒毒的具体措施
（一）甲方成立社区戒毒工作小组，成员为：{{group.list}}。工作小组负责对乙方进行戒毒知识辅导，开展帮教谈话和走访，了解乙方的戒毒情况和思想、工作、生活状况。
（二）甲方根据乙方的需要，协调有关部门为其提供必要的戒毒治疗、心理辅导、职业技能培训、职业指导和就学、就业、就医援助。
（三）乙方应当根据公安机关的要求，定期接受吸毒检测，并接受不定期的检测。

三、乙方应当遵守的规定（《戒毒条例》第十九条）
（一）履行本协议；
（二）根据公安机关的要求，定期接受检测；
（三）离开社区戒毒执行地所在县（市、区）三日以上的，须事先书面报告；
（四）按照约定参加帮教谈话，如实说明自己的情况，告知住址和联系方式的变化。

四、违反协议的责任（《戒毒条例》第二十条、第二十一条）
（一）乙方违反本协议的，甲方予以批评教育，并记录在案。
（二）乙方在社区戒毒期间逃避或者拒绝接受检测三次以上，擅自离开社区戒毒执行地所在县（市、区）三次以上或者累计超过三十日的，属于严重违反社区戒毒协议。
（三）乙方拒绝接受社区戒毒，在社区戒毒期间又吸食、注射毒品，或者严重违反社区戒毒协议的，甲方社区戒毒专职工作人员应当及时向当地公安机关报告；公安机关可以依法决定对其强制隔离戒毒。

五、甲方的义务
甲方应当依法为乙方的个人信息保密，尊重乙方的人格尊严，不得歧视；乙方在入学、就业、享受社会保障等方面不受歧视。

六、其他
本协议一式三份，甲方、乙方和乙方家属各执一份，自双方签字之日起生效。`;

const rehabBody = detoxBody
  .replaceAll('社区戒毒工作小组', '社区康复工作小组')
  .replace('在本地接受社区戒毒', '在本地接受社区康复')
  .replace('和《戒毒条例》第十六条的规定', '和《戒毒条例》第十六条、第四十四条的规定')
  .replace('一、社区戒毒的期限\n社区戒毒期限为三年，', '一、社区康复的期限\n社区康复期限为{{measure.termText}}，')
  .replace('社区戒毒中止，释放后继续执行', '社区康复中止，释放后继续执行')
  .replace('二、社区戒毒的具体措施', '二、社区康复的具体措施')
  .replace('（一）甲方成立', '（一）甲方成立')
  .replace('三、乙方应当遵守的规定（《戒毒条例》第十九条）', '三、乙方应当遵守的规定（《戒毒条例》第十九条、第四十四条）')
  .replace('离开社区戒毒执行地所在县', '离开社区康复执行地所在县')
  .replace('四、违反协议的责任（《戒毒条例》第二十条、第二十一条）', '四、违反协议的责任（参照《戒毒条例》第二十条、第二十一条）')
  .replace('乙方在社区戒毒期间逃避', '乙方在社区康复期间逃避')
  .replace('擅自离开社区戒毒执行地所在县（市、区）三次以上或者累计超过三十日的，属于严重违反社区戒毒协议', '擅自离开社区康复执行地所在县（市、区）三次以上或者累计超过三十日的，属于严重违反社区康复协议')
  .replace('乙方拒绝接受社区戒毒，在社区戒毒期间又吸食、注射毒品，或者严重违反社区戒毒协议的，甲方社区戒毒专职工作人员', '乙方拒绝接受社区康复，在社区康复期间又吸食、注射毒品，或者严重违反社区康复协议的，甲方专职工作人员')
  .replace('公安机关可以依法决定对其强制隔离戒毒', '公安机关依法处理');

const quote = (text: string) => `'${text.replaceAll("'", "''")}'`;

export default /* sql */ `
CREATE TABLE agreement_templates (
  id         INTEGER PRIMARY KEY,
  kind       TEXT NOT NULL CHECK (kind IN ('community_detox', 'community_rehab')),
  version    INTEGER NOT NULL,
  title      TEXT NOT NULL,
  body       TEXT NOT NULL,
  note       TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  created_by TEXT,
  UNIQUE (kind, version)
) STRICT;

CREATE TABLE agreements (
  id                 INTEGER PRIMARY KEY,
  person_id          INTEGER NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
  measure_id         INTEGER NOT NULL REFERENCES measures (id) ON DELETE CASCADE,
  -- NULL in an agreement imported from a station's bundle: its text, title and hash travel, the template does not.
  template_id        INTEGER REFERENCES agreement_templates (id),
  title              TEXT NOT NULL,
  text               TEXT NOT NULL,
  sha256             TEXT NOT NULL,
  status             TEXT NOT NULL CHECK (status IN ('draft', 'signed', 'voided')),
  generated_at       TEXT NOT NULL,
  generated_by       TEXT,
  signed_on          TEXT,
  signed_by          TEXT,
  voided_on          TEXT,
  void_reason        TEXT NOT NULL DEFAULT '',
  scan_attachment_id INTEGER REFERENCES attachments (id) ON DELETE SET NULL
) STRICT;
CREATE INDEX agreements_measure ON agreements (measure_id, status);
CREATE INDEX agreements_person ON agreements (person_id);
CREATE INDEX agreements_scan ON agreements (scan_attachment_id);

-- A signed text never changes: only the status (to voided) and the scan may be set afterwards.
CREATE TRIGGER agreements_signed_text_fixed BEFORE UPDATE OF text, sha256, title, template_id ON agreements
WHEN old.status != 'draft'
BEGIN SELECT RAISE(ABORT, 'a signed agreement text cannot change'); END;

INSERT INTO agreement_templates (kind, version, title, body, note, created_at, created_by)
VALUES ('community_detox', 1, '社区戒毒协议书', ${quote(detoxBody)}, '港湾内置模板', '2026-01-01T00:00:00.000Z', NULL),
       ('community_rehab', 1, '社区康复协议书', ${quote(rehabBody)}, '港湾内置模板', '2026-01-01T00:00:00.000Z', NULL);
`;
