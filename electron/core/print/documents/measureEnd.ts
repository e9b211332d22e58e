import { maskIdNumber } from '../../../../shared/domain/idNumber';
import { citationLabel, measureCitations, terminationCitations } from '../../../../shared/domain/law';
import { HavenError } from '../../../../shared/ipc/errors';
import type { Db } from '../../kernel/db/database';
import { findMeasureRow, toMeasureDetail } from '../../measures/repo';
import { findPersonRow } from '../../persons/repo';
import { html, type Html } from '../html';
import { cnDate, creditedText, fieldTable, issuingUnit, sealLine, signatureLines, t } from './common';

/**
 * The closing sentence with the article that governs the ending: 解除 under RR art. 23 (社区戒毒)
 * or art. 40 (社区康复); 终止 under RR art. 24 (imprisonment, compulsory education) or AL art. 38
 * (compulsory isolation); death has no article ("依实际情况"); a transfer is RR art. 22.
 */
function endingSentence(status: string, kind: string, endedOn: string, dischargeArticle: string, reasonCode: string | null, notifiedOn: string | null): string {
  if (status === 'completed') {
    const notified = notifiedOn ? `公安机关已于${cnDate(notifiedOn)}通知本站，` : '';
    return `${kind}已于${cnDate(endedOn)}期满解除。依照${dischargeArticle}，解除通知书由公安机关出具，${notified}本站存档备查。`;
  }
  if (status === 'transferred_out') return `依照${citationLabel('RR-22')}，${kind}执行地已变更，档案移交新执行地，记录存档备查。`;
  const cited = reasonCode ? terminationCitations[reasonCode] : null;
  return `${cited ? `依照${citationLabel(cited)}` : '依实际情况'}，本次${kind}已终止，记录存档备查。`;
}

/**
 * 期满解除 or 终止 record for the station's file. The 解除通知书 itself is issued by the police
 * (RR art. 23, 40); this record notes it and what the station did.
 */
export function measureEndBody(db: Db, measureId: number, today: string): { title: string; body: Html; personId: number } {
  const row = findMeasureRow(db, measureId);
  if (!row) throw new HavenError('NOT_FOUND', { messageKey: 'errors.MEASURE_NOT_FOUND' });
  if (!['completed', 'terminated', 'transferred_out'].includes(row.status)) throw new HavenError('CONFLICT', { messageKey: 'errors.MEASURE_NOT_ENDED' });
  const person = findPersonRow(db, row.person_id);
  if (!person) throw new HavenError('NOT_FOUND', { messageKey: 'errors.PERSON_NOT_FOUND' });
  const m = toMeasureDetail(db, row, today);
  const unit = issuingUnit(db, row.person_id);
  const kind = t(`measure.kind.${m.kind}`);
  const end = m.events.at(-1);
  const heading = m.status === 'completed' ? `${kind}期满解除记录` : m.status === 'terminated' ? `${kind}终止记录` : `${kind}变更执行地记录`;
  const reason =
    m.status === 'terminated' && end?.reasonCode ? t(`measure.terminationReason.${end.reasonCode}`) : m.status === 'transferred_out' ? `转出至 ${end?.destination ?? ''}` : '期限届满';
  const credit = creditedText(m.creditedDays);
  const body = html`<h1 class="title">${heading}</h1>
    ${fieldTable([
      [['姓名', person.name], ['公民身份号码', maskIdNumber(person.id_number)]],
      [['措施', kind], ['决定书文号', m.decisionNumber]],
      [['报到日期', m.reportInDate], ['中止天数', m.suspendedDays]],
      [['预计期满日期', m.plannedEnd], ['结束日期', m.endedOn]],
      ...(credit ? [[['期限折抵', credit]] as [string, unknown][]] : []),
      [['结束情形', t(`measure.status.${m.status}`)], ['原因', reason]],
      [['说明', end?.reason ?? ''], ['执行地', unit.name]],
      [['解除通知书', m.dischargeNotice?.number ?? (m.status === 'completed' ? '尚未收到' : '')], ['出具日期', m.dischargeNotice?.issuedOn ?? '']],
    ])}
    <p>${endingSentence(m.status, kind, m.endedOn ?? '', citationLabel(measureCitations[m.kind].discharge), end?.reasonCode ?? null, m.dischargeNotice?.notifiedOn ?? null)}</p>
    ${signatureLines(['经办人', '负责人'])}
    ${sealLine(unit.name)}`;
  return { title: `${heading}（${person.name}）`, body, personId: row.person_id };
}
