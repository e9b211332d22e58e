import { chinaTime } from '../../../../shared/domain/dates';
import { maskIdNumber } from '../../../../shared/domain/idNumber';
import { listAudit } from '../../kernel/audit';
import type { Db } from '../../kernel/db/database';
import { getStation } from '../../kernel/settings';
import { findPersonRow } from '../../persons/repo';
import { html, type Html } from '../html';
import { fieldTable, issuingUnit, listTable, t } from './common';

/** More than this and the printout says how many were left out (the screen and the export have them all). */
const MAX_ROWS = 2000;

/**
 * 档案访问记录: every audit event about one person's file — who opened it, printed it, revealed
 * the full ID number, changed a record — newest first, for the person's own request or an
 * inspection (一人一档 accountability). ID masked.
 *
 * Two units can be named. 建档单位 is whose file it is: at a supervisor, the station it came from
 * (issuingUnit). The events are this database's own audit log, so at a supervisor they are who
 * opened or printed the file there, and the form names the supervisor as 记录单位; the station's
 * own accesses are in the station's log, and its own printout.
 */
export function accessHistoryBody(db: Db, personId: number): { title: string; body: Html } {
  const row = findPersonRow(db, personId);
  if (!row) throw new Error('person not found');
  const station = getStation(db);
  const unit = issuingUnit(db, personId);
  const events = listAudit(db, { personId, limit: MAX_ROWS + 1 });
  const count = events.length > MAX_ROWS ? `最近 ${MAX_ROWS} 条（另有更早的记录）` : `${events.length} 条`;
  const shown = events.slice(0, MAX_ROWS);
  const title = `档案访问记录（${row.name}）`;
  const label = (action: string) => {
    const words = t(`audit.actions.${action}`);
    return words === `audit.actions.${action}` ? action : words;
  };
  const imported = row.origin_station !== null;
  const units: [string, unknown][][] = imported
    ? [[['建档单位', unit.name], ['档案编号', unit.fileNo]], [['记录单位', station.name], ['记录条数', count]]]
    : [[['建档单位', unit.name], ['记录条数', count]]];
  const body = html`<h1 class="title">档案访问记录</h1>
    ${fieldTable([[['姓名', row.name], ['身份证号', maskIdNumber(row.id_number)]], ...units])}
    ${listTable(
      ['时间', '操作人', '操作', '记录号'],
      shown.map((e) => [chinaTime(e.at), e.actorName ? `${e.actorName}（${e.actor ?? ''}）` : (e.actor ?? '系统'), label(e.action), e.id]),
      '无访问记录',
    )}
    <p class="plain note">本记录取自${imported ? `${station.name}的` : ''}港湾审计日志（逐条链接，不能删改）。“查看档案”指打开该人员档案，“查看档案部分内容”指不经打开档案看到其中内容（如在待办中办理提醒时看到的执行措施），或打开档案一刻钟后仍在查看；距上一条记录一刻钟内再次看到的，不另记；“打印”指打印含该人员信息的文书。</p>`;
  return { title, body };
}
