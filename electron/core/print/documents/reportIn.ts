import { HavenError } from '../../../../shared/ipc/errors';
import type { Db } from '../../kernel/db/database';
import { findMeasureRow, toMeasureDetail } from '../../measures/repo';
import { findPersonRow, rowToPersonData } from '../../persons/repo';
import { html, type Html } from '../html';
import { cnDate, creditedText, fieldTable, issuingUnit, sealLine, signatureLines, t, withFingerprint } from './common';

/** 报到登记表: the report-in registration, with the full ID number (it is an official record). */
export function reportInBody(db: Db, measureId: number, today: string): { title: string; body: Html; personId: number } {
  const row = findMeasureRow(db, measureId);
  if (!row) throw new HavenError('NOT_FOUND', { messageKey: 'errors.MEASURE_NOT_FOUND' });
  const personRow = findPersonRow(db, row.person_id);
  if (!personRow) throw new HavenError('NOT_FOUND', { messageKey: 'errors.PERSON_NOT_FOUND' });
  const person = rowToPersonData(personRow);
  const m = toMeasureDetail(db, row, today);
  const unit = issuingUnit(db, row.person_id);
  const kind = t(`measure.kind.${m.kind}`);
  // The report-in this form records: after a change of place (RR art. 22) the one at this station,
  // against its own 15 days; the first report-in, from which the term counts, is shown beside it.
  const current = m.reportIns.at(-1);
  const reportedOn = current ? current.reportedOn : m.reportInDate;
  const late = reportedOn !== null && reportedOn > m.reportInDeadline;
  const transferred = current?.basis === 'transfer';
  // Late with a 正当理由 is not refusal (RR art. 14): the form says who found it good, and when.
  const excused = late ? (current?.goodReason ?? null) : null;
  const status = reportedOn ? (late ? (excused ? `逾期报到（有正当理由，${excused.decidedBy}于${cnDate(excused.decidedOn)}认定）` : '逾期报到') : '按期报到') : '—';
  // 社区康复 applies the 社区戒毒 rules "参照" (AL art. 48), as its agreement says.
  const duties = m.kind === 'community_rehab' ? '参照《戒毒条例》第十九条' : '《戒毒条例》第十九条';
  const credit = creditedText(m.creditedDays);
  const body = html`<h1 class="title">${kind}报到登记表</h1>
    ${fieldTable([
      [['姓名', person.name], ['性别', t(`ref.gender.${personRow.gender}`)]],
      [['公民身份号码', person.idNumber], ['出生日期', personRow.birth_date]],
      [['户籍地', person.householdAddress], ['现居住地', person.residenceAddress]],
      [['联系电话', person.phone], ['民族', person.ethnicity]],
      [['决定书文号', m.decisionNumber], ['决定机关', m.decisionAuthority]],
      [['决定日期', m.decisionDate], ['送达日期', m.deliveryDate]],
      ...(transferred && current ? [[['变更执行地日期', current.from], ['首次报到日期（期限起算）', m.reportInDate ?? '—']] as [string, string][]] : []),
      [['应报到截止日期', m.reportInDeadline], ['实际报到日期', reportedOn ?? '尚未报到']],
      [['报到情况', status], ['执行地', unit.name]],
      [['期限', `${m.termMonths} 个月`], ['预计期满日期', m.plannedEnd]],
      ...(credit ? [[['期限折抵', credit]] as [string, unknown][]] : []),
    ])}
    <p>本人已知悉${kind}期间应当遵守的规定，包括履行协议、根据公安机关的要求定期接受检测、离开执行地所在县（市、区）三日以上须书面报告（${duties}）。</p>
    ${signatureLines([withFingerprint('报到人'), '经办人'])}
    ${sealLine(unit.name)}`;
  return { title: `${kind}报到登记表（${person.name}）`, body, personId: row.person_id };
}
