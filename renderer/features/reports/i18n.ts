import type { Shape } from '../../i18n/shape';

/**
 * Screen words of 统计报表. Every figure states its working definition in one line, because no
 * national document defines these figures exactly (DOMAIN.md). Code lists come from shared/i18n.
 */
export const zhCN = {
  reportsUi: {
    title: '统计报表',
    intro: '本站数据的统计。帮扶人次按所选期间统计；重点关爱、风险等级和措施状态是截至今天的时点数。',
    introSupervisor:
      '各站汇总的统计：按各工作站最近导入的全部档案合计。同一人在两个站都有档案（变更执行地）时，人数、措施状态、风险等级和各项比率只计一次，计在最新措施所在的站；检测、谈话走访、请假、违规和帮扶等记录计在做出记录的站：随档案转来的以前的记录只计在原站。帮扶人次按所选期间统计；重点关爱、风险等级和措施状态是截至今天的时点数。',
    period: {
      label: '统计期间',
      thisMonth: '本月',
      lastMonth: '上月',
      thisYear: '本年',
      custom: '自定义',
      from: '开始日期',
      to: '结束日期',
      range: '{{from}} 至 {{to}}',
    },
    rates: {
      title: '报到率、执行率与戒断巩固率',
      intro: '没有全国统一的计算口径，以下是本软件的工作定义（见每列公式）。报到率按统计期间计；执行率、戒断巩固率是截至 {{asOf}} 的时点数。',
      station: '工作站',
      total: '合计',
      reportIn: '报到率',
      control: '执行率（管控率）',
      consolidation: '戒断巩固率',
      cell: '{{percent}}%（{{numerator}}/{{denominator}}）',
      none: '—（0/0）',
      pending: '另有 {{count}} 人期限未满',
    },
    help: {
      title: '帮扶人次',
      total: '帮扶人次',
      persons: '受帮扶人数',
      formula: '人次 = 未归档人员完成日期在统计期间内、已填写成效的帮扶事项数；人数 = 这些事项涉及的不同人员数。一人接受多项帮扶计多人次。',
      byCategory: '按帮扶类别',
      byCategoryFormula: '各类别人次 = 统计期间内完成的该类别帮扶事项数；各类别之和等于总人次。',
      byDepartment: '按责任部门',
      byDepartmentFormula: '各部门人次 = 统计期间内完成的、由该部门负责的帮扶事项数；各部门之和等于总人次。',
      empty: '统计期间内没有完成的帮扶事项。',
    },
    snapshot: {
      title: '时点数（截至今天）',
    },
    periodReport: {
      title: '期间统计',
      print: '打印统计报表',
      printMonthly: '打印月度工作报表',
      export: '导出 Excel',
      saved: '统计报表已保存：{{path}}',
      asOf: '时点数截至 {{asOf}}。',
    },
    care: {
      title: '重点关爱对象',
      formula: '各类别人数 = 今天在关爱期内（开始日期不晚于今天、未结束）的未归档人员数；一人可属多个类别，各类别之和可能大于人数。',
      empty: '目前没有重点关爱对象。',
    },
    risk: {
      title: '风险等级分布',
      formula: '各等级人数 = 未归档人员中，最近一次风险评估评定为该等级的人数；未评估 = 尚无评估记录；合计 = 未归档人员总数。',
    },
    measures: {
      title: '措施状态',
      formula: '各状态人数 = 未归档人员按其当前（最近登记的）措施的状态计数；无措施 = 尚未登记决定书；合计 = 未归档人员总数。',
    },
    column: {
      item: '项目',
      count: '人数',
      times: '人次',
      share: '占比',
      total: '合计',
    },
    loadFailed: '无法读取统计数据。',
  },
};

export type ReportsMessages = Shape<typeof zhCN>;

export const en: ReportsMessages = {
  reportsUi: {
    title: 'Reports',
    intro: 'Figures of this station. Help given counts in the chosen period; key care, risk levels and measure states are counts as of today.',
    introSupervisor:
      'All stations together: the files of each station as last imported. A person on file at two stations (a change of place) counts once in persons, measure states, risk levels and rates, at the station holding the newest measure; records (tests, talks and visits, leave, violations, help) count at the station that made them: those that came with the file from the station before count there only. Help given counts in the chosen period; key care, risk levels and measure states are counts as of today.',
    period: {
      label: 'Period',
      thisMonth: 'This month',
      lastMonth: 'Last month',
      thisYear: 'This year',
      custom: 'Custom',
      from: 'From',
      to: 'To',
      range: '{{from}} to {{to}}',
    },
    rates: {
      title: 'Report-in, control and abstinence rates',
      intro: 'No national document defines these rates exactly; these are Haven’s working definitions (formula under each). The report-in rate is for the period; the other two are read on {{asOf}}.',
      station: 'Station',
      total: 'Total',
      reportIn: 'Report-in rate',
      control: 'Control rate (执行率)',
      consolidation: 'Consolidation rate (戒断巩固率)',
      cell: '{{percent}}% ({{numerator}}/{{denominator}})',
      none: '— (0/0)',
      pending: '{{count}} still within their 15 days',
    },
    help: {
      title: 'Help given (person-times)',
      total: 'Person-times',
      persons: 'Persons helped',
      formula: 'Person-times = help items of persons not archived done in the period (done date in the period, outcome recorded); persons = distinct persons of those items. One person helped twice counts twice.',
      byCategory: 'By category',
      byCategoryFormula: 'Per category = help items of that category done in the period; the categories add up to the total.',
      byDepartment: 'By department',
      byDepartmentFormula: 'Per department = help items done in the period with that department responsible; the departments add up to the total.',
      empty: 'No help item was done in the period.',
    },
    snapshot: {
      title: 'Counts as of today',
    },
    periodReport: {
      title: 'Figures of the period',
      print: 'Print the figures',
      printMonthly: 'Print the monthly report',
      export: 'Export to Excel',
      saved: 'Figures saved: {{path}}',
      asOf: 'Counts on the day as of {{asOf}}.',
    },
    care: {
      title: 'Key-care persons',
      formula: 'Per category = persons not archived with a flag in force today (since today or earlier, not ended); one person may be in several categories, so the sum may exceed the persons.',
      empty: 'No one is in a key-care category now.',
    },
    risk: {
      title: 'Risk levels',
      formula: 'Per level = persons not archived whose latest assessment set that level; unassessed = no assessment yet; total = persons not archived.',
    },
    measures: {
      title: 'Measure states',
      formula: 'Per state = persons not archived by the state of their current (latest registered) measure; none = no decision registered; total = persons not archived.',
    },
    column: {
      item: 'Item',
      count: 'Persons',
      times: 'Times',
      share: 'Share',
      total: 'Total',
    },
    loadFailed: 'Could not read the figures.',
  },
};
