import { maskIdNumber } from '../../../../shared/domain/idNumber';
import { HavenError } from '../../../../shared/ipc/errors';
import type { Leave } from '../../../../shared/domain/supervision';
import type { Db } from '../../kernel/db/database';
import { listLeaves } from '../../leaves/service';
import { findPersonRow } from '../../persons/repo';
import { html, type Html } from '../html';
import { cnDate, fieldTable, issuingUnit, signatureLines, t, withFingerprint } from './common';

const WRITTEN_REPORT = '本站实行书面报告，已登记。';

/**
 * The 审批意见 line, from where the leave stands. Only an approval or a refusal has a decision
 * (decided_by, decided_on); a station that does not require approval registers the written report
 * RR art. 19 asks for (registered, and once back, returned with no decision). A withdrawn leave
 * says when, by whom and why it was withdrawn, and the approval it had before, if any.
 */
function approvalLine(leave: Leave): string {
  if (leave.status === 'requested') return '待审批';
  if (leave.status === 'cancelled') {
    const when = leave.cancelledOn ? `于${cnDate(leave.cancelledOn)}${leave.cancelledBy ? `经${leave.cancelledBy}` : ''}` : '';
    // Only a requested, approved or registered leave can be withdrawn: a decision before it was an approval.
    const approved = leave.decidedOn ? `撤销前已于${cnDate(leave.decidedOn)}${leave.decidedBy ? `经${leave.decidedBy}` : ''}批准${leave.decisionNote ? `（${leave.decisionNote}）` : ''}。` : '';
    return `已${when}撤销${leave.cancelReason ? `：${leave.cancelReason}` : ''}。${approved}`;
  }
  // Registered, or back from a registered leave: nobody decided anything.
  if (leave.decidedOn === null) return WRITTEN_REPORT;
  // Approved or rejected; a returned leave with a decision was approved (销假 follows nothing else).
  const decision = leave.status === 'rejected' ? 'rejected' : 'approved';
  return `${t(`supervision.leaveStatus.${decision}`)}（${leave.decidedBy ?? ''}，${cnDate(leave.decidedOn)}）${leave.decisionNote}`;
}

/** 请假审批表 with the 销假 record below it. */
export function leaveFormBody(db: Db, leaveId: number): { title: string; body: Html; personId: number } {
  const row = db.prepare('SELECT person_id FROM leaves WHERE id = ?').get(leaveId) as { person_id: number } | undefined;
  if (!row) throw new HavenError('NOT_FOUND', { messageKey: 'errors.RECORD_NOT_FOUND' });
  const leave = listLeaves(db, row.person_id).find((l) => l.id === leaveId);
  const person = findPersonRow(db, row.person_id);
  if (!leave || !person) throw new HavenError('NOT_FOUND', { messageKey: 'errors.RECORD_NOT_FOUND' });
  const body = html`<h1 class="title">请假审批表</h1>
    ${fieldTable([
      [['姓名', person.name], ['公民身份号码', maskIdNumber(person.id_number)]],
      [['请假事由', leave.reason], ['请假天数', `${leave.days} 天`]],
      [['起止日期', `${leave.startDate} 至 ${leave.endDate}`], ['去向', [leave.province, leave.city, leave.county, leave.address].filter(Boolean).join(' ')]],
      [['审批意见', approvalLine(leave)], ['工作站', issuingUnit(db, row.person_id).name]],
    ])}
    ${signatureLines([withFingerprint('申请人'), '审批人'])}
    <h2>销假记录</h2>
    ${fieldTable([
      [['实际返回日期', leave.returnedOn ?? ''], ['是否按时', leave.returnedOn ? (leave.returnedOn > leave.endDate ? `逾期（应于${cnDate(leave.endDate)}返回）` : '按时') : '']],
      [['说明', leave.returnNote], ['', '']],
    ])}
    ${signatureLines([withFingerprint('本人'), '经办人'])}`;
  return { title: `请假审批表（${person.name}）`, body, personId: row.person_id };
}
