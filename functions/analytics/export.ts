import { toCsvText } from '#core/csv.ts';
import { formatFen } from '#core/money.ts';
import { type Region, regionPath } from '#region/region-table.ts';
import type { IncidentComparison, IncidentFigures } from './model.ts';
import type { CertificationLevel } from '#certification/model.ts';
import type { CommunityStage } from '#community/model.ts';
import type { ProjectCategory } from '#core/taxonomy.ts';
import type { InterventionKind } from '#project/model.ts';
import type { ActivityKind } from '#training/model.ts';
import { AQT_ELEMENT_NAMES } from '#evidence/model.ts';
import type { PopulationBase } from './creation-figures.ts';
import type { ReviewChainStep, ReviewScoreFigures } from './review-figures.ts';
import type { HazardSourceKind, RiskLevel } from '#hazard/kinds.ts';
import type { HazardFigures } from './creation-figures.ts';
import type {
  AnalyticsService,
  CreationRegionBreakdownModel,
  CreationSummaryModel,
  IncidentRegionBreakdownModel,
  IncidentSummaryModel,
  IncidentTrendModel,
  PeriodModel,
} from './service.ts';

/**
 * The CSV export of a region's aggregates (issue 5, "Export"): the tables the analytics queries
 * answer, as one file a spreadsheet opens with the Chinese names intact — UTF-8 with a BOM (Excel
 * reads BOM-less UTF-8 as the local code page), CRLF line ends, one titled table per section,
 * sections apart by an empty row, headers in Chinese and English.
 *
 * Pure: every figure comes from the request's AnalyticsService, whose methods apply the policy
 * scope, so a caller outside the region is refused before anything is built, let alone written.
 * The file is an ordered list of sections (EXPORT_SECTIONS); a new one is a function from the
 * ExportSource to its tables, appended to the list.
 */

export type Cell = string | number | null;

/** One titled table of the file: a title row, a header row, then the rows. */
export interface ExportTable {
  /**
   * Its sheet in the workbook (XLSX, export-workbook.ts): unique in the file, at most 31
   * characters, none of : \ / ? * [ ] (Excel's rules for a sheet name). The CSV does not use it.
   */
  readonly sheet: string;
  readonly title: string;
  /** Absent for the heading block, whose rows are label–value pairs. */
  readonly header?: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
  /** A line chart of the table in the workbook, its series read from the table's cells (XLSX only). */
  readonly chart?: ExportChart;
}

/** A line chart of a table's rows: categories from one column, one series per listed column. */
export interface ExportChart {
  readonly title: string;
  /** Column index (from 0) of the category labels. */
  readonly categoryColumn: number;
  /** The first `rows` rows of the table are the chart's points (a total row after them is not). */
  readonly rows: number;
  readonly series: readonly { readonly column: number; readonly name: string }[];
}

/**
 * What the sections read from: the request's AnalyticsService with the region and period asked
 * for. Each service call is made once per export and shared by every section that needs it.
 */
export class ExportSource {
  private readonly reads = new Map<string, Promise<unknown>>();

  constructor(
    readonly analytics: AnalyticsService,
    readonly regionCode: string,
    /** The GraphQL AnalyticsPeriodInput shape, unparsed: the service validates it. */
    readonly period: unknown,
    readonly generatedAt: Date,
  ) {}

  /** `read`, once per name for the whole export. */
  once<T>(name: string, read: (analytics: AnalyticsService) => Promise<T>): Promise<T> {
    let pending = this.reads.get(name) as Promise<T> | undefined;
    if (!pending) {
      pending = read(this.analytics);
      this.reads.set(name, pending);
    }
    return pending;
  }

  incidentSummary(): Promise<IncidentSummaryModel> {
    return this.once('incidentSummary', (analytics) => analytics.incidentSummary(this.regionCode, this.period));
  }

  incidentRegionBreakdown(): Promise<IncidentRegionBreakdownModel> {
    return this.once('incidentRegionBreakdown', (analytics) => analytics.incidentRegionBreakdown(this.regionCode, this.period, 'REGION_CODE', false));
  }

  creationSummary(): Promise<CreationSummaryModel> {
    return this.once('creationSummary', (analytics) => analytics.creationSummary(this.regionCode, this.period));
  }

  creationRegionBreakdown(): Promise<CreationRegionBreakdownModel> {
    return this.once('creationRegionBreakdown', (analytics) => analytics.creationRegionBreakdown(this.regionCode, this.period));
  }

  /** The region's incidents month by month from `from` to `to` ("YYYY-MM", at most 120 months). */
  incidentMonths(from: string, to: string): Promise<IncidentTrendModel> {
    return this.once(`incidentTrend ${from}..${to}`, (analytics) => analytics.incidentTrend(this.regionCode, from, to, 'MONTH'));
  }
}

/** A section of the file: its tables, in order. */
export type ExportSection = (source: ExportSource) => Promise<readonly ExportTable[]>;

export const EXPORT_TITLE = '安全社区 统计导出 / Safe Community aggregates';

const FIGURE_HEADERS = [
  '事故起数 Incidents',
  '死亡人数 Deaths',
  '受伤人数 Injured',
  '直接经济损失(元) Economic loss (yuan)',
  '上年同期事故起数 Incidents, year earlier',
  '上年同期死亡人数 Deaths, year earlier',
  '上年同期受伤人数 Injured, year earlier',
  '上年同期直接经济损失(元) Economic loss, year earlier (yuan)',
  '事故起数同比% Incidents change %',
  '死亡人数同比% Deaths change %',
  '受伤人数同比% Injured change %',
  '直接经济损失同比% Economic loss change %',
] as const;

/** The twelve figure cells of a comparison, in FIGURE_HEADERS order; an undefined change is an empty cell. */
function figureCells({ current, yearEarlier, changePercent }: IncidentComparison): Cell[] {
  return [
    current.count,
    current.deaths,
    current.injured,
    formatFen(current.economicLoss),
    yearEarlier.count,
    yearEarlier.deaths,
    yearEarlier.injured,
    formatFen(yearEarlier.economicLoss),
    changePercent.count,
    changePercent.deaths,
    changePercent.injured,
    changePercent.economicLoss,
  ];
}

const RATE_HEADERS = [
  '创建单位数 Communities',
  '已填人口的创建单位 Communities with population',
  '人口 Population',
  '每万人事故起数 Incidents per 10,000',
  '每万人死亡人数 Deaths per 10,000',
  '每万人受伤人数 Injured per 10,000',
] as const;

/** Population base and rates; the rates are blank where no community recorded its population. */
function rateCells({ population, ratesPer10000 }: { population: PopulationBase; ratesPer10000: { count: number; deaths: number; injured: number } | null }): Cell[] {
  return [
    population.communities,
    population.communitiesWithPopulation,
    population.population,
    ratesPer10000?.count ?? null,
    ratesPer10000?.deaths ?? null,
    ratesPer10000?.injured ?? null,
  ];
}

/** Chinese labels of the incident classification: one table, beside the incident model (../incident/labels.ts). */
import { CAUSE_LABELS, INTENT_LABELS, PLACE_LABELS } from '#incident/labels.ts';

export { CAUSE_LABELS, INTENT_LABELS, PLACE_LABELS };

/** The heading block: what the file is, of which region and period, and when it was made. */
export const headingSection: ExportSection = async (source) => {
  const { region, period } = await source.incidentSummary();
  return [
    {
      sheet: '概况 Overview',
      title: EXPORT_TITLE,
      rows: [
        ['地区代码 Region code', region.code],
        ['地区 Region', regionPath(region.code).map((level) => level.name).join(' ')],
        ['统计期间 Period', periodText(period)],
        ['上年同期 Year earlier', period.yearEarlier ? periodText(period.yearEarlier) : null],
        ['生成时间 Generated at', chinaTime(source.generatedAt)],
        ['说明 Notes', '金额单位为元; 同比% = (本期 - 上年同期) / 上年同期 × 100, 上年同期为 0 时留空 / Money in yuan; change % is blank where the year-earlier figure is 0'],
      ],
    },
  ];
};

/** Incidents by child region (a province's cities, a city's counties, …), then the region's own total. */
export const incidentsByRegionSection: ExportSection = async (source) => {
  const breakdown = await source.incidentRegionBreakdown();
  return [
    {
      sheet: '事故 按地区 By region',
      title: `按下级地区 Incidents by child region (${breakdown.region.name})`,
      header: ['地区代码 Region code', '地区 Region', ...FIGURE_HEADERS, ...RATE_HEADERS],
      rows: [
        ...breakdown.children.map((child) => [child.region.code, child.region.name, ...figureCells(child), ...rateCells(child)]),
        [breakdown.region.code, `${breakdown.region.name} 合计 Total`, ...figureCells(breakdown.total), ...rateCells(breakdown)],
      ],
    },
  ];
};

/** The region's incidents by cause, by intent and by place, each closed by the total. */
export const incidentsByClassificationSection: ExportSection = async (source) => {
  const summary = await source.incidentSummary();
  const total = ['TOTAL', '合计 Total', ...figureCells(summary.total)];
  return [
    {
      sheet: '事故 按原因 By cause',
      title: `按伤害原因 Incidents by cause (${summary.region.name})`,
      header: ['伤害原因 Cause', '名称 Name', ...FIGURE_HEADERS],
      rows: [...summary.byCause.map((row) => [row.cause, CAUSE_LABELS[row.cause], ...figureCells(row)]), total],
    },
    {
      sheet: '事故 按意图 By intent',
      title: `按伤害意图 Incidents by intent (${summary.region.name})`,
      header: ['伤害意图 Intent', '名称 Name', ...FIGURE_HEADERS],
      rows: [...summary.byIntent.map((row) => [row.intent, INTENT_LABELS[row.intent], ...figureCells(row)]), total],
    },
    {
      sheet: '事故 按地点 By place',
      title: `按发生地点 Incidents by place (${summary.region.name})`,
      header: ['发生地点 Place', '名称 Name', ...FIGURE_HEADERS],
      rows: [...summary.byPlace.map((row) => [row.place, PLACE_LABELS[row.place], ...figureCells(row)]), total],
    },
  ];
};

export const STAGE_LABELS: Readonly<Record<CommunityStage, string>> = {
  PLANNED: '计划',
  LAUNCHED: '启动',
  IMPLEMENTING: '实施',
  SELF_ASSESSED: '自评',
  APPLIED: '申报',
  UNDER_REVIEW: '现场评审',
  DESIGNATED: '命名',
  LAPSED: '失效',
};

export const LEVEL_LABELS: Readonly<Record<CertificationLevel, string>> = { CITY: '市级安全社区', NATIONAL: '全国安全社区', INTERNATIONAL: '国际安全社区' };

export const CATEGORY_LABELS: Readonly<Record<ProjectCategory, string>> = {
  WORKPLACE: '企业/工作场所',
  ELECTRICAL: '用电',
  FIRE: '消防',
  PESTICIDE_POISONING: '农药中毒',
  ROAD_TRAFFIC: '交通',
  HOME: '居家',
  ELDERLY: '老年人',
  SCHOOL_CHILDREN: '学校儿童',
  PUBLIC_PLACES: '公共场所',
  ENVIRONMENT: '环境',
  WATER: '涉水',
  PUBLIC_SECURITY: '社会治安',
  DOG_BITES: '防狗伤害',
  AGRICULTURAL_MACHINERY: '农用机械',
  MIGRANT_WORKERS: '农民工',
  CONSTRUCTION_SITES: '建筑工地',
  RELIGIOUS_SITES: '宗教场所',
  FOOD_SAFETY: '食品安全',
  DISASTERS: '地质灾害、森林火灾',
  OLD_RESIDENTIAL_COMPOUNDS: '老旧弃管小区',
  OTHER: '其他',
};

export const INTERVENTION_KIND_LABELS: Readonly<Record<InterventionKind, string>> = {
  POLICY: '政策',
  MANAGEMENT: '管理',
  SERVICE: '服务',
  PUBLICITY: '宣传',
  ENVIRONMENT: '环境',
  FACILITIES: '设施',
  PRODUCTS: '产品',
};

export const ACTIVITY_KIND_LABELS: Readonly<Record<ActivityKind, string>> = {
  TRAINING: '培训',
  DRILL: '演练',
  LECTURE: '讲座',
  PUBLICITY_CAMPAIGN: '宣传活动',
  INSPECTION: '检查',
};

/** The creation record by child region, then the region's own line. */
export const creationByRegionSection: ExportSection = async (source) => {
  const breakdown = await source.creationRegionBreakdown();
  const cells = (line: CreationRegionBreakdownModel['total']): Cell[] => [
    line.communities,
    line.designated,
    line.communitiesWithPopulation,
    line.population,
    line.projects,
    line.interventions,
    line.designations,
    line.activities,
    line.attendees,
    line.drills,
    line.awarenessAverage,
    line.participationAverage,
  ];
  return [
    {
      sheet: '创建 按地区 Creation by region',
      title: `创建情况 按下级地区 Creation record by child region (${breakdown.region.name})`,
      header: [
        '地区代码 Region code',
        '地区 Region',
        '创建单位数(现) Communities (now)',
        '已命名(现) Designated (now)',
        '已填人口的创建单位 Communities with population',
        '人口 Population',
        '促进项目(现) Projects (now)',
        '干预措施(现) Interventions (now)',
        '本期命名 Designations in period',
        '本期培训演练宣传活动 Activities in period',
        '本期参加人次 Attendees in period',
        '本期演练 Drills in period',
        '知晓率均值% Awareness average %',
        '参与率均值% Participation average %',
      ],
      rows: [
        ...breakdown.children.map((child) => [child.region.code, child.region.name, ...cells(child)]),
        [breakdown.region.code, `${breakdown.region.name} 合计 Total`, ...cells(breakdown.total)],
      ],
    },
  ];
};

/** The region's creation record: stages now, certifications, projects, interventions, activities, surveys. */
export const creationSummarySection: ExportSection = async (source) => {
  const summary = await source.creationSummary();
  const name = summary.region.name;
  const { projects, activities, surveys } = summary;
  return [
    {
      sheet: '创建单位 按阶段 Stages',
      title: `创建单位 按阶段(现) Communities by stage, now (${name})`,
      header: ['阶段 Stage', '名称 Name', '创建单位数 Communities'],
      rows: [...summary.communities.byStage.map((row) => [row.stage, STAGE_LABELS[row.stage], row.count]), ['TOTAL', '合计 Total', summary.communities.total]],
    },
    {
      sheet: '评定 按级别 Certifications',
      title: `评定 按级别 Certifications by level (${name})`,
      header: ['级别 Level', '名称 Name', '申报 Applications', '命名 Designations', '复评通过 Re-designations'],
      rows: summary.certifications.map((row) => [row.level, LEVEL_LABELS[row.level], row.applications, row.designations, row.reDesignations]),
    },
    {
      sheet: '安全促进项目 Projects',
      title: `安全促进项目 按类别 Promotion projects by category (${name})`,
      header: ['类别 Category', '名称 Name', '项目(现) Projects (now)', '干预措施(现) Interventions (now)', '本期启动 Started in period', '本期结项 Closed in period'],
      rows: [
        ...projects.byCategory.map((row) => [row.category, CATEGORY_LABELS[row.category], row.projects, row.interventions, row.started, row.closed]),
        ['TOTAL', '合计 Total', projects.projects, projects.interventions, projects.started, projects.closed],
      ],
    },
    {
      sheet: '干预措施 Interventions',
      title: `干预措施 按类型 Interventions by kind (${name})`,
      header: ['类型 Kind', '名称 Name', '干预措施(现) Interventions (now)', '本期完成 Completed in period'],
      rows: [
        ...projects.interventionsByKind.map((row) => [row.kind, INTERVENTION_KIND_LABELS[row.kind], row.interventions, row.completed]),
        ['TOTAL', '合计 Total', projects.interventions, projects.interventionsCompleted],
      ],
    },
    {
      sheet: '培训演练宣传 Activities',
      title: `培训、演练、宣传 Activities by kind (${name})`,
      header: ['类型 Kind', '名称 Name', '次数 Activities', '参加人次 Attendees'],
      rows: [
        ...activities.byKind.map((row) => [row.kind, ACTIVITY_KIND_LABELS[row.kind], row.activities, row.attendees]),
        ['TOTAL', '合计 Total', activities.activities, activities.attendees],
      ],
    },
    {
      sheet: '调查 Surveys',
      title: `调查 Surveys (${name}, ${surveys.years.join(', ')})`,
      header: ['调查数 Surveys', '知晓率均值% Awareness average %', '参与率均值% Participation average %', '满意度均值% Satisfaction average %', '测满意度的调查 Surveys with satisfaction'],
      rows: [[surveys.surveys, surveys.awarenessAverage, surveys.participationAverage, surveys.satisfactionAverage, surveys.satisfactionSurveys]],
    },
  ];
};

export const CHAIN_STEP_LABELS: Readonly<Record<ReviewChainStep, string>> = {
  ENDORSEMENT_COUNTY: '待区县推荐',
  ENDORSEMENT_CITY: '待市级推荐/受理',
  ENDORSEMENT_PROVINCE: '待省级推荐',
  ENDORSEMENT_NATIONAL: '待全国受理',
  RETURNED: '退回修改',
  ON_SITE_REVIEW: '现场评审',
  RECTIFICATION: '限期整改',
};

/**
 * The designation review: where the open applications stand now, per level; the self-assessed
 * and on-site scores of the period per level (average, distribution by outcome); the weakest
 * elements of the region, lowest first.
 */
export const reviewSection: ExportSection = async (source) => {
  const summary = await source.creationSummary();
  const name = summary.region.name;
  const { applications, selfAssessments, onSite, weakestElements } = summary.review;
  const levelCells = (byLevel: readonly { count: number }[]) => byLevel.map((row) => row.count);
  const scoreRow = (kind: string, label: string, row: ReviewScoreFigures): Cell[] => [
    kind,
    row.level,
    `${label} ${LEVEL_LABELS[row.level]}`,
    row.count,
    row.averageTotal,
    row.averageMax,
    row.averagePercent,
    row.byOutcome.pass,
    row.byOutcome.rectify,
    row.byOutcome.fail,
  ];
  return [
    {
      sheet: '在途申报 Applications',
      title: `评定流程 在途申报(现) Applications in the designation chain, now (${name})`,
      header: ['环节 Step', '名称 Name', '申报数 Applications', '市级 CITY', '全国 NATIONAL', '国际 INTERNATIONAL'],
      rows: [
        ...applications.steps.map((row) => [row.step, CHAIN_STEP_LABELS[row.step], row.applications, ...levelCells(row.byLevel)]),
        ['TOTAL', '在途合计 Open in total', applications.open, ...levelCells(applications.byLevel)],
      ],
    },
    {
      sheet: '评审得分 Scores',
      title: `自评与现场评审得分 Self-assessed and on-site scores (${name})`,
      header: [
        '类型 Kind',
        '级别 Level',
        '名称 Name',
        '评定数 Assessments',
        '平均总分 Average total',
        '平均满分 Average maximum',
        '得分率% Percent of maximum',
        '通过 PASS',
        '限期整改 RECTIFY',
        '不通过 FAIL',
      ],
      rows: [...selfAssessments.map((row) => scoreRow('SELF', '自评', row)), ...onSite.map((row) => scoreRow('ON_SITE', '现场评审', row))],
    },
    {
      sheet: '薄弱要素 Weakest elements',
      title: `薄弱要素 Weakest elements, lowest first (${name})`,
      header: [
        '要素 Element',
        '名称 Name',
        '得分率% Percent of maximum',
        '平均得分 Average score',
        '平均满分 Average maximum',
        '评定数 Assessments',
        '自评得分率% Self-assessed %',
        '现场评审得分率% On-site %',
      ],
      rows: weakestElements.map((row) => [
        row.element,
        AQT_ELEMENT_NAMES[row.element],
        row.percent,
        row.averageScore,
        row.averageMax,
        row.assessments,
        row.selfAssessedPercent,
        row.onSitePercent,
      ]),
    },
  ];
};

export const RISK_LEVEL_LABELS: Readonly<Record<RiskLevel, string>> = { RED: '重大风险(红)', ORANGE: '较大风险(橙)', YELLOW: '一般风险(黄)', BLUE: '低风险(蓝)' };

export const HAZARD_KIND_LABELS: Readonly<Record<HazardSourceKind, string>> = {
  SEPTIC_TANK: '化粪池',
  GAS_SERVICE_LINE: '煤气进户管线',
  TRANSFORMER_BOX: '高压变电箱',
  MANHOLE: '窨井',
  LPG_CYLINDERS: '液化石油气钢瓶',
  WAREHOUSE: '仓库',
  CONSTRUCTION_SITE: '建筑工地',
  WATER_BODY: '水域',
  OLD_COMPOUND: '老旧小区',
  SCHOOL_SURROUNDINGS: '校园周边',
  OTHER: '其他',
};

const HAZARD_LINE_HEADER = [
  '危险源(现) Hazard sources (now)',
  '重大风险(现) Red (now)',
  '本期巡查 Inspections held',
  '按期巡查 On schedule',
  '应巡查 Dues settled',
  '漏检 Missed',
  '巡查覆盖率% Coverage %',
  '发现隐患 Hidden dangers found',
  '重大隐患 Major',
  '已整改销号 Found and verified',
  '整改率% Rectification rate %',
  '本期复查合格 Verified in period',
  '复查用时中位数(天) Median days to verification',
  '待整改(现) Awaiting the fix (now)',
  '逾期(今日) Overdue today',
  '群众举报 Reports received',
  '7日内答复 Answered within 7 days',
  '未答复(现) Open (now)',
] as const;

/** One region's line of hazard figures, in HAZARD_LINE_HEADER order. */
function hazardLineCells({ hazardSources, inspections, hiddenDangers, residentReports }: HazardFigures): Cell[] {
  return [
    hazardSources.sources,
    hazardSources.byLevel.find((row) => row.level === 'RED')?.sources ?? 0,
    inspections.held,
    inspections.onSchedule,
    inspections.due,
    inspections.missed,
    inspections.coveragePercent,
    hiddenDangers.found,
    hiddenDangers.bySeverity.find((row) => row.severity === 'MAJOR')?.found ?? 0,
    hiddenDangers.foundAndVerified,
    hiddenDangers.rectificationRatePercent,
    hiddenDangers.verified,
    hiddenDangers.medianDaysToVerification,
    hiddenDangers.awaitingRectification,
    hiddenDangers.overdue,
    residentReports.received,
    residentReports.answeredWithin7Days,
    residentReports.open,
  ];
}

/**
 * Hazards and inspections (隐患排查治理, issue 12): the register now by kind and level; the
 * period's inspections, hidden dangers and residents' reports; the same per child region.
 */
export const hazardSection: ExportSection = async (source) => {
  const [summary, breakdown] = await Promise.all([source.creationSummary(), source.creationRegionBreakdown()]);
  const name = summary.region.name;
  const { hazardSources, inspections, hiddenDangers, residentReports } = summary;
  const levelCells = (byLevel: readonly { sources: number }[]) => byLevel.map((row) => row.sources);
  return [
    {
      sheet: '危险源 Hazard sources',
      title: `危险源 按类型与风险等级(现) Hazard sources by kind and risk level, now (${name})`,
      header: ['类型 Kind', '名称 Name', '危险源 Sources', ...hazardSources.byLevel.map((row) => `${RISK_LEVEL_LABELS[row.level]} ${row.level}`)],
      rows: [
        ...hazardSources.byKind.map((row) => [row.kind, HAZARD_KIND_LABELS[row.kind], row.sources, ...levelCells(row.byLevel)]),
        ['TOTAL', '合计 Total', hazardSources.sources, ...levelCells(hazardSources.byLevel)],
      ],
    },
    {
      sheet: '巡查检查 Inspections',
      title: `巡查检查 Inspections (${name})`,
      header: ['巡查 Held', '监管对象 Supervised units', '危险源 Hazard sources', '按期 On schedule', '应巡查 Dues settled', '漏检 Missed', '有不合格项 With a failed item', '覆盖率% Coverage %'],
      rows: [
        [
          inspections.held,
          ...inspections.bySubjectType.map((row) => row.held),
          inspections.onSchedule,
          inspections.due,
          inspections.missed,
          inspections.failed,
          inspections.coveragePercent,
        ],
      ],
    },
    {
      sheet: '隐患 Hidden dangers',
      title: `隐患 Hidden dangers (${name})`,
      header: [
        '发现 Found',
        '一般 General',
        '重大 Major',
        '巡查发现 By inspection',
        '群众举报 By report',
        '直接录入 By the office',
        '已整改销号 Found and verified',
        '整改率% Rectification rate %',
        '本期整改完成 Rectified in period',
        '其中逾期整改 Of them late',
        '本期复查合格 Verified in period',
        '复查用时中位数(天) Median days to verification',
        '复查用时均值(天) Average days to verification',
        '待整改(现) Awaiting the fix (now)',
        '逾期(今日) Overdue today',
        '逾期重大(今日) Major overdue today',
      ],
      rows: [
        [
          hiddenDangers.found,
          ...hiddenDangers.bySeverity.map((row) => row.found),
          ...hiddenDangers.byFoundBy.map((row) => row.found),
          hiddenDangers.foundAndVerified,
          hiddenDangers.rectificationRatePercent,
          hiddenDangers.rectified,
          hiddenDangers.rectifiedLate,
          hiddenDangers.verified,
          hiddenDangers.medianDaysToVerification,
          hiddenDangers.averageDaysToVerification,
          hiddenDangers.awaitingRectification,
          hiddenDangers.overdue,
          hiddenDangers.overdueMajor,
        ],
      ],
    },
    {
      sheet: '群众举报 Residents reports',
      title: `群众举报 Residents' reports (${name})`,
      header: ['收到 Received', '已答复 Answered', '7日内答复 Within 7 days', '按时答复率% In time %', '转为隐患 Into a hidden danger', '无隐患 No danger', '未答复(现) Open (now)'],
      rows: [
        [
          residentReports.received,
          residentReports.answered,
          residentReports.answeredWithin7Days,
          residentReports.answeredInTimePercent,
          residentReports.triagedIntoDanger,
          residentReports.noDanger,
          residentReports.open,
        ],
      ],
    },
    {
      sheet: '隐患排查治理 By region',
      title: `隐患排查治理 按下级地区 Hazards and inspections by child region (${breakdown.region.name})`,
      header: ['地区代码 Region code', '地区 Region', ...HAZARD_LINE_HEADER],
      rows: [
        ...breakdown.children.map((child) => [child.region.code, child.region.name, ...hazardLineCells(child)]),
        [breakdown.region.code, `${breakdown.region.name} 合计 Total`, ...hazardLineCells(breakdown.total)],
      ],
    },
  ];
};

/**
 * The sections of the file, in order. A new one reads through the source, once per export:
 *
 *   const creationSection: ExportSection = async (source) => {
 *     const summary = await source.once('creationSummary', (analytics) => analytics.creationSummary(source.regionCode, source.period));
 *     return [{ title: '按创建阶段 Communities by stage', header: [...], rows: [...] }];
 *   };
 */
export const EXPORT_SECTIONS: readonly ExportSection[] = [
  headingSection,
  incidentsByRegionSection,
  incidentsByClassificationSection,
  creationByRegionSection,
  creationSummarySection,
  reviewSection,
  hazardSection,
];

const MONTH_FIGURE_HEADERS = ['事故起数 Incidents', '死亡人数 Deaths', '受伤人数 Injured', '直接经济损失(元) Economic loss (yuan)'] as const;
const EARLIER_MONTH_FIGURE_HEADERS = [
  '上年同期事故起数 Incidents, year earlier',
  '上年同期死亡人数 Deaths, year earlier',
  '上年同期受伤人数 Injured, year earlier',
  '上年同期直接经济损失(元) Economic loss, year earlier (yuan)',
] as const;

/** A month's four figures, in MONTH_FIGURE_HEADERS order. */
function monthCells(figures: IncidentFigures): Cell[] {
  return [figures.count, figures.deaths, figures.injured, formatFen(figures.economicLoss)];
}

/** The sum of a trend's points: the period's own total, as the summary counts it. */
function trendTotal(trend: IncidentTrendModel): IncidentFigures {
  return trend.points.reduce(
    (total, { figures }) => ({
      count: total.count + figures.count,
      deaths: total.deaths + figures.deaths,
      injured: total.injured + figures.injured,
      economicLoss: total.economicLoss + figures.economicLoss,
    }),
    { count: 0, deaths: 0, injured: 0, economicLoss: 0 },
  );
}

/**
 * The trend (the workbook's sheet and chart; the CSV stays as it is): the region's incidents month
 * by month over the period, beside the same months a year earlier, then the totals, which are the
 * summary's. It reads the month counters as incidentTrend does, twice (the period, the year
 * before: at most 120 months each), after the summary has checked the region and the period.
 */
export const incidentTrendSection: ExportSection = async (source) => {
  const { region, period } = await source.incidentSummary();
  const earlier = period.yearEarlier ?? period;
  const [current, previous] = await Promise.all([source.incidentMonths(period.from, period.to), source.incidentMonths(earlier.from, earlier.to)]);
  const rows: Cell[][] = current.points.map((point, index) => {
    const before = previous.points[index];
    return [point.period, ...monthCells(point.figures), before?.period ?? null, ...(before ? monthCells(before.figures) : [null, null, null, null])];
  });
  rows.push(['合计 Total', ...monthCells(trendTotal(current)), '合计 Total', ...monthCells(trendTotal(previous))]);
  return [
    {
      sheet: '趋势 Trend',
      title: `事故起数 按月 Incidents per month (${region.name}, ${period.label}; 上年同期 year earlier ${earlier.label})`,
      header: ['月份 Month', ...MONTH_FIGURE_HEADERS, '上年同月 Month a year earlier', ...EARLIER_MONTH_FIGURE_HEADERS],
      rows,
      chart: {
        title: '事故起数 按月 Incidents per month',
        categoryColumn: 0,
        rows: current.points.length,
        series: [
          { column: 1, name: `本期 ${period.label}` },
          { column: 1 + MONTH_FIGURE_HEADERS.length + 1, name: `上年同期 ${earlier.label}` },
        ],
      },
    },
  ];
};

/** The workbook's sheets, in order: the CSV's tables with the trend after the heading block. */
export const WORKBOOK_SECTIONS: readonly ExportSection[] = [headingSection, incidentTrendSection, ...EXPORT_SECTIONS.filter((section) => section !== headingSection)];

/** The figures an export is made of, whatever its format. */
export interface AggregateExportTables {
  readonly region: Region;
  readonly period: PeriodModel;
  /** The region's own incident figures, for a one-line summary. */
  readonly incidents: IncidentComparison;
  readonly tables: readonly ExportTable[];
}

/**
 * The tables of `sections`, read in parallel (each service call once); any refusal of the
 * service (FORBIDDEN, BAD_USER_INPUT naming regionCode or the period field) rejects the whole.
 */
export async function exportTables(
  analytics: AnalyticsService,
  regionCode: string,
  period: unknown,
  options: { readonly now?: Date; readonly sections?: readonly ExportSection[] } = {},
): Promise<AggregateExportTables> {
  const source = new ExportSource(analytics, regionCode, period, options.now ?? new Date());
  const tables = (await Promise.all((options.sections ?? EXPORT_SECTIONS).map((section) => section(source)))).flat();
  const summary = await source.incidentSummary();
  return { region: summary.region, period: summary.period, incidents: summary.total, tables };
}

/** What the workbook is made of: export-workbook.ts renders it (in AWS in a function of its own). */
export interface AggregateWorkbookContent {
  /** ASCII only, e.g. safe-community-aggregates-37-2009.xlsx. */
  readonly fileName: string;
  readonly tables: readonly ExportTable[];
}

/** The workbook's content (WORKBOOK_SECTIONS), with the figures for a one-line summary. */
export async function buildAggregateWorkbook(
  analytics: AnalyticsService,
  regionCode: string,
  period: unknown,
  options: { readonly now?: Date } = {},
): Promise<AggregateExportTables & AggregateWorkbookContent> {
  const built = await exportTables(analytics, regionCode, period, { ...options, sections: WORKBOOK_SECTIONS });
  return { ...built, fileName: exportFileName(built.region.code, built.period.label, 'xlsx') };
}

export interface AggregateExportFile extends AggregateExportTables {
  /** ASCII only, e.g. safe-community-aggregates-37-2009.csv. */
  readonly fileName: string;
  /** Starts with the BOM; CRLF line ends. */
  readonly csv: string;
}

/** Builds the CSV file (EXPORT_SECTIONS, or `sections`), as exportTables reads them. */
export async function buildAggregateExport(
  analytics: AnalyticsService,
  regionCode: string,
  period: unknown,
  options: { readonly now?: Date; readonly sections?: readonly ExportSection[] } = {},
): Promise<AggregateExportFile> {
  const built = await exportTables(analytics, regionCode, period, options);
  return { ...built, fileName: exportFileName(built.region.code, built.period.label), csv: toCsv(built.tables) };
}

/**
 * The tables as CSV: BOM, CRLF, each table as title, header and rows, an empty row between tables.
 * Text cells that a spreadsheet would run as a formula get a leading `'` (core/csv.ts); figures
 * are numbers and stay numbers, negative change percentages included.
 */
export function toCsv(tables: readonly Pick<ExportTable, 'title' | 'header' | 'rows'>[]): string {
  const records: Cell[][] = [];
  tables.forEach((table, index) => {
    if (index > 0) records.push([]);
    records.push([table.title]);
    if (table.header) records.push([...table.header]);
    for (const row of table.rows) records.push([...row]);
  });
  return toCsvText(records, { bom: true, crlf: true });
}

/**
 * Where export files go: the evidence bucket, under their own prefix. The processor's S3
 * notification is filtered to `evidence/` (and the processor ignores any other key), a lifecycle
 * rule deletes these objects after a day, and the GraphQL function may put and get objects here
 * and nothing else outside `evidence/` (infra/constructs/evidence-store.ts).
 */
export const EXPORT_KEY_PREFIX = 'exports/';

/** `safe-community-aggregates-<code>-<period>.csv` (or .xlsx), ASCII: 2009, 2009-Q2, 2009-05, 2008-07-to-2009-06. */
export function exportFileName(regionCode: string, periodLabel: string, extension: 'csv' | 'xlsx' = 'csv'): string {
  const period = periodLabel.replace('..', '-to-').replace(/[^A-Za-z0-9-]/g, '_');
  return `safe-community-aggregates-${regionCode.replace(/\D/g, '')}-${period}.${extension}`;
}

/** "2009 (2009-01..2009-12)"; a month or a range is its own label. */
function periodText(period: { label: string; from: string; to: string }): string {
  const months = period.from === period.to ? period.from : `${period.from}..${period.to}`;
  return period.label === months ? months : `${period.label} (${months})`;
}

/** "2026-05-01 14:30:05 (北京时间 UTC+8)": China has one time zone and no daylight saving time. */
export function chinaTime(instant: Date): string {
  return `${new Date(instant.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ')} (北京时间 UTC+8)`;
}
