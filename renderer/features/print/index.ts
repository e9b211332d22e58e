/**
 * Printing (打印): a preview of a document the core rendered, then 打印 or 另存为 PDF through the
 * shell. Other screens place `<PrintButton request={…} />` (打印档案, 请假审批表, 报到登记表,
 * 解除/终止记录, 协议书) or drive `usePrintPreview()` from a menu. Importing this module registers
 * its words.
 */

export { PrintButton, type PrintButtonProps } from './PrintButton';
export { usePrintPreview, type PrintPreview } from './usePrintPreview';
export { PrintPreviewModal } from './PrintPreviewModal';
export type { PrintJob, PrintRequest } from './types';
