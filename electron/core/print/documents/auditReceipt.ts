import { verifyAuditChain } from '../../kernel/audit';
import { getStation } from '../../kernel/settings';
import type { Ops } from '../../kernel/ops';
import { HavenError } from '../../../../shared/ipc/errors';
import { html, type Html } from '../html';
import { fieldTable, signatureLines } from './common';

/** A link in groups of four hex digits, the first 16 (what is typed back) set apart. */
function linkGroups(hash: string): { short: string; rest: string } {
  const groups = hash.match(/.{1,4}/g) ?? [];
  return { short: groups.slice(0, 4).join(' '), rest: groups.slice(4).join(' ') };
}

/**
 * 审计日志凭证: the audit chain's head on paper, kept outside the computer (in the station's
 * file cabinet or handed to the 禁毒办). Whoever later types the event number and the first 16
 * digits back (设置 › 审计日志 › 核对凭证, or `haven check --anchor`) learns whether the log up to
 * that event is still the one printed — a rewrite by someone holding the key changes the link.
 * Holds no personal data.
 */
export function auditReceiptBody(ops: Ops): { title: string; body: Html } {
  const chain = verifyAuditChain(ops.db);
  if (!chain.ok || !chain.head) throw new HavenError('CONFLICT', { messageKey: 'errors.AUDIT_CHAIN_BROKEN', params: { id: chain.brokenAt ?? 0 } });
  const station = getStation(ops.db);
  const link = linkGroups(chain.head.hash);
  const title = '审计日志凭证';
  const body = html`<h1 class="title">${title}</h1>
    ${fieldTable([
      [['单位名称', station.name], ['单位代码', station.code]],
      [['日志记录数', `${chain.events} 条`], ['核对结果', '完整（链接与密钥均一致）']],
    ])}
    <h2>一、凭证（请妥善保存）</h2>
    <table><tbody>
      <tr><td class="label">末条记录编号</td><td><span class="large">${chain.head.id}</span></td></tr>
      <tr><td class="label">链值（前 16 位）</td><td><span class="groups large">${link.short}</span></td></tr>
      <tr><td class="label">链值（其余）</td><td class="long-code">${link.rest}</td></tr>
    </tbody></table>
    <h2>二、如何核对</h2>
    <p class="plain">日后在“设置 › 审计日志 › 核对凭证”中输入上面的记录编号和链值前 16 位（或由信息技术人员运行 <span class="nowrap">haven check --anchor 编号:链值</span>），即可确认到该条为止的审计日志未被删改。若显示“已不存在”或“链值不同”，说明日志被截短或改写，应立即报告单位负责人。</p>
    <p class="plain note">本凭证不含任何人员信息。建议每月打印一次，与纸质台账一同保存，或交上级禁毒办备查。</p>
    ${signatureLines(['打印人', '保管人'])}`;
  return { title, body };
}
