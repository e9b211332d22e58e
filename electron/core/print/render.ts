import dayjs from 'dayjs';
import { isIsoDate } from '../../../shared/domain/dates';
import type { Ops } from '../kernel/ops';
import { requirePerson } from '../kernel/records';
import type { Html } from './html';
import { renderPage } from './layout';
import { agreementBody } from './documents/agreement';
import { caseFileBody } from './documents/caseFile';
import { leaveFormBody } from './documents/leaveForm';
import { measureEndBody } from './documents/measureEnd';
import { reportInBody } from './documents/reportIn';
import { keySheetBody } from './documents/keySheet';
import { auditReceiptBody } from './documents/auditReceipt';
import { accessHistoryBody } from './documents/accessHistory';
import { periodReportBody } from './documents/periodReport';
import { guideBody } from './documents/guide';
import { issuingUnit } from './documents/common';
import { getStation } from '../kernel/settings';
import { monthPeriod, periodReport } from '../reports/service';
import { HavenError } from '../../../shared/ipc/errors';

export type PrintRequest =
  | { document: 'caseFile'; personId: number }
  | { document: 'agreement'; agreementId: number }
  | { document: 'leaveForm'; leaveId: number }
  | { document: 'reportIn'; measureId: number }
  | { document: 'measureEnd'; measureId: number }
  | { document: 'keySheet' }
  | { document: 'auditReceipt' }
  | { document: 'accessHistory'; personId: number }
  | { document: 'periodReport'; from: string; to: string }
  | { document: 'monthlyReport'; month: string }
  | { document: 'guide' };

/** Renders a document as a complete HTML page and records the printout in the audit log. */
export function renderDocument(ops: Ops, request: PrintRequest, fontsRoot?: string): { title: string; html: string; fileName: string } {
  let rendered: { title: string; body: Html; personId: number | null };
  let style: 'letter' | 'form' = 'form';
  switch (request.document) {
    case 'caseFile':
      requirePerson(ops, request.personId);
      rendered = { ...caseFileBody(ops.db, request.personId, ops.today), personId: request.personId };
      break;
    case 'agreement':
      rendered = agreementBody(ops.db, request.agreementId);
      style = 'letter';
      break;
    case 'leaveForm':
      rendered = leaveFormBody(ops.db, request.leaveId);
      break;
    case 'reportIn':
      rendered = reportInBody(ops.db, request.measureId, ops.today);
      break;
    case 'measureEnd':
      rendered = measureEndBody(ops.db, request.measureId, ops.today);
      break;
    case 'keySheet':
      rendered = { ...keySheetBody(ops), personId: null };
      break;
    case 'auditReceipt':
      rendered = { ...auditReceiptBody(ops), personId: null };
      break;
    case 'periodReport':
    case 'monthlyReport': {
      const { from, to } = request.document === 'monthlyReport' ? monthPeriod(request.month) : request;
      if (!isIsoDate(from) || !isIsoDate(to) || from > to) throw new HavenError('VALIDATION', { fields: { to: 'validation.endBeforeStart' } });
      rendered = { ...periodReportBody(periodReport(ops.db, from, to, ops.today), request.document === 'monthlyReport' ? request.month : null), personId: null };
      break;
    }
    case 'guide':
      rendered = { ...guideBody(getStation(ops.db), 'zh-CN'), personId: null };
      break;
    case 'accessHistory':
      requirePerson(ops, request.personId);
      rendered = { ...accessHistoryBody(ops.db, request.personId), personId: request.personId };
      break;
  }
  const printedAt = dayjs(ops.now.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
  const html = renderPage(
    { title: rendered.title, jobTitle: jobTitle(ops, rendered.title, rendered.personId), style, printedBy: ops.actor.displayName ?? ops.actor.username ?? '', printedAt, fontsRoot },
    rendered.body,
  );
  ops.audit({
    action: `print.${request.document}`,
    entity: rendered.personId === null ? 'station' : 'person',
    entityId: rendered.personId ?? undefined,
    details: { ...request, title: rendered.title },
  });
  return { title: rendered.title, html, fileName: pdfFileName(ops, rendered.title, rendered.personId) };
}

/**
 * A person's document as the print queue names it: the document and the file's number, never the
 * person's name (请假审批表（张三） → 请假审批表（JS-NJ-01-000123）). The queue's list and the OS's
 * print log are read by whoever looks at the printer, not only by staff.
 */
function jobTitle(ops: Ops, title: string, personId: number | null): string {
  if (personId === null) return title;
  const name = ops.db.prepare('SELECT name FROM persons WHERE id = ?').pluck().get(personId) as string | undefined;
  const fileNo = issuingUnit(ops.db, personId).fileNo;
  const bare = name ? title.replaceAll(`（${name}）`, '').replaceAll(name, '') : title;
  return `${bare}（${fileNo}）`;
}

/**
 * The saved PDF's default name: the document, the person's name (when the title does not carry it
 * already) and the day printed, e.g. 社区戒毒协议书（张三）_2026-03-02. No character a file system refuses.
 */
export function pdfFileName(ops: Ops, title: string, personId: number | null): string {
  const name = personId === null ? null : (ops.db.prepare('SELECT name FROM persons WHERE id = ?').pluck().get(personId) as string | undefined);
  const named = name && !title.includes(name) ? `${title}（${name}）` : title;
  return [...`${named}_${ops.today}`].map((ch) => (ch.charCodeAt(0) < 0x20 || '\\/:*?"<>|'.includes(ch) ? '_' : ch)).join('');
}
