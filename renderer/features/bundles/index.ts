/**
 * 导入导出 (export bundles at a station, imports at a supervisor; BUNDLE.md). Importing this
 * module registers its words.
 */

export { TransferPage } from './TransferPage';
export { TransferExportButton } from './TransferExportButton';
