import { chinaTime } from '../../../shared/domain/dates';
import { join } from 'node:path';
import { translate } from '../../../shared/i18n/translate';
import { listAudit, type AuditQuery } from '../kernel/audit';
import type { Db } from '../kernel/db/database';
import { openSheetWriter, safeFileName } from '../kernel/xlsxWrite';

/** Rows read per query while writing: the file grows, memory does not. */
const PAGE = 2000;

/**
 * The audit log (as filtered on the screen) as a spreadsheet: each event's number, China time, the
 * user, the action in words and the person with the ID number masked. Details are left out: they
 * are the app's own bookkeeping, and a spreadsheet travels further than the app.
 */
export async function writeAuditWorkbook(
  db: Db,
  folder: string,
  stationCode: string,
  query: Omit<AuditQuery, 'limit' | 'beforeId'>,
  locale: 'zh-CN' | 'en',
  meta: { creator: string; created: Date; stamp: string },
): Promise<{ fileName: string; rows: number }> {
  const t = (key: string) => translate(locale, key);
  const zh = locale === 'zh-CN';
  const fileName = safeFileName(`${stationCode}-${zh ? '审计日志' : 'audit-log'}-${meta.stamp}.xlsx`);
  const sheet = openSheetWriter(
    join(folder, fileName),
    zh ? '审计日志' : 'Audit log',
    [
      { header: zh ? '记录号' : 'No.', width: 10 },
      { header: zh ? '时间（北京时间）' : 'Time (China)', width: 20, text: true },
      { header: zh ? '用户' : 'User', width: 22 },
      { header: zh ? '操作' : 'Action', width: 28 },
      { header: zh ? '人员' : 'Person', width: 30 },
    ],
    meta,
  );
  let rows = 0;
  let beforeId: number | undefined;
  for (;;) {
    const page = listAudit(db, { ...query, limit: PAGE, ...(beforeId ? { beforeId } : {}) });
    for (const e of page) {
      const label = t(`audit.actions.${e.action}`);
      sheet.add([
        e.id,
        chinaTime(e.at, true),
        e.actorName ? `${e.actorName}（${e.actor ?? ''}）` : (e.actor ?? (zh ? '系统' : 'System')),
        label === `audit.actions.${e.action}` ? e.action : label,
        e.person ? `${e.person.name}（${e.person.idMasked}）` : null,
      ]);
      rows++;
    }
    if (page.length < PAGE) break;
    beforeId = page.at(-1)!.id;
  }
  await sheet.finish();
  return { fileName, rows };
}
