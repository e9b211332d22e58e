import type { Ops } from '../../kernel/ops';
import { keySheet } from '../../kernel/identity/ownKeys';
import { html, type Html } from '../html';
import { fieldTable, signatureLines } from './common';

/**
 * 密钥单: the station's (or supervisor's) public signing key and age recipient with the
 * fingerprints a person compares by eye before trusting a bundle or entering a recipient.
 * Public keys only: nothing on it opens any data.
 */
export function keySheetBody(ops: Ops): { title: string; body: Html } {
  const sheet = keySheet(ops);
  const isSupervisor = sheet.station.mode === 'supervisor';
  const title = `${isSupervisor ? '接收方' : '工作站'}密钥单`;
  // Eight groups at 14 pt are wider than the cell: the fingerprint breaks in the middle, four
  // groups a line, to be read off in halves; never inside a group (cells otherwise break anywhere).
  const groups = (g: string[]) => {
    const half = Math.ceil(g.length / 2);
    return html`<span class="groups"><span class="nowrap">${g.slice(0, half).join('　')}</span>　<span class="nowrap">${g.slice(half).join('　')}</span></span>`;
  };
  const body = html`<h1 class="title">${title}</h1>
    ${fieldTable([
      [['单位名称', sheet.station.name], ['单位代码', sheet.station.code]],
    ])}
    <h2>一、签名公钥（核对数据包来源）</h2>
    <p class="plain">上级禁毒办首次导入本单位的数据包时，须将导入界面显示的指纹与下列指纹逐组核对，一致后方可确认。</p>
    <table><tbody>
      <tr><td class="label">指纹</td><td>${groups(sheet.fingerprintGroups)}</td></tr>
      <tr><td class="label">密钥编号</td><td>${sheet.keyId}</td></tr>
      <tr><td class="label">公钥（minisign）</td><td class="long-code">${sheet.publicKey}</td></tr>
    </tbody></table>
    <h2>二、加密接收地址（age）</h2>
    <p class="plain">${isSupervisor ? '各工作站登记本单位为接收方时，须将其界面显示的指纹与下列指纹逐组核对。' : '其他工作站向本站转移档案时，使用下列接收地址并核对指纹。'}</p>
    <table><tbody>
      <tr><td class="label">指纹</td><td>${groups(sheet.recipientFingerprintGroups)}</td></tr>
      <tr><td class="label">接收地址</td><td class="long-code">${sheet.recipient}</td></tr>
    </tbody></table>
    <p class="plain note">本单只含公开的密钥信息，不能用于打开任何数据；请与核对方当面或通过电话逐组核对指纹。</p>
    ${signatureLines(['交付人', '核对人'])}`;
  return { title, body };
}
