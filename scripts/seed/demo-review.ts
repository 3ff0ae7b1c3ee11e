/**
 * Demo data of the designation review (issue 10): self-assessments (自评), the endorsement chain
 * (逐级推荐) and on-site scores (现场评审) on the national sheet `national-onsite` v1.
 *
 * EVERYTHING HERE IS SYNTHETIC except what the briefings date (篇8/篇1: 西城 and 吴店 passed the
 * national review in 2009-01, confirmed 2009-01 and 2009-03; 篇8: 沙土镇 launched the national
 * creation in 2011-05 hoping to pass "今年年底"; 篇1: 杜店 is in the national plan of 滨州经济开发区,
 * launched 2009-05-09). The grades, notes, findings (整改意见), totals, chain dates and reviewers
 * are ours: the briefings give no scores. The totals are consistent with the designations (a
 * designation needs PASS on the sheet: at least 100 of 150 with no item at 0). Reviewers are
 * token subjects (`demo-reviewer-<region>`), never people.
 *
 * 杜店's records are relative to the day the seed runs (`today`, China's date), so that the
 * README walkthrough works on that day: its incidents fall from the year before last to last
 * year (the NATIONAL eligibility rule), its survey of last year is below 80 %, and it has held
 * no drill in the last twelve months.
 *
 * Pure data and deterministic generators: no I/O, no clock (callers pass `today`), and only type
 * imports; the sheet is the caller's (the bundled `national-onsite` v1).
 */
import type { ChainStep } from '#certification/chain.ts';
import type { AssessmentItem } from '#review/assessment-model.ts';
import type { ScoringSheet, SheetGrade, SheetPart } from '#review/sheet.ts';
import { type DemoIncidentInput, prng } from './demo-records.ts';

export const REVIEW_SHEET = { id: 'national-onsite', version: 1 } as const;

export const XICHENG = 'heze-mudan-xicheng';
export const WUDIAN = 'heze-mudan-wudian';
export const SHATU = 'heze-mudan-shatu';
export const DUDIAN = 'binzhou-kfq-dudian';

const NATIONAL_EXPERTS = '国家安全社区评审委员会（全国安全社区促进中心）专家组';

type Letter = 'A' | 'B' | 'C' | 'D';
type Weights = Readonly<Record<Letter, number>>;

/** Per part, how likely each grade is (synthetic): presence is usually there, effects show less. */
export interface GradeProfile {
  readonly PRESENCE: Weights;
  readonly TRACES: Weights;
  readonly EFFECT: Weights;
}

/** A review team that finds a good creation with defects: ≈ 110–120 of 150, no D. */
const ON_SITE_PROFILE: GradeProfile = {
  PRESENCE: { A: 0.6, B: 0.32, C: 0.08, D: 0 },
  TRACES: { A: 0.45, B: 0.42, C: 0.13, D: 0 },
  EFFECT: { A: 0.3, B: 0.5, C: 0.2, D: 0 },
};

/** A community grading itself before applying: a little more generous than the reviewers. */
const SELF_PROFILE: GradeProfile = {
  PRESENCE: { A: 0.72, B: 0.24, C: 0.04, D: 0 },
  TRACES: { A: 0.58, B: 0.34, C: 0.08, D: 0 },
  EFFECT: { A: 0.42, B: 0.46, C: 0.12, D: 0 },
};

/** 杜店, half-way through its creation: mostly B, some C, few A. */
const DUDIAN_PROFILE: GradeProfile = {
  PRESENCE: { A: 0.35, B: 0.5, C: 0.15, D: 0 },
  TRACES: { A: 0.2, B: 0.55, C: 0.25, D: 0 },
  EFFECT: { A: 0.15, B: 0.55, C: 0.3, D: 0 },
};

function pickGrade(random: () => number, weights: Weights): Letter {
  const letters = (['A', 'B', 'C', 'D'] as const).filter((letter) => weights[letter] > 0);
  const total = letters.reduce((sum, letter) => sum + weights[letter], 0);
  let target = random() * total;
  for (const letter of letters) {
    target -= weights[letter];
    if (target < 0) return letter;
  }
  return letters.at(-1) ?? 'B';
}

/**
 * Grades for every part of every item of `sheet` (except those `skip` names), drawn from
 * `profile` with a seed: the same grades on every machine. Each item has a quality of its own
 * (a strong item leans to A, a weak one to C), so items differ plausibly.
 */
export function demoGrades(
  sheet: ScoringSheet,
  seed: string,
  profile: GradeProfile,
  skip: (itemId: string, part: SheetPart) => boolean = () => false,
): Record<string, AssessmentItem> {
  const random = prng(`safe-community-demo-review:${seed}`);
  const items: Record<string, AssessmentItem> = {};
  for (const item of sheet.items) {
    const quality = random(); // < 0.2 weak, > 0.8 strong
    const parts: Partial<Record<SheetPart, SheetGrade>> = {};
    for (const { part } of item.parts) {
      const base = profile[part as keyof GradeProfile] ?? profile.TRACES;
      const weights: Weights =
        quality > 0.8 ? { ...base, A: base.A * 2 } : quality < 0.2 ? { ...base, C: base.C * 2 + 0.05, A: base.A / 2 } : base;
      const grade = pickGrade(random, weights);
      if (!skip(item.id, part)) parts[part] = grade;
    }
    if (Object.keys(parts).length > 0) items[item.id] = { parts };
  }
  return items;
}

/** The review team's findings (整改意见) by indicator, as a team writes them: what to put right. */
const FINDINGS: Readonly<Record<number, string>> = {
  1: '促进委员会部分成员单位职责分工不够明确，例会纪要不全，需补充成员单位职责清单和会议记录。',
  2: '居民参与渠道较少，志愿者队伍以机关人员为主，需吸纳更多居民、驻区单位参与并定期公开创建信息。',
  3: '风险辨识对小场所、出租房屋覆盖不足，需补充辨识清单并按风险等级排序。',
  4: '预防目标缺少量化指标，需与伤害监测数据对应并逐年分解。',
  5: '部分促进项目缺少实施前后的效果对比数据，需补充项目评估报告。',
  6: '培训台账不完整，部分培训缺少签到表和效果评估。',
  7: '应急预案演练频次不足，演练后缺少评估和预案修订记录。',
  8: '监督检查记录分散在各部门，需建立统一台账并跟踪整改闭环。',
  9: '伤害监测数据来源单一，需与卫生院、派出所、交警等数据互通核对。',
  10: '创建档案分类不规范，需按AQ/T 9001-2006要素整理归档。',
  11: '隐患整改后缺少复查记录，纠正措施的落实情况需跟踪。',
  12: '缺少年度自评报告和持续改进计划，需明确下一周期的改进重点。',
};

/**
 * Findings on the `count` weakest items of an on-site scoring (lowest share of their points;
 * ties in sheet order), one per indicator at most.
 */
export function withFindings(sheet: ScoringSheet, items: Record<string, AssessmentItem>, count: number): Record<string, AssessmentItem> {
  const percentOf: Readonly<Record<string, number>> = Object.fromEntries(sheet.scale.map((step) => [step.grade, step.percent]));
  const share = (itemId: string) => {
    const item = sheet.items.find((candidate) => candidate.id === itemId);
    if (!item) return 1;
    const max = item.parts.reduce((sum, part) => sum + part.points, 0);
    const score = item.parts.reduce((sum, part) => sum + (part.points * (percentOf[items[itemId]?.parts[part.part] ?? 'D'] ?? 0)) / 100, 0);
    return score / max;
  };
  const weakest = sheet.items
    .map((item, order) => ({ item, order, share: share(item.id) }))
    .sort((a, b) => a.share - b.share || a.order - b.order);
  const chosen: string[] = [];
  const indicators = new Set<number>();
  for (const { item } of weakest) {
    if (chosen.length >= count) break;
    if (indicators.has(item.indicator)) continue;
    indicators.add(item.indicator);
    chosen.push(item.id);
  }
  const next = { ...items };
  for (const itemId of chosen) {
    const indicator = sheet.items.find((item) => item.id === itemId)?.indicator ?? 0;
    const current = next[itemId];
    if (current) next[itemId] = { ...current, finding: FINDINGS[indicator] ?? '需按评定表要求补充材料。' };
  }
  return next;
}

// ---------------------------------------------------------------------------------------------
// 西城街道 and 吴店镇: the 2009 national reviews
// ---------------------------------------------------------------------------------------------

/** A step of the chain at a (synthetic) date, 09:30 in China. */
function step(action: ChainStep['action'], level: ChainStep['level'], regionCode: string | null, on: string, by: string, role: string, extra: Partial<ChainStep> = {}): ChainStep {
  return { action, level, regionCode, by, role, at: `${on}T01:30:00.000Z`, ...extra };
}

export interface DemoNationalReview {
  readonly communityKey: string;
  /** The demo certification (demo-records.ts) this review completes. */
  readonly certificationKey: string;
  readonly selfKey: string;
  readonly onSiteKey: string;
  /** The self-assessment's submission: before the application. */
  readonly selfSubmittedOn: string;
  /** County, city, province endorsements and the national acceptance, between application and review. */
  readonly chainDates: readonly [county: string, city: string, province: string, accept: string];
  readonly selfNote: Readonly<Record<string, string>>;
  readonly findings: number;
  readonly source: string;
}

export const demoNationalReviews: readonly DemoNationalReview[] = [
  {
    communityKey: XICHENG,
    certificationKey: 'cert-heze-mudan-xicheng-national-2009',
    selfKey: 'assessment-heze-mudan-xicheng-self-2008',
    onSiteKey: 'assessment-heze-mudan-xicheng-onsite-2008',
    selfSubmittedOn: '2008-09-25',
    chainDates: ['2008-10-27', '2008-11-03', '2008-11-12', '2008-11-24'],
    selfNote: {
      '1.1': '街道党工委书记任促进委员会主任，区直8个部门和社区安监站、志愿者协会为成员。',
      '9.1': '2007年起建立社区伤害监测点，按月汇总。',
    },
    findings: 4,
    source:
      '篇8：“2009年1月, 牡丹区西城办事处和吴店镇通过国家安全社区评审委员会评定”。评审通过为简报所给；自评和现场评审的逐项评分、整改意见、推荐日期和评审人均为合成。',
  },
  {
    communityKey: WUDIAN,
    certificationKey: 'cert-heze-mudan-wudian-national-2009',
    selfKey: 'assessment-heze-mudan-wudian-self-2008',
    onSiteKey: 'assessment-heze-mudan-wudian-onsite-2009',
    selfSubmittedOn: '2008-09-26',
    chainDates: ['2008-10-28', '2008-11-04', '2008-11-13', '2008-11-25'],
    selfNote: {
      '5.1': '结合农村实际策划防农药中毒、防狗伤害、防农用机械伤害、农民工安全等促进项目。',
      '5.2': '免费发放农药储存箱和防毒隔膜。',
    },
    findings: 5,
    source:
      '篇8：“2009年1月…通过国家安全社区评审委员会评定…吴店镇是全国第1个农村安全社区”；篇1：3月经国家安监总局确认。评审通过为简报所给；自评和现场评审的逐项评分、整改意见、推荐日期和评审人均为合成。',
  },
];

export const demoReviewer = (regionCode: string | null) => `demo-reviewer-${regionCode ?? 'national'}`;
export const demoEditor = (communityKey: string) => `demo-editor-${communityKey}`;

/** A NATIONAL application's chain from the community's submission to the national centre's acceptance. */
export function nationalChain(communityKey: string, communityRegionCode: string, appliedOn: string, dates: DemoNationalReview['chainDates'], selfAssessmentId: string): ChainStep[] {
  const [county, city, province, accept] = dates;
  const countyCode = communityRegionCode.slice(0, 6);
  return [
    step('SUBMIT', 'COMMUNITY', communityRegionCode, appliedOn, demoEditor(communityKey), 'COMMUNITY_EDITOR', { selfAssessmentId }),
    step('ENDORSE', 'COUNTY', countyCode, county, demoReviewer(countyCode), 'REVIEWER', { comment: '经区安监局审核，同意推荐。' }),
    step('ENDORSE', 'CITY', countyCode.slice(0, 4), city, demoReviewer(countyCode.slice(0, 4)), 'REVIEWER', { comment: '同意推荐。' }),
    step('ENDORSE', 'PROVINCE', countyCode.slice(0, 2), province, demoReviewer(countyCode.slice(0, 2)), 'REVIEWER', { comment: '同意推荐至全国安全社区促进中心。' }),
    step('ACCEPT', 'NATIONAL', null, accept, demoReviewer(null), 'REVIEWER', { comment: '受理，组织专家组现场评审。' }),
  ];
}

export const ON_SITE_EXPERTS = NATIONAL_EXPERTS;

export function onSiteGrades(sheet: ScoringSheet, review: DemoNationalReview): Record<string, AssessmentItem> {
  return withFindings(sheet, demoGrades(sheet, `${review.onSiteKey}`, ON_SITE_PROFILE), review.findings);
}

export function selfGrades(sheet: ScoringSheet, review: DemoNationalReview): Record<string, AssessmentItem> {
  const items = demoGrades(sheet, review.selfKey, SELF_PROFILE);
  for (const [itemId, note] of Object.entries(review.selfNote)) {
    const item = items[itemId];
    if (item) items[itemId] = { ...item, note };
  }
  return items;
}

// ---------------------------------------------------------------------------------------------
// 沙土镇: a NATIONAL application of 2011, endorsed by 牡丹区, waiting for 菏泽市
// ---------------------------------------------------------------------------------------------

/**
 * 篇8: "2011年5月, 牡丹区马岭岗镇、大黄集镇、沙土镇3个乡镇已全面启动‘全国安全社区’创建计划…并希望今年
 * 年底通过国家安全社区评审委员会的评定验收". The self-assessment, the application and the county's
 * endorsement are SYNTHETIC (dates chosen for the end-of-year hope); the city has not endorsed it.
 * The dates agree with 沙土's stage history in demo-communities.ts.
 */
export const demoPendingApplication = {
  communityKey: SHATU,
  selfKey: 'assessment-heze-mudan-shatu-self-2011',
  certificationKey: 'cert-heze-mudan-shatu-national-2011',
  selfSubmittedOn: '2011-09-26',
  appliedOn: '2011-10-17',
  countyEndorsedOn: '2011-10-31',
  selfNote: {
    '1.1': '镇党委书记任促进委员会主任，区直8个部门、村级安监站和志愿者协会为成员。',
    '7.1': '2011年汛前和麦收前各组织1次应急演练。',
  } as Readonly<Record<string, string>>,
  source:
    '篇8：“2011年5月, …沙土镇3个乡镇已全面启动‘全国安全社区’创建计划…并希望今年年底通过国家安全社区评审委员会的评定验收”。自评、申报和区级推荐均为合成；市级尚未推荐。',
} as const;

/** The application's steps so far: the community's submission and 牡丹区's endorsement. */
export function pendingApplicationSteps(communityRegionCode: string, selfAssessmentId: string): [submit: ChainStep, countyEndorsement: ChainStep] {
  const county = communityRegionCode.slice(0, 6);
  return [
    step('SUBMIT', 'COMMUNITY', communityRegionCode, demoPendingApplication.appliedOn, demoEditor(SHATU), 'COMMUNITY_EDITOR', { selfAssessmentId }),
    step('ENDORSE', 'COUNTY', county, demoPendingApplication.countyEndorsedOn, demoReviewer(county), 'REVIEWER', { comment: '经区安监局审核，同意推荐。' }),
  ];
}

export function pendingSelfGrades(sheet: ScoringSheet): Record<string, AssessmentItem> {
  const items = demoGrades(sheet, demoPendingApplication.selfKey, SELF_PROFILE);
  for (const [itemId, note] of Object.entries(demoPendingApplication.selfNote)) {
    const item = items[itemId];
    if (item) items[itemId] = { ...item, note };
  }
  return items;
}

// ---------------------------------------------------------------------------------------------
// 杜店街道: a self-assessment in progress, relative to the day the seed runs
// ---------------------------------------------------------------------------------------------

export const DUDIAN_DRAFT_KEY = 'assessment-binzhou-kfq-dudian-self-draft';

/** The parts 杜店's office has not graded yet: indicators 11 and 12, and the effect of 9.3–10.3. */
export function dudianSkips(itemId: string, part: SheetPart): boolean {
  const [indicator, item] = itemId.split('.').map(Number) as [number, number];
  if (indicator >= 11) return true;
  return part === 'EFFECT' && ((indicator === 9 && item >= 3) || indicator === 10);
}

/** 杜店's survey of last year: below 80 % in awareness and participation (SYNTHETIC). */
export function dudianSurvey(today: string) {
  const year = Number(today.slice(0, 4)) - 1;
  return { year, awarenessRate: 72.4, participationRate: 64.9, satisfactionRate: 81.2, sampleSize: 300, surveyedOn: `${year}-10-15` };
}

/** The draft's grades and notes: most parts graded, the notes saying what the office knows is missing. */
export function dudianDraftItems(sheet: ScoringSheet, today: string, communityId: string, surveyRecordId: string): Record<string, AssessmentItem> {
  const items = demoGrades(sheet, DUDIAN_DRAFT_KEY, DUDIAN_PROFILE, dudianSkips);
  const survey = dudianSurvey(today);
  const notes: Record<string, Pick<AssessmentItem, 'note' | 'links'>> = {
    '1.1': {
      note: '促进委员会成员目前来自街道党工委、办事处、开发区安监局和管委会，公安、卫生、教育等部门尚未加入。',
      links: [{ type: 'COMMITTEE', id: communityId }],
    },
    '2.2': {
      note: `${survey.year}年居民问卷：知晓率${survey.awarenessRate}%，参与率${survey.participationRate}%，均未达到80%。`,
      links: [{ type: 'SURVEY', id: surveyRecordId }],
    },
    '7.1': { note: '近12个月未组织应急演练；计划与开发区消防部门联合开展疏散演练。' },
    '10.1': { note: '档案按AQ/T 9001要素整理中，多数要素尚无归档材料。' },
  };
  // Where the office knows its gap, its own grade says so (the rest are its, drawn above).
  const known: Record<string, Partial<Record<SheetPart, SheetGrade>>> = { '1.1': { PRESENCE: 'C' }, '2.2': { EFFECT: 'B' }, '7.1': { PRESENCE: 'C' } };
  for (const [itemId, extra] of Object.entries(notes)) {
    const item = items[itemId];
    if (item) items[itemId] = { ...item, ...extra, parts: { ...item.parts, ...known[itemId] } };
  }
  return items;
}

/** A training of last autumn (SYNTHETIC): 杜店 is active, but has held no drill. */
export function dudianRecentTraining(today: string) {
  return {
    key: 'binzhou-kfq-dudian-resident-training-recent',
    input: {
      kind: 'TRAINING' as const,
      topic: '安全社区创建知识培训（居民骨干、楼长）',
      heldOn: daysBefore(today, 75),
      audienceGroups: ['ALL_RESIDENTS' as const],
      attendeeCount: 46,
      organiser: '杜店街道办事处',
      description: '讲解安全社区创建要求和居家安全常识（合成记录）。',
    },
  };
}

/**
 * Synthetic incidents of 杜店 in the three full years before `today`'s year, falling every year
 * (16, 14, 10): its last full year has fewer than the year before, as the NATIONAL rule asks.
 * externalIds `demo-dudian-<year>-<nnn>`.
 */
export const DUDIAN_INCIDENTS_BY_AGE: readonly [yearsAgo: number, count: number][] = [
  [3, 16],
  [2, 14],
  [1, 10],
];

const DUDIAN_SCENARIOS: readonly {
  cause: DemoIncidentInput['cause'];
  place: DemoIncidentInput['place'];
  activity: DemoIncidentInput['activity'];
  accidentType?: DemoIncidentInput['accidentType'];
  text: string;
  loss: number;
}[] = [
  { cause: 'ROAD_TRAFFIC', place: 'ROAD', activity: 'TRAVEL', text: '电动自行车与小型客车在路口相撞，', loss: 600_000 },
  { cause: 'ROAD_TRAFFIC', place: 'ROAD', activity: 'WALKING', text: '行人横过马路时被转弯车辆刮倒，', loss: 200_000 },
  { cause: 'FALL', place: 'HOME', activity: 'VITAL_ACTIVITY', text: '老人在家中卫生间滑倒，', loss: 50_000 },
  { cause: 'FALL', place: 'WORKPLACE', activity: 'WORK', accidentType: 'FALL_FROM_HEIGHT', text: '工人在车间登高作业时坠落，', loss: 800_000 },
  { cause: 'MACHINERY', place: 'WORKPLACE', activity: 'WORK', accidentType: 'MACHINERY', text: '工人操作冲压设备时手部受伤，', loss: 500_000 },
  { cause: 'BURN', place: 'HOME', activity: 'VITAL_ACTIVITY', text: '做饭时热油溅出烫伤，', loss: 30_000 },
];

export function dudianIncidents(today: string): DemoIncidentInput[] {
  const thisYear = Number(today.slice(0, 4));
  const rows: DemoIncidentInput[] = [];
  for (const [yearsAgo, count] of DUDIAN_INCIDENTS_BY_AGE) {
    const year = thisYear - yearsAgo;
    const random = prng(`safe-community-demo-dudian-incidents:${year}`);
    const drafts = Array.from({ length: count }, () => {
      const scenario = DUDIAN_SCENARIOS[Math.floor(random() * DUDIAN_SCENARIOS.length)] ?? DUDIAN_SCENARIOS[0]!;
      const month = 1 + Math.floor(random() * 12);
      const day = 1 + Math.floor(random() * 28);
      const hour = 7 + Math.floor(random() * 13);
      const minute = Math.floor(random() * 60);
      const serious = random() < 0.25;
      return { scenario, occurredAt: `${year}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:00+08:00`, serious, loss: Math.round(scenario.loss * (0.5 + random())), male: random() < 0.6 };
    }).sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
    drafts.forEach((draft, index) => {
      rows.push({
        externalId: `demo-dudian-${year}-${pad(index + 1, 3)}`,
        occurredAt: draft.occurredAt,
        cause: draft.scenario.cause,
        intent: 'UNINTENTIONAL',
        place: draft.scenario.place,
        activity: draft.scenario.activity,
        ...(draft.scenario.accidentType ? { accidentType: draft.scenario.accidentType } : {}),
        severity: draft.serious ? 'SERIOUS' : 'MINOR',
        deaths: 0,
        injured: 1,
        economicLoss: draft.loss,
        victimAgeGroup: draft.scenario.place === 'HOME' ? 'AGE_60_74' : 'AGE_25_44',
        victimSex: draft.male ? 'MALE' : 'FEMALE',
        description: `${draft.scenario.text}造成1人受伤。`,
      });
    });
  }
  return rows;
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

function daysBefore(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}
