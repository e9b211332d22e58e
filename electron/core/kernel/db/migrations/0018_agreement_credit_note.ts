/**
 * 0018: the built-in 社区戒毒协议书 says why its term ends early when days were credited.
 *
 * "社区戒毒期限为三年，自 A 起至 B 止" printed B short of three years by the days of compulsory
 * isolation already served (《戒毒条例》第三十一条; plannedEnd subtracts them) without a word, in a
 * text the person signs. The sentence now ends with {{measure.creditNote}}: empty without a credit,
 * else "（已执行的强制隔离戒毒 N 日依照《戒毒条例》第三十一条折抵）". Only 社区戒毒 credits (RR art.
 * 31; 社区康复 has no such credit). A new version where the current text still has the sentence as
 * written; a station's own wording is left as it is (its editor offers the placeholder).
 */
export default /* sql */ `
INSERT INTO agreement_templates (kind, version, title, body, note, created_at, created_by)
SELECT kind, version + 1, title,
       replace(body, '起至 {{measure.plannedEnd}} 止。', '起至 {{measure.plannedEnd}} 止{{measure.creditNote}}。'),
       '有强制隔离戒毒折抵的，期限一句写明折抵的天数（《戒毒条例》第三十一条）',
       '2026-12-01T00:00:00.000Z', NULL
FROM agreement_templates t
WHERE kind = 'community_detox'
  AND version = (SELECT max(version) FROM agreement_templates WHERE kind = t.kind)
  AND instr(body, '起至 {{measure.plannedEnd}} 止。') > 0
  AND instr(body, '{{measure.creditNote}}') = 0;
`;
