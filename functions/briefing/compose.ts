import type { CommitteeSector } from '#community/model.ts';
import { formatFen, formatFenInWords } from '#core/money.ts';
import { AQT_ELEMENT_NAMES } from '#evidence/model.ts';
import type { MaterialKind } from '#training/model.ts';
import {
  ACTIVITY_KIND_LABELS,
  CATEGORY_LABELS,
  CAUSE_LABELS,
  INTERVENTION_KIND_LABELS,
  LEVEL_LABELS,
  STAGE_LABELS,
} from '#analytics/export.ts';
import { type BriefingFigures, DUE_WITHIN_MONTHS, MAX_DUE_LINES, MAX_NAMED_LINES, type NamedProject } from './figures.ts';
import { BRIEFING_TITLE, type BriefingBlock, type BriefingDocument, type BriefingRequest, type BriefingSection, chineseDate, chineseOrdinal, periodName } from './model.ts';

/**
 * The briefing's text from its figures: the sections of the offices' own briefings, each figure
 * said once in prose (as 篇8 says "全区事故起数、死亡人数、受伤人数、经济损失分别同比下降12.1%、8.9%、
 * 14.6%、10.7%") and, where there are many, in a table. Pure: the same figures give the same text.
 */

export const MATERIAL_LABELS: Readonly<Record<MaterialKind, { name: string; unit: string }>> = {
  LEAFLET: { name: '宣传资料', unit: '份' },
  POSTER: { name: '宣传画', unit: '张' },
  CALENDAR: { name: '挂历', unit: '套' },
  HANDBOOK: { name: '手册', unit: '份' },
  BANNER: { name: '横幅', unit: '条' },
  BROADCAST: { name: '广播节目', unit: '期' },
  VIDEO: { name: '宣传片', unit: '部' },
  OTHER: { name: '其他材料', unit: '份' },
};

export const SECTOR_LABELS: Readonly<Record<CommitteeSector, string>> = {
  GOVERNMENT: '党委政府',
  SAFETY_SUPERVISION: '安监',
  POLICE: '公安',
  FIRE: '消防',
  HEALTH: '卫生',
  EDUCATION: '教育',
  TRANSPORT: '交通',
  POWER_SUPPLY: '供电',
  AGRICULTURE: '农业农机',
  CIVIL_AFFAIRS: '民政',
  ENTERPRISE: '企业',
  VOLUNTEERS: '志愿者',
  RESIDENTS: '居（村）委会',
  MEDIA: '宣传',
  OTHER: '其他',
};

const SUB_NUMERALS = ['（一）', '（二）', '（三）', '（四）', '（五）', '（六）'] as const;

/** The default issuing office: the region's safety committee office, or the community's promotion committee office. */
export function defaultOffice(figures: BriefingFigures): string {
  if (figures.subject.kind === 'COMMUNITY') return `${figures.subject.name}安全社区促进委员会办公室`;
  return `${regionTitle(figures)}安全生产委员会办公室`;
}

/** 菏泽市牡丹区 for a county (its city before it), 山东省 for a province. */
function regionTitle(figures: BriefingFigures): string {
  const region = figures.subject.region;
  return region.level === 'PROVINCE' || region.level === 'CITY' ? region.name : `${figures.subject.parentName ?? ''}${region.name}`;
}

export function composeBriefing(figures: BriefingFigures, request: Pick<BriefingRequest, 'issue' | 'office' | 'issuedOn' | 'period'>): BriefingDocument {
  const whole = figures.subject.kind === 'REGION' ? '全区' : '本社区';
  const sections: BriefingSection[] = [progress(figures, whole), committee(figures, whole), projects(figures), publicity(figures), incidents(figures, whole), nextSteps(figures, request.issuedOn)].map(
    (section, index) => ({ ...section, heading: `${chineseOrdinal(index + 1)}、${section.heading}` }),
  );
  return {
    title: BRIEFING_TITLE,
    issueLine: `${request.period.year}年第${request.issue}期`,
    office: request.office ?? defaultOffice(figures),
    dateLine: chineseDate(request.issuedOn),
    headline: `${figures.subject.kind === 'REGION' ? regionTitle(figures) : figures.subject.name}${periodName(figures.period)}安全社区创建工作情况`,
    sections,
    note: `说明：本简报由安全社区创建平台根据${figures.subject.kind === 'REGION' ? '统计接口的同一汇总' : '本社区的创建记录'}生成。统计期间${figures.period.from}至${figures.period.to}；同比为与上年同期（${figures.yearEarlier.from}至${figures.yearEarlier.to}）相比，上年同期为零时不作比较；金额单位为元。`,
  };
}

type Composed = Omit<BriefingSection, 'heading'> & { heading: string };

const paragraph = (text: string): BriefingBlock => ({ kind: 'paragraph', text });

/** "A、B和C" */
function joined(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join('、')}和${items.at(-1)}`;
}

/** At most MAX_NAMED_LINES items, and "等N个" said when there are more. */
function capped<T>(items: readonly T[], limit = MAX_NAMED_LINES): { shown: readonly T[]; more: number } {
  return { shown: items.slice(0, limit), more: Math.max(0, items.length - limit) };
}

function progress(figures: BriefingFigures, whole: string): Composed {
  const blocks: BriefingBlock[] = [];
  const stages = figures.communities.byStage.filter((row) => row.count > 0);
  if (figures.subject.kind === 'COMMUNITY') {
    const stage = figures.subject.community?.stage;
    blocks.push(paragraph(`${figures.subject.name}目前处于“${stage ? STAGE_LABELS[stage] : '未知'}”阶段${figures.subject.community?.launchedOn ? `，于${chineseDate(figures.subject.community.launchedOn)}启动创建` : ''}。`));
  } else {
    blocks.push(
      paragraph(
        figures.communities.total === 0
          ? `${whole}尚无登记的安全社区创建单位。`
          : `截至目前，${whole}共有安全社区创建单位${figures.communities.total}个，其中${stages.map((row) => `${STAGE_LABELS[row.stage]}${row.count}个`).join('、')}。`,
      ),
    );
  }
  const designations = figures.certifications.filter((row) => row.designations > 0 || row.reDesignations > 0 || row.applications > 0);
  blocks.push(
    paragraph(
      designations.length === 0
        ? `${periodName(figures.period)}，${whole}无新的申报和命名。`
        : `${periodName(figures.period)}，${designations
            .map((row) =>
              [
                row.applications > 0 ? `申报${LEVEL_LABELS[row.level]}${row.applications}个` : '',
                row.designations > 0 ? `新命名${LEVEL_LABELS[row.level]}${row.designations}个` : '',
                row.reDesignations > 0 ? `${LEVEL_LABELS[row.level]}复评通过${row.reDesignations}个` : '',
              ]
                .filter(Boolean)
                .join('，'),
            )
            .join('；')}。`,
    ),
  );
  if (figures.subject.kind === 'REGION' && figures.designatedNames && figures.designatedNames.length > 0) {
    const { shown, more } = capped(figures.designatedNames, 30);
    blocks.push(paragraph(`已命名的创建单位：${shown.join('、')}${more > 0 ? `等${figures.designatedNames.length}个` : ''}。`));
  }
  return { heading: '创建工作进展', blocks };
}

function committee(figures: BriefingFigures, whole: string): Composed {
  const committees = figures.committees;
  if (!committees) {
    return { heading: '安全社区促进委员会', blocks: [paragraph(`${whole}创建单位较多，各单位促进委员会的组成见其简报。`)] };
  }
  if (committees.withCommittee === 0) {
    return { heading: '安全社区促进委员会', blocks: [paragraph(`${whole}尚未登记安全社区促进委员会，下一步应按照“一把手工程”要求尽快成立跨部门的促进委员会。`)] };
  }
  const blocks: BriefingBlock[] = [];
  const sectors = committees.sectors.map((row) => `${SECTOR_LABELS[row.sector]}${figures.subject.kind === 'REGION' ? `（${row.communities}个单位）` : ''}`);
  blocks.push(
    paragraph(
      figures.subject.kind === 'REGION'
        ? `${whole}${committees.communities}个创建单位中，${committees.withCommittee}个成立了安全社区促进委员会，共有成员单位${committees.members}个，下设工作组${committees.workingGroups}个。成员来自${joined(sectors)}等部门，形成跨部门合作、齐抓共管的工作格局。`
        : `${figures.subject.name}成立了由${committees.examples[0]?.chairUnit ?? '主要负责人'}牵头的安全社区促进委员会，共有成员单位${committees.members}个，下设工作组${committees.workingGroups}个，成员来自${joined(sectors)}等部门。`,
    ),
  );
  const groups = committees.examples.flatMap((example) => example.workingGroups);
  if (figures.subject.kind === 'COMMUNITY' && groups.length > 0) {
    blocks.push(paragraph(`工作组：${groups.join('、')}。`));
  }
  if (figures.subject.kind === 'REGION' && committees.examples.length > 0) {
    blocks.push({
      kind: 'list',
      items: committees.examples.map(
        (example) => `${example.community}：${example.chairUnit}任主任单位，成员单位${example.members}个${example.workingGroups.length > 0 ? `，设${example.workingGroups.join('、')}等工作组` : ''}。`,
      ),
    });
  }
  return { heading: '安全社区促进委员会', blocks };
}

function projectLine(project: NamedProject, region: boolean): string {
  return `“${project.name}”（${region ? `${project.community}，` : ''}${CATEGORY_LABELS[project.category]}，${chineseDate(project.startOn)}启动${project.closedOn ? `，${chineseDate(project.closedOn)}结项` : ''}）`;
}

function projects(figures: BriefingFigures): Composed {
  const p = figures.projects;
  const region = figures.subject.kind === 'REGION';
  const blocks: BriefingBlock[] = [
    paragraph(
      `目前共有安全促进项目${p.projects}个、干预措施${p.interventions}项。${periodName(figures.period)}新启动项目${p.started}个，结项${p.closed}个，完成干预措施${p.interventionsCompleted}项。`,
    ),
  ];
  const categories = p.byCategory.filter((row) => row.projects > 0 || row.started > 0 || row.closed > 0);
  if (categories.length > 0) {
    blocks.push({
      kind: 'table',
      caption: '安全促进项目按类别',
      header: ['类别', '项目（现有）', '干预措施（现有）', '本期启动', '本期结项'],
      rows: [
        ...categories.map((row) => [CATEGORY_LABELS[row.category], String(row.projects), String(row.interventions), String(row.started), String(row.closed)]),
        ['合计', String(p.projects), String(p.interventions), String(p.started), String(p.closed)],
      ],
    });
  }
  const kinds = p.interventionsByKind.filter((row) => row.completed > 0);
  if (kinds.length > 0) blocks.push(paragraph(`本期完成的干预措施中，${kinds.map((row) => `${INTERVENTION_KIND_LABELS[row.kind]}类${row.completed}项`).join('、')}。`));
  if (figures.projectsStarted && figures.projectsStarted.length > 0) {
    const { shown, more } = capped(figures.projectsStarted);
    blocks.push(paragraph(`本期启动的项目${more > 0 ? `（${figures.projectsStarted.length}个，列出前${shown.length}个）` : ''}：`), { kind: 'list', items: shown.map((project) => projectLine(project, region)) });
  }
  if (figures.projectsClosed && figures.projectsClosed.length > 0) {
    const { shown, more } = capped(figures.projectsClosed);
    blocks.push(paragraph(`本期结项的项目${more > 0 ? `（${figures.projectsClosed.length}个，列出前${shown.length}个）` : ''}：`), { kind: 'list', items: shown.map((project) => projectLine(project, region)) });
  }
  if (figures.interventionsCompleted && figures.interventionsCompleted.length > 0) {
    const { shown, more } = capped(figures.interventionsCompleted);
    blocks.push(paragraph(`本期完成的干预措施${more > 0 ? `（${figures.interventionsCompleted.length}项，列出前${shown.length}项）` : ''}：`), {
      kind: 'list',
      items: shown.map((intervention) => `${intervention.description}（${intervention.project}，${INTERVENTION_KIND_LABELS[intervention.kind]}，${chineseDate(intervention.completedOn)}完成）`),
    });
  }
  return { heading: '安全促进项目与干预措施', blocks };
}

function publicity(figures: BriefingFigures): Composed {
  const a = figures.activities;
  const region = figures.subject.kind === 'REGION';
  const blocks: BriefingBlock[] = [];
  const kinds = a.byKind.filter((row) => row.activities > 0);
  const materials = a.materialsByKind.filter((row) => row.copies > 0);
  blocks.push(
    paragraph(
      a.activities === 0
        ? `${periodName(figures.period)}未登记培训、演练和宣传活动。`
        : `${periodName(figures.period)}共开展培训、演练、宣传等活动${a.activities}次，参加${a.attendees}人次，其中${kinds.map((row) => `${ACTIVITY_KIND_LABELS[row.kind]}${row.activities}次（${row.attendees}人次）`).join('、')}。${
            materials.length > 0 ? `发放${materials.map((row) => `${MATERIAL_LABELS[row.kind].name}${row.copies}${MATERIAL_LABELS[row.kind].unit}`).join('、')}，共${a.materials}份（件）。` : ''
          }`,
    ),
  );
  const s = figures.surveys;
  if (s.surveys > 0 && s.awarenessAverage !== null && s.participationAverage !== null) {
    blocks.push(
      paragraph(
        `${s.years.join('、')}年${region ? `${s.surveys}个单位的` : ''}调查显示，安全社区知晓率${region ? '平均' : ''}为${s.awarenessAverage}%，参与率${region ? '平均' : ''}为${s.participationAverage}%${s.satisfactionAverage !== null ? `，满意度${region ? '平均' : ''}为${s.satisfactionAverage}%` : ''}。`,
      ),
    );
  }
  if (figures.namedActivities && figures.namedActivities.length > 0) {
    const { shown } = capped(figures.namedActivities);
    blocks.push(paragraph('主要活动：'), {
      kind: 'list',
      items: shown.map(
        (activity) =>
          `${chineseDate(activity.heldOn)}，${region ? `${activity.community}` : ''}${ACTIVITY_KIND_LABELS[activity.kind]}“${activity.topic}”，参加${activity.attendees}人次${activity.materials > 0 ? `，发放资料${activity.materials}份` : ''}。`,
      ),
    });
  }
  return { heading: '宣传教育与培训', blocks };
}

/** "下降12.1%", "上升3.0%", "持平"; null when the year earlier had none. */
export function changeWords(percent: number | null): string | null {
  if (percent === null) return null;
  if (percent === 0) return '持平';
  return `${percent < 0 ? '下降' : '上升'}${Math.abs(percent).toFixed(1)}%`;
}

function incidents(figures: BriefingFigures, whole: string): Composed {
  const { current, yearEarlier, changePercent } = figures.incidents;
  const metrics = [
    { name: '事故起数', unit: '起', now: String(current.count), before: String(yearEarlier.count), change: changePercent.count },
    { name: '死亡人数', unit: '人', now: String(current.deaths), before: String(yearEarlier.deaths), change: changePercent.deaths },
    { name: '受伤人数', unit: '人', now: String(current.injured), before: String(yearEarlier.injured), change: changePercent.injured },
    { name: '经济损失', unit: '元', now: formatFen(current.economicLoss), before: formatFen(yearEarlier.economicLoss), change: changePercent.economicLoss },
  ];
  const blocks: BriefingBlock[] = [];
  const directions = new Set(metrics.map((metric) => (metric.change === null ? 'none' : metric.change < 0 ? 'down' : metric.change > 0 ? 'up' : 'flat')));
  if (directions.size === 1 && (directions.has('down') || directions.has('up'))) {
    // The briefings' own sentence: every figure moved the same way.
    blocks.push(
      paragraph(
        `${periodName(figures.period)}，${whole}事故起数、死亡人数、受伤人数、经济损失分别同比${directions.has('down') ? '下降' : '上升'}${metrics.map((metric) => `${Math.abs(metric.change as number).toFixed(1)}%`).join('、')}。`,
      ),
    );
  }
  blocks.push(
    paragraph(
      `${periodName(figures.period)}${whole}共发生事故与伤害${current.count}起，死亡${current.deaths}人，受伤${current.injured}人，直接经济损失${formatFenInWords(current.economicLoss)}；${metrics
        .map((metric) => {
          const words = changeWords(metric.change);
          return `${metric.name}${words ? `同比${words}` : '上年同期为零，不作比较'}`;
        })
        .join('，')}。`,
    ),
  );
  blocks.push({
    kind: 'table',
    caption: '事故与伤害同比',
    header: ['指标', '本期', '上年同期', '同比'],
    rows: metrics.map((metric) => [`${metric.name}（${metric.unit}）`, metric.now, metric.before, changeWords(metric.change) ?? '—']),
  });
  const causes = figures.byCause.filter((row) => row.current.count > 0).sort((a, b) => b.current.count - a.current.count).slice(0, 5);
  if (causes.length > 0) {
    blocks.push(
      paragraph(
        `按伤害原因，${causes.map((row) => `${CAUSE_LABELS[row.cause]}${row.current.count}起${changeWords(row.changePercent.count) ? `（同比${changeWords(row.changePercent.count)}）` : ''}`).join('、')}。`,
      ),
    );
  }
  return { heading: '事故与伤害情况', blocks };
}

function nextSteps(figures: BriefingFigures, issuedOn: string): Composed {
  const blocks: BriefingBlock[] = [];
  const due = figures.dueReReviews;
  if (due.length === 0) {
    blocks.push(paragraph(`${SUB_NUMERALS[0]}复评。自${chineseDate(issuedOn)}起${DUE_WITHIN_MONTHS}个月内无到期的复评。`));
  } else {
    const more = figures.dueReReviewCount > MAX_DUE_LINES ? `（超过${MAX_DUE_LINES}个，列出最早的${MAX_DUE_LINES}个）` : '';
    blocks.push(paragraph(`${SUB_NUMERALS[0]}复评。自${chineseDate(issuedOn)}起${DUE_WITHIN_MONTHS}个月内到期或已逾期的复评${due.length}个${more}，请提前准备复评材料：`), {
      kind: 'list',
      items: due.map(
        (line) =>
          `${line.community}（${LEVEL_LABELS[line.level]}），${chineseDate(line.dueOn)}到期，${line.daysLeft < 0 ? `已逾期${-line.daysLeft}天` : line.daysLeft === 0 ? '今日到期' : `还有${line.daysLeft}天`}。`,
      ),
    });
  }
  const weakest = figures.weakest.elements.slice(0, 3);
  const source =
    figures.weakest.source === 'LATEST_SELF_ASSESSMENT'
      ? `最近一次自评${figures.weakest.submittedOn ? `（${chineseDate(figures.weakest.submittedOn)}提交）` : ''}`
      : `${periodName(figures.period)}提交的自评`;
  blocks.push(
    paragraph(
      weakest.length === 0
        ? `${SUB_NUMERALS[1]}薄弱环节。${figures.weakest.source === 'LATEST_SELF_ASSESSMENT' ? '尚无已提交的自评' : `${periodName(figures.period)}无已提交的自评`}，下一步应对照AQ/T 9001要素开展自评。`
        : `${SUB_NUMERALS[1]}薄弱环节。${source}中得分率最低的要素为${joined(weakest.map((row) => `“${AQT_ELEMENT_NAMES[row.element]}”（${row.percent.toFixed(1)}%）`))}，下一步将作为重点加以改进。`,
    ),
  );
  return { heading: '下一步工作', blocks };
}
