import { maskIdNumber } from '../../../../shared/domain/idNumber';
import { HavenError } from '../../../../shared/ipc/errors';
import type { Db } from '../../kernel/db/database';
import { listLeaves } from '../../leaves/service';
import { findPersonRow } from '../../persons/repo';
import { getStation } from '../../kernel/settings';
import { html, type Html } from '../html';
import { cnDate, fieldTable, signatureLines, t } from './common';

/** 请假审批表 with the 销假 record below it. */
export function leaveFormBody(db: Db, leaveId: number): { title: string; body: Html; personId: number } {
  const row = db.prepare('SELECT person_id FROM leaves WHERE id = ?').get(leaveId) as { person_id: number } | undefined;
  if (!row) throw new HavenError('NOT_FOUND', { messageKey: 'errors.RECORD_NOT_FOUND' });
  const leave = listLeaves(db, row.person_id).find((l) => l.id === leaveId);
  const person = findPersonRow(db, row.person_id);
  if (!leave || !person) throw new HavenError('NOT_FOUND', { messageKey: 'errors.RECORD_NOT_FOUND' });
  const approval = leave.status === 'registered' ? '本站实行书面报告，已登记。' : leave.decidedOn ? `${t(`supervision.leaveStatus.${leave.status === 'returned' ? 'approved' : leave.status}`)}（${leave.decidedBy ?? ''}，${cnDate(leave.decidedOn)}）${leave.decisionNote}` : '待审批';
  const body = html`<h1 class="title">请假审批表</h1>
    ${fieldTable([
      [['姓名', person.name], ['公民身份号码', maskIdNumber(person.id_number)]],
      [['请假事由', leave.reason], ['请假天数', `${leave.days} 天`]],
      [['起止日期', `${leave.startDate} 至 ${leave.endDate}`], ['去向', [leave.province, leave.city, leave.county, leave.address].filter(Boolean).join(' ')]],
      [['审批意见', approval], ['工作站', getStation(db).name]],
    ])}
    ${signatureLines(['申请人', '审批人'])}
    <h2>销假记录</h2>
    ${fieldTable([
      [['实际返回日期', leave.returnedOn ?? ''], ['是否按时', leave.returnedOn ? (leave.returnedOn > leave.endDate ? `逾期（应于${cnDate(leave.endDate)}返回）` : '按时') : '']],
      [['说明', leave.returnNote], ['', '']],
    ])}
    ${signatureLines(['本人', '经办人'])}`;
  return { title: `请假审批表（${person.name}）`, body, personId: row.person_id };
}
