import { chinaDay } from '../../../../shared/domain/dates';
import { maskIdNumber } from '../../../../shared/domain/idNumber';
import { citationLabel, type CitationId } from '../../../../shared/domain/law';
import { listAbsences } from '../../absences/service';
import { listAgreements } from '../../agreements/service';
import { listCareFlags } from '../../keyCare/service';
import { cleanStatus } from '../../clean/service';
import { listContacts } from '../../contacts/service';
import type { Db } from '../../kernel/db/database';
import { listTests } from '../../tests/service';
import { listPlans } from '../../help/service';
import { listLeaves } from '../../leaves/service';
import { measuresOfPerson, toMeasureDetail } from '../../measures/repo';
import { findPersonRow, rowToPersonData, rowToPersonDetail } from '../../persons/repo';
import { listAssessments } from '../../risk/service';
import { listViolations } from '../../violations/service';
import { html, type Html } from '../html';
import { cnDate, creditedText, fieldTable, issuingUnit, listTable, t } from './common';

/** 个人档案: cover, basic information, measures and history, agreements, working group, records, risk, help. ID masked. */
export function caseFileBody(db: Db, personId: number, today: string): { title: string; body: Html } {
  const row = findPersonRow(db, personId);
  if (!row) throw new Error('person not found');
  const person = rowToPersonData(row);
  const unit = issuingUnit(db, personId);
  // AL art. 39's circumstances as the screen derives them on the day: the flag alone says nothing
  // of whether the infant is still under one, and under 16 comes from the birth date.
  const detail = rowToPersonDetail(row, today, []);
  const circumstances = [
    person.pregnant ? '怀孕' : '',
    detail.breastfeedingActive && detail.breastfeedingUntil ? `哺乳不满一周岁婴儿（至${cnDate(detail.breastfeedingUntil)}）` : '',
    detail.under16 ? '不满十六周岁' : '',
  ].filter(Boolean);
  const measures = measuresOfPerson(db, personId).map((m) => toMeasureDetail(db, m, today));
  const list = (items: string[]) => (items.length ? items.join('、') : '—');
  const title = `个人档案（${person.name}）`;

  const cover = html`<section class="cover">
    <h1>个　人　档　案</h1>
    <table><tbody>
      <tr><td class="label">姓　　名</td><td>${person.name}</td></tr>
      <tr><td class="label">档案编号</td><td>${unit.fileNo}</td></tr>
      <tr><td class="label">建档单位</td><td>${unit.name}</td></tr>
      <tr><td class="label">建档日期</td><td>${chinaDay(new Date(row.created_at))}</td></tr>
    </tbody></table>
    <p class="plain secret">内部资料　注意保密　未经批准不得复制、外传</p>
  </section>`;

  const basic = fieldTable([
    [['姓名', person.name], ['曾用名', person.formerNames]],
    [['性别', t(`ref.gender.${row.gender}`)], ['出生日期', row.birth_date]],
    [['公民身份号码', maskIdNumber(row.id_number)], ['民族', person.ethnicity]],
    [['联系电话', person.phone], ['婚姻状况', person.maritalStatus ? t(`ref.marital.${person.maritalStatus}`) : '']],
    [['文化程度', person.education ? t(`ref.education.${person.education}`) : ''], ['就业情况', person.employment ? t(`ref.employment.${person.employment}`) : '']],
    // At a supervisor the staff member is the station's, known by name only (as the screen shows it).
    [['工作单位', person.employer], ['责任社工', row.staff_name ?? row.origin_staff_name ?? '']],
    [['户籍地', person.householdAddress], ['现居住地', person.residenceAddress]],
    [['风险等级', row.risk_level ? t(`supervision.riskLevel.${row.risk_level}`) : t('supervision.riskLevel.unassessed')], ['特殊情形', list(circumstances)]],
  ]);

  const history = person.drugHistory;
  const drugs = fieldTable([
    [['滥用物质', list(history.substances.map((s) => t(`ref.substance.${s}`)))], ['方式', history.method ? t(`ref.method.${history.method}`) : '']],
    [['首次发现使用日期', history.firstUseDate], ['既往戒毒次数', history.priorEpisodes]],
    [['既往措施', history.priorMeasures], ['', '']],
  ]);

  const family = listTable(
    ['姓名', '关系', '电话', '地址'],
    person.familyContacts.map((c) => [c.name, t(`ref.relation.${c.relation}`), c.phone, c.address]),
    undefined,
    [1, 2],
  );

  const measureTables = measures.map((m) => {
    const credit = creditedText(m.creditedDays);
    return html`<h2>${t(`measure.kind.${m.kind}`)}（${t(`measure.status.${m.status}`)}）</h2>
      ${fieldTable([
        [['决定书文号', m.decisionNumber], ['决定机关', m.decisionAuthority]],
        [['决定日期', m.decisionDate], ['送达日期', m.deliveryDate]],
        [['报到日期', m.reportInDate], ['期限', `${m.termMonths} 个月`]],
        [['预计期满', m.plannedEnd], ['中止天数', m.suspendedDays]],
        ...(credit ? [[['期限折抵', credit]] as [string, unknown][]] : []),
      ])}
      ${listTable(['日期', '事项', '原因', '经办'], m.events.map((e) => [e.date, t(`measure.action.${e.action}`), [e.reasonCode ? t(`measure.${e.action === 'suspend' ? 'suspensionReason' : 'terminationReason'}.${e.reasonCode}`) : '', e.reason, e.destination].filter(Boolean).join('；'), e.userName]), undefined, [0, 1])}
      <p class="plain"><b>工作小组：</b>${m.workingGroup.length ? m.workingGroup.map((g) => `${t(`measure.groupRole.${g.role}`)} ${g.name}${g.phone ? `（${g.phone}）` : ''}`).join('；') : '—'}</p>`;
  });

  // A supervisor's copy of an agreement has no template (its template_id does not travel): no version to name.
  const agreements = listTable(
    ['协议', '状态', '签订日期', '文本校验值（SHA-256 前 16 位）'],
    listAgreements(db, personId).map((a) => [a.templateId === null ? a.title : `${a.title}（模板第 ${a.templateVersion} 版）`, a.status === 'signed' ? '已签订' : a.status === 'voided' ? `已作废：${a.voidReason}` : '草稿', a.signedOn, a.sha256.slice(0, 16)]),
    undefined,
    [2, 3],
  );

  const tests = listTable(
    ['日期', '样本', '方式', '结果', '检测人', '地点'],
    listTests(db, personId).map((x) => [x.date, t(`supervision.sample.${x.sample}`), t(`supervision.mode.${x.mode}`), `${t(`supervision.result.${x.result}`)}${x.substances.length ? `（${x.substances.map((s) => t(`ref.substance.${s}`)).join('、')}）` : ''}`, x.tester, x.place]),
    undefined,
    [0, 1, 2],
  );
  const contacts = listTable(
    ['日期', '形式', '工作人员', '情况摘要', '下一步'],
    listContacts(db, personId).map((c) => [c.date, t(`supervision.contactKind.${c.kind}`), c.staff, c.summary, c.nextStep]),
    undefined,
    [0, 1],
  );
  const leaves = listTable(
    ['起止日期', '天数', '去向', '事由', '状态', '销假'],
    listLeaves(db, personId).map((l) => [`${l.startDate} 至 ${l.endDate}`, l.days, [l.province, l.city, l.county].join(''), l.reason, t(`supervision.leaveStatus.${l.status}`), l.returnedOn]),
    undefined,
    [1, 4, 5],
  );
  const absences = listTable(
    ['起止日期', '天数', '发现途径', '备注'],
    listAbsences(db, personId, today).map((a) => [`${a.fromDate} 至 ${a.toDate ?? '未返回'}`, a.days, t(`supervision.discovered.${a.discovered}`), a.notes]),
    undefined,
    [1],
  );
  const violations = listTable(
    ['日期', '程度', '情况', '依据', '报告公安机关'],
    listViolations(db, personId).map((v) => [v.date, t(`supervision.severity.${v.severity}`), v.description, v.article ? citationLabel(v.article as CitationId) : '', v.reportedToPoliceOn ? `${v.reportedToPoliceOn}（${v.reportedTo}）` : v.severity === 'serious' ? '尚未报告' : '']),
    undefined,
    [0, 1],
  );
  const risks = listTable(
    ['日期', '得分', '建议等级', '评定等级', '调整理由', '下次评估'],
    listAssessments(db, personId).map((r) => [r.date, r.score, t(`supervision.riskLevel.${r.suggestedLevel}`), t(`supervision.riskLevel.${r.level}`), r.overrideReason, r.nextDueDate]),
    undefined,
    [0, 1, 2, 3, 5],
  );
  const care = listTable(
    ['类别', '起始', '截止', '说明'],
    listCareFlags(db, personId).map((c) => [t(`care.category.${c.category}`), c.since, c.until, c.note]),
    undefined,
    [0, 1, 2],
  );
  const plans = listPlans(db, personId);
  const help = plans.length
    ? plans.map(
        (p) => html`<p class="plain"><b>帮扶方案（${t(`help.planStatus.${p.status}`)}）：</b>${p.goals}；需求：${p.needs.map((n) => t(`help.category.${n}`)).join('、')}</p>
        ${listTable(['类别', '责任部门', '内容', '计划日期', '完成日期', '成效'], p.items.map((i) => [t(`help.category.${i.category}`), t(`help.department.${i.department}`), i.description, i.plannedDate, i.doneDate, i.outcome]), undefined, [0, 3, 4])}`,
      )
    : [html`<p class="plain">无记录</p>`];
  const clean = cleanStatus(db, personId, today);

  const body = html`${cover}
    <h1 class="title">个人档案</h1>
    <h2>一、基本情况</h2>${basic}
    <h2>二、滥用史</h2>${drugs}
    <h2>三、家庭成员及联系人</h2>${family}
    <h2>四、措施及执行情况</h2>${measureTables.length ? measureTables : [html`<p class="plain">无记录</p>`]}
    <h2>五、协议</h2>${agreements}
    <h2>六、吸毒检测</h2>${tests}
    <h2>七、帮教谈话与走访</h2>${contacts}
    <h2>八、请假与销假</h2>${leaves}
    <h2>九、擅自离开执行地</h2>${absences}
    <h2>十、违反协议</h2>${violations}
    <h2>十一、风险评估</h2>${risks}
    <h2>十二、重点关爱</h2>${care}
    <h2>十三、帮扶</h2>${help}
    <h2>十四、戒断情况</h2>
    <p class="plain">${clean.cleanSince ? `自${cnDate(clean.cleanSince)}起计算，${cnDate(clean.completesOn)}满三年。` : '—'}${clean.decision ? `已于${cnDate(clean.decision.decidedOn)}决定不再实行动态管控。` : ''}</p>
    <p class="plain note">说明：本档案中公民身份号码已作遮蔽处理；完整号码仅在协议书、报到登记表中打印。</p>`;
  return { title, body };
}
