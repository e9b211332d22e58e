import type { Db } from '../../kernel/db/database';
import { getAgreement } from '../../agreements/service';
import { html, paragraphs, type Html } from '../html';
import { cnDate, issuingUnit, sealLine, signatureLines, withFingerprint } from './common';

/** 社区戒毒/康复协议书: exactly the stored text (signed or draft), then the signature lines and the seal line of the station that is party 甲方. */
export function agreementBody(db: Db, agreementId: number): { title: string; body: Html; personId: number } {
  const agreement = getAgreement(db, agreementId);
  const status =
    agreement.status === 'signed'
      ? html`<p class="plain note">已于${cnDate(agreement.signedOn)}签订。文本校验值 SHA-256：${agreement.sha256}</p>`
      : agreement.status === 'voided'
        ? html`<p class="plain note">本协议已于${cnDate(agreement.voidedOn)}作废：${agreement.voidReason}。文本校验值 SHA-256：${agreement.sha256}</p>`
        : html`<p class="plain note">文本校验值 SHA-256：${agreement.sha256}</p>`;
  const body = html`<h1 class="title">${agreement.title}</h1>
    ${paragraphs(agreement.text)}
    ${signatureLines([withFingerprint('甲方（工作站）经办人'), withFingerprint('乙方'), withFingerprint('乙方家属')])}
    ${sealLine(`甲方：${issuingUnit(db, agreement.personId).name}`)}
    ${status}`;
  return { title: agreement.title, body, personId: agreement.personId };
}
