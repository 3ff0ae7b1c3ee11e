import { AQT_ELEMENT_NAMES, type AqtElement } from '#evidence/model.ts';
import type { CommunityFacts, YearIncidents } from './facts.ts';
import type { Grades } from './scoring.ts';
import type { ScoringSheet, SheetGrade, SheetItem, SheetPart, SheetSignal } from './sheet.ts';

/**
 * The platform's proposal for every part of every item of a sheet, from the community's own data
 * (facts.ts), so an office sees its weak points before a reviewer does. Pure: no read, no clock
 * (the facts carry the day they were read for).
 *
 * Each part gets a grade on the A–D scale first, then the sheet's own scale (a checklist's
 * COMPLIANCE: A → MET, B and C → PARTLY, D → NOT_MET). Where several facts bear on a part, the
 * worst decides and every reason is given.
 *
 *   PRESENCE (有无)   the item's presence signals (below); an item with none reads its effect
 *                     signals, and an item with no signal at all its element's evidence
 *   TRACES (痕迹)     AVAILABLE evidence filed under the item's element: none D, 1 C, 2 B, 3+ A
 *   EFFECT (效果)     the item's effect signals (INCIDENT_TREND, SURVEY_RATES); without one, the
 *                     lower of presence and traces: an effect is not shown by what is not there
 *
 * Presence signals: COMMITTEE_SECTORS (no committee D; members from fewer than 5 sectors C; else
 * A), WORKING_GROUPS (none D, 1 B, 2+ A), GOALS and FUNDING (no project D; no project with goals /
 * a budget C; some B; all A), PROJECTS (none D, 1–2 B, 3+ A), ACTIVITIES (none in the last 12
 * months D, 1–3 B, 4+ A), DRILLS (no drill in the last 12 months D, else A), INSPECTIONS (none D,
 * 1–3 B, 4+ A), INCIDENT_RECORDS (none last year nor this year C, none last year B, else A),
 * ARCHIVE (elements with evidence: 12 A, 8+ B, 4+ C, else D).
 * The hazards (issue 12), from the community's own register, subjects and dangers:
 * HAZARD_REGISTER (no hazard source in the register D; fewer than half of them ever inspected C;
 * some not yet B; every one A), INSPECTION_COVERAGE (no supervised unit or source registered C;
 * every one overdue D; more than 10 % overdue C; any B; none A), DANGER_RECTIFICATION (no hidden
 * danger found in the last 12 months C; a MAJOR one overdue today D; another overdue, or fewer
 * than 60 % of those found VERIFIED, C; fewer than 90 % B; else A), RESIDENT_REPORTS (no report
 * received in the last 12 months C; one unanswered after 7 days C; fewer than 60 % answered within
 * 7 days C, fewer than 90 % B; else A).
 * Effect signals: INCIDENT_TREND (fewer incidents in the last full year than the year before A,
 * otherwise at most C), SURVEY_RATES (no survey this year or last C; awareness or participation
 * below 60 % C, below 80 % B; else A).
 */
export interface PartSuggestion {
  readonly grade: SheetGrade;
  readonly reason: string;
}

/** Per item id, per part of the item: a suggestion for every part. */
export type Suggestions = Readonly<Record<string, Readonly<Partial<Record<SheetPart, PartSuggestion>>>>>;

type Level = 'A' | 'B' | 'C' | 'D';
const RANK: Readonly<Record<Level, number>> = { A: 3, B: 2, C: 1, D: 0 };
const PERCENT: Readonly<Record<Level, number>> = { A: 100, B: 70, C: 30, D: 0 };

interface Judgement {
  readonly level: Level;
  readonly reason: string;
}

/** The least number of sectors a cross-department committee (跨部门) draws its members from. */
export const MIN_COMMITTEE_SECTORS = 5;
/** Survey rates (percent) below which the effect of SURVEY_RATES items is at most B, and at most C. */
export const SURVEY_RATE_GOOD = 80;
export const SURVEY_RATE_POOR = 60;

const EFFECT_SIGNALS: ReadonlySet<SheetSignal> = new Set(['INCIDENT_TREND', 'SURVEY_RATES']);

export interface IncidentTrend {
  /** Fewer incidents in the last full year than in the year before. */
  readonly falling: boolean;
  readonly lastYear: YearIncidents;
  readonly yearBefore: YearIncidents;
  readonly reason: string;
}

/** Whether the community's incidents fell year over year (the NATIONAL eligibility rule and INCIDENT_TREND). */
export function incidentTrend(facts: CommunityFacts): IncidentTrend {
  const { lastYear, yearBefore } = facts.incidents;
  const falling = lastYear.count < yearBefore.count;
  const figures = `${lastYear.count} incident${lastYear.count === 1 ? '' : 's'} recorded in ${lastYear.year} against ${yearBefore.count} in ${yearBefore.year}`;
  const reason = falling
    ? `incidents fell: ${figures}`
    : lastYear.count === 0
      ? `no fall shown: ${figures} (nothing recorded in either year shows no trend)`
      : `incidents did not fall: ${figures}`;
  return { falling, lastYear, yearBefore, reason };
}

export function suggest(sheet: ScoringSheet, facts: CommunityFacts): Suggestions {
  const elements = new Map(sheet.indicators.map((indicator) => [indicator.number, indicator.element]));
  const suggestions: Record<string, Partial<Record<SheetPart, PartSuggestion>>> = {};
  for (const item of sheet.items) {
    const element = elements.get(item.indicator) ?? 'ORGANISATION';
    const presence = presenceOf(item, element, facts);
    const traces = tracesOf(element, facts);
    const effect = effectOf(item, presence, traces, facts);
    const parts: Partial<Record<SheetPart, PartSuggestion>> = {};
    for (const { part } of item.parts) {
      if (part === 'COMPLIANCE') {
        const worst = item.signals.some((signal) => EFFECT_SIGNALS.has(signal)) ? worse(presence, traces, effect) : worse(presence, traces);
        const grade: SheetGrade = worst.level === 'A' ? 'MET' : worst.level === 'D' ? 'NOT_MET' : 'PARTLY';
        parts.COMPLIANCE = { grade: onScale(sheet, grade, worst.level), reason: worst.reason };
        continue;
      }
      const judgement = part === 'PRESENCE' ? presence : part === 'TRACES' ? traces : effect;
      parts[part] = { grade: onScale(sheet, judgement.level, judgement.level), reason: judgement.reason };
    }
    suggestions[item.id] = parts;
  }
  return suggestions;
}

/** The suggested grades as grades (a projection of the sheet's outcome with `scoreSheet`). */
export function suggestedGrades(suggestions: Suggestions): Grades {
  const grades: Record<string, Partial<Record<SheetPart, SheetGrade>>> = {};
  for (const [itemId, parts] of Object.entries(suggestions)) {
    grades[itemId] = Object.fromEntries(Object.entries(parts).map(([part, suggestion]) => [part, suggestion.grade]));
  }
  return grades;
}

// ---- presence ----

function presenceOf(item: SheetItem, element: AqtElement, facts: CommunityFacts): Judgement {
  const presenceSignals = item.signals.filter((signal) => !EFFECT_SIGNALS.has(signal));
  const judgements = presenceSignals.map((signal) => presenceSignal(signal, facts));
  if (judgements.length === 0) {
    if (item.signals.includes('INCIDENT_TREND')) judgements.push(incidentRecords(facts));
    if (item.signals.includes('SURVEY_RATES')) {
      judgements.push(
        facts.survey
          ? { level: 'A', reason: `a survey of ${facts.survey.year} is recorded (知晓率、参与率调查)` }
          : { level: 'C', reason: `no survey recorded for ${year(facts)} or ${year(facts) - 1} (知晓率、参与率调查)` },
      );
    }
  }
  if (judgements.length === 0) {
    const count = facts.evidenceByElement[element];
    judgements.push(
      count === 0
        ? { level: 'C', reason: `the platform holds nothing on this item: no AVAILABLE evidence under element ${elementLabel(element)}; grade it from what you hold` }
        : {
            level: count >= 3 ? 'A' : 'B',
            reason: `${evidenceCount(count)} AVAILABLE under element ${elementLabel(element)}; the platform has no record that shows this item further`,
          },
    );
  }
  return worse(...judgements);
}

function presenceSignal(signal: SheetSignal, facts: CommunityFacts): Judgement {
  const { committee, projects, lastTwelveMonths: months } = facts;
  switch (signal) {
    case 'COMMITTEE_SECTORS': {
      if (!committee || committee.members === 0) return { level: 'D', reason: 'no promotion committee (安全社区促进委员会) with members is recorded' };
      const sectors = `${committee.members} member${committee.members === 1 ? '' : 's'} from ${committee.sectors.length} sector${committee.sectors.length === 1 ? '' : 's'} (${committee.sectors.join(', ')})`;
      return committee.sectors.length < MIN_COMMITTEE_SECTORS
        ? { level: 'C', reason: `the committee has ${sectors}: fewer than the ${MIN_COMMITTEE_SECTORS} sectors of a cross-department body (跨部门)` }
        : { level: 'A', reason: `the committee has ${sectors}` };
    }
    case 'WORKING_GROUPS': {
      const groups = committee?.workingGroups ?? 0;
      if (groups === 0) return { level: 'D', reason: 'no working group (项目组) is recorded on the committee' };
      return { level: groups >= 2 ? 'A' : 'B', reason: `${groups} working group${groups === 1 ? '' : 's'} (项目组) recorded${groups === 1 ? ': one group rarely matches all of a community’s problems' : ''}` };
    }
    case 'GOALS':
      return share(projects.count, projects.withGoals, 'goals (目标)');
    case 'FUNDING':
      return share(projects.count, projects.withBudget, 'a budget (经费)');
    case 'PROJECTS': {
      if (projects.count === 0) return { level: 'D', reason: 'no safety promotion project (安全促进项目) is recorded' };
      const interventions = projects.interventions > 0 ? ` with ${projects.interventions} intervention${projects.interventions === 1 ? '' : 's'} (${projects.interventionsDone} done)` : ' and no intervention';
      return { level: projects.count >= 3 ? 'A' : 'B', reason: `${projects.count} promotion project${projects.count === 1 ? '' : 's'} recorded${interventions}` };
    }
    case 'ACTIVITIES':
      return tiered(months.activities, 'activit', 'training, lecture, publicity, drill or inspection', months.since, 4);
    case 'DRILLS':
      return months.drills === 0
        ? { level: 'D', reason: `no emergency drill (应急演练) recorded since ${months.since} (the last 12 months)` }
        : { level: 'A', reason: `${months.drills} emergency drill${months.drills === 1 ? '' : 's'} (应急演练) recorded since ${months.since}` };
    case 'INSPECTIONS':
      return tiered(months.inspections, 'inspection', 'safety inspection (安全检查)', months.since, 4);
    case 'INCIDENT_RECORDS':
    case 'INCIDENT_TREND':
      return incidentRecords(facts);
    case 'ARCHIVE': {
      const covered = Object.values(facts.evidenceByElement).filter((count) => count > 0).length;
      const level: Level = covered === 12 ? 'A' : covered >= 8 ? 'B' : covered >= 4 ? 'C' : 'D';
      return { level, reason: `the archive (创建档案) holds AVAILABLE evidence under ${covered} of the 12 elements` };
    }
    case 'SURVEY_RATES':
      return facts.survey ? { level: 'A', reason: `a survey of ${facts.survey.year} is recorded` } : { level: 'C', reason: 'no survey recorded this year or last' };
    case 'HAZARD_REGISTER':
      return hazardRegister(facts);
    case 'INSPECTION_COVERAGE':
      return inspectionCoverage(facts);
    case 'DANGER_RECTIFICATION':
      return dangerRectification(facts);
    case 'RESIDENT_REPORTS':
      return residentReports(facts);
  }
}

/** Overdue subjects above this share of the register keep INSPECTION_COVERAGE at C. */
export const OVERDUE_SHARE_POOR = 0.1;
/** Shares of the hidden dangers found that are VERIFIED, for A and B (整改率). */
export const RECTIFICATION_RATE_GOOD = 0.9;
export const RECTIFICATION_RATE_POOR = 0.6;

const LEVEL_NAMES: Readonly<Record<keyof CommunityFacts['hazards']['sourcesByLevel'], string>> = { RED: 'red 重大', ORANGE: 'orange 较大', YELLOW: 'yellow 一般', BLUE: 'blue 低' };

function residentReports(facts: CommunityFacts): Judgement {
  const { reportsReceived, reportsAnsweredInTime, reportsOverdue } = facts.hazards;
  const since = facts.lastTwelveMonths.since;
  if (reportsReceived === 0) return { level: 'C', reason: `no resident's report (群众举报) received since ${since} (the last 12 months): supervision by residents does not show on the platform` };
  const rate = reportsAnsweredInTime / reportsReceived;
  const figures = `${reportsAnsweredInTime} of ${reportsReceived} residents' report${reportsReceived === 1 ? '' : 's'} received since ${since} answered within 7 days`;
  const judgements: Judgement[] = [{ level: rate >= RECTIFICATION_RATE_GOOD ? 'A' : rate >= RECTIFICATION_RATE_POOR ? 'B' : 'C', reason: figures }];
  if (reportsOverdue > 0) judgements.push({ level: 'C', reason: `${reportsOverdue} unanswered after 7 days` });
  return worse(...judgements);
}

function hazardRegister(facts: CommunityFacts): Judgement {
  const { sources, sourcesByLevel, sourcesInspected } = facts.hazards;
  if (sources === 0) return { level: 'D', reason: 'no hazard source (危险源) is in the register: the risk identification does not show on the platform' };
  const levels = Object.entries(sourcesByLevel)
    .filter(([, count]) => count > 0)
    .map(([level, count]) => `${count} ${LEVEL_NAMES[level as keyof typeof LEVEL_NAMES]}`)
    .join(', ');
  const figures = `${sources} hazard source${sources === 1 ? '' : 's'} in the register (${levels}); ${sourcesInspected} of them inspected at least once`;
  if (sourcesInspected === sources) return { level: 'A', reason: figures };
  return { level: sourcesInspected * 2 >= sources ? 'B' : 'C', reason: `${figures}: every source is inspected on site (逐一排查)` };
}

function inspectionCoverage(facts: CommunityFacts): Judgement {
  const { subjects, subjectsOverdue } = facts.hazards;
  if (subjects === 0) return { level: 'C', reason: 'no supervised unit (监管对象) or hazard source is registered: what is inspected and how often does not show on the platform' };
  const figures = `${subjectsOverdue} of ${subjects} supervised units and hazard sources are past their inspection due day today (by their grade's frequency)`;
  if (subjectsOverdue === 0) return { level: 'A', reason: `none of ${subjects} supervised units and hazard sources is past its inspection due day today` };
  if (subjectsOverdue === subjects) return { level: 'D', reason: figures };
  return { level: subjectsOverdue / subjects > OVERDUE_SHARE_POOR ? 'C' : 'B', reason: figures };
}

function dangerRectification(facts: CommunityFacts): Judgement {
  const { dangersFound, dangersVerified, dangersOverdue, dangersOverdueMajor } = facts.hazards;
  const since = facts.lastTwelveMonths.since;
  const overdue =
    dangersOverdue === 0
      ? 'none overdue today'
      : `${dangersOverdue} overdue today (past the deadline, not yet reported fixed)${dangersOverdueMajor > 0 ? `, ${dangersOverdueMajor} of them MAJOR (重大)` : ''}`;
  const judgements: Judgement[] = [];
  if (dangersFound === 0) {
    judgements.push({ level: 'C', reason: `no hidden danger (隐患) recorded since ${since} (the last 12 months): corrective actions do not show on the platform` });
  } else {
    const rate = dangersVerified / dangersFound;
    const figures = `${dangersVerified} of ${dangersFound} hidden danger${dangersFound === 1 ? '' : 's'} found since ${since} verified fixed (整改率 ${Math.round(rate * 1000) / 10} %)`;
    judgements.push({ level: rate >= RECTIFICATION_RATE_GOOD ? 'A' : rate >= RECTIFICATION_RATE_POOR ? 'B' : 'C', reason: figures });
  }
  if (dangersOverdueMajor > 0) judgements.push({ level: 'D', reason: overdue });
  else if (dangersOverdue > 0) judgements.push({ level: 'C', reason: overdue });
  else if (dangersFound > 0) judgements.push({ level: 'A', reason: overdue });
  return worse(...judgements);
}

function share(projects: number, withIt: number, what: string): Judgement {
  if (projects === 0) return { level: 'D', reason: `no promotion project is recorded, so none with ${what}` };
  const figures = `${withIt} of ${projects} promotion project${projects === 1 ? '' : 's'} record ${what}`;
  if (withIt === 0) return { level: 'C', reason: figures };
  return { level: withIt >= projects ? 'A' : 'B', reason: figures };
}

function tiered(count: number, stem: string, what: string, since: string, good: number): Judgement {
  const noun = stem === 'activit' ? (count === 1 ? 'activity' : 'activities') : `${stem}${count === 1 ? '' : 's'}`;
  if (count === 0) return { level: 'D', reason: `no ${what} recorded since ${since} (the last 12 months)` };
  return { level: count >= good ? 'A' : 'B', reason: `${count} ${noun} recorded since ${since}${count < good ? ` (fewer than ${good}, about one a quarter)` : ''}` };
}

function incidentRecords(facts: CommunityFacts): Judgement {
  const { lastYear, thisYear } = facts.incidents;
  if (lastYear.count > 0) return { level: 'A', reason: `${lastYear.count} incident${lastYear.count === 1 ? '' : 's'} recorded in ${lastYear.year} (事故与伤害记录)` };
  if (thisYear.count > 0) return { level: 'B', reason: `no incident recorded in ${lastYear.year}, ${thisYear.count} so far in ${thisYear.year}` };
  return {
    level: 'C',
    reason: `no incident recorded in ${lastYear.year} nor in ${thisYear.year}: the injury surveillance (首诊登记、门诊日志) does not show on the platform`,
  };
}

// ---- traces ----

function tracesOf(element: AqtElement, facts: CommunityFacts): Judgement {
  const count = facts.evidenceByElement[element];
  if (count === 0) return { level: 'D', reason: `no AVAILABLE evidence in the archive under element ${elementLabel(element)}` };
  const level: Level = count >= 3 ? 'A' : count === 2 ? 'B' : 'C';
  return { level, reason: `${evidenceCount(count)} AVAILABLE in the archive under element ${elementLabel(element)}` };
}

// ---- effect ----

function effectOf(item: SheetItem, presence: Judgement, traces: Judgement, facts: CommunityFacts): Judgement {
  const judgements: Judgement[] = [];
  if (item.signals.includes('INCIDENT_TREND')) {
    const trend = incidentTrend(facts);
    judgements.push({ level: trend.falling ? 'A' : 'C', reason: trend.reason });
  }
  if (item.signals.includes('SURVEY_RATES')) judgements.push(surveyEffect(facts));
  if (judgements.length > 0) return worse(...judgements);
  const lower = worse(presence, traces);
  return { level: lower.level, reason: `no outcome measure on the platform for this item: the effect follows what is there and shown (${lower.reason})` };
}

function surveyEffect(facts: CommunityFacts): Judgement {
  const survey = facts.survey;
  if (!survey) return { level: 'C', reason: `no survey recorded for ${year(facts)} or ${year(facts) - 1}: the effect on residents is not shown` };
  const low = Math.min(survey.awarenessRate, survey.participationRate);
  const rates = `the ${survey.year} survey found awareness (知晓率) ${survey.awarenessRate} % and participation (参与率) ${survey.participationRate} %`;
  if (low < SURVEY_RATE_POOR) return { level: 'C', reason: `${rates}: below ${SURVEY_RATE_POOR} %` };
  if (low < SURVEY_RATE_GOOD) return { level: 'B', reason: `${rates}: below ${SURVEY_RATE_GOOD} %` };
  return { level: 'A', reason: `${rates}` };
}

// ---- helpers ----

/** The worst of several judgements, with the reasons of every one at that level first. */
function worse(...judgements: readonly Judgement[]): Judgement {
  const level = judgements.reduce<Level>((lowest, judgement) => (RANK[judgement.level] < RANK[lowest] ? judgement.level : lowest), 'A');
  const deciding = judgements.filter((judgement) => judgement.level === level).map((judgement) => judgement.reason);
  const others = judgements.filter((judgement) => judgement.level !== level).map((judgement) => judgement.reason);
  return { level, reason: [...new Set([...deciding, ...others])].join('; ') };
}

/** A grade the sheet's scale has: the grade itself, else the best step not above the level's share. */
function onScale(sheet: ScoringSheet, grade: SheetGrade, level: Level): SheetGrade {
  if (sheet.scale.some((step) => step.grade === grade)) return grade;
  const share = PERCENT[level];
  return (sheet.scale.find((step) => step.percent <= share) ?? sheet.scale.at(-1))?.grade ?? grade;
}

const year = (facts: CommunityFacts) => Number(facts.today.slice(0, 4));
const elementLabel = (element: AqtElement) => `${element} (${AQT_ELEMENT_NAMES[element]})`;
const evidenceCount = (count: number) => (count >= 3 ? '3 or more files' : `${count} file${count === 1 ? '' : 's'}`);
