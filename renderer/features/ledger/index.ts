/**
 * 人员台账 in and out of Excel: the import screen (选择文件 → 表头与列 → 核对 → 完成), the person
 * list's export and the worklist's export. The core reads and writes the files (ledger:* channels).
 */

export { LedgerImportPage } from './LedgerImportPage';
export { LedgerExportButton } from './LedgerExportButton';
export { WorklistExportButton } from './WorklistExportButton';
