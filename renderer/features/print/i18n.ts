import type { Shape } from '../../i18n/shape';

/**
 * Screen words of the print preview (打印预览), merged into the app's `translation` namespace
 * when this module is first imported. Also the audit log's words for printouts, so that
 * 设置 › 审计日志 names them.
 */
export const zhCN = {
  printUi: {
    preview: '打印预览',
    title: '打印预览：{{title}}',
    rendering: '正在生成打印内容…',
    failed: '无法生成打印内容。',
    retry: '重新生成',
    print: '打印',
    savePdf: '另存为 PDF',
    audited: '打印记录将写入审计日志（打印人、时间和文件名称）。',
    paged: '预览为连续版式；页码和“打印人、打印时间”在打印时加在每一页的页脚和页眉。',
    frameTitle: '打印内容预览',
    printed: '已发送到打印机。',
    printCancelled: '已取消打印。',
    saved: '已保存为 PDF：{{path}}',
    saveCancelled: '已取消。',
  },
  audit: {
    actions: {
      print: {
        caseFile: '打印个人档案',
        agreement: '打印协议书',
        leaveForm: '打印请假审批表',
        reportIn: '打印报到登记表',
        measureEnd: '打印解除（终止）记录',
        stationKeySheet: '打印工作站密钥单',
      },
    },
  },
};

export type PrintMessages = Shape<typeof zhCN>;

export const en: PrintMessages = {
  printUi: {
    preview: 'Print preview',
    title: 'Print preview: {{title}}',
    rendering: 'Preparing the document…',
    failed: 'The document could not be prepared.',
    retry: 'Prepare again',
    print: 'Print',
    savePdf: 'Save as PDF',
    audited: 'Printing is recorded in the audit log (who, when and which document).',
    paged: 'The preview is one continuous sheet; page numbers and the “printed by” line are added to every page when printed.',
    frameTitle: 'Preview of the document',
    printed: 'Sent to the printer.',
    printCancelled: 'Printing cancelled.',
    saved: 'Saved as PDF: {{path}}',
    saveCancelled: 'Cancelled.',
  },
  audit: {
    actions: {
      print: {
        caseFile: 'Printed a case file',
        agreement: 'Printed an agreement',
        leaveForm: 'Printed a leave form',
        reportIn: 'Printed a report-in registration',
        measureEnd: 'Printed a completion/termination record',
        stationKeySheet: 'Printed the station key sheet',
      },
    },
  },
};
