import { describe, expect, it } from 'vitest';
import { AQT_ELEMENTS, type AqtElement } from '#evidence/model.ts';
import { latestBundledSheet } from '#review/bundled-sheets.ts';
import type { CommunityFacts, EvidenceCount } from '#review/facts.ts';
import { scoreSheet } from '#review/scoring.ts';
import type { ScoringSheet } from '#review/sheet.ts';
import { incidentTrend, suggest, suggestedGrades } from '#review/suggestions.ts';

/**
 * The suggestion rules (suggestions.ts) on the bundled sheets and on small sheets built here:
 * every required rule, each default, the checklist mapping, and that every part of every item
 * gets a grade on the sheet's scale with a reason.
 */
const national = latestBundledSheet('national-onsite')!;
const city = latestBundledSheet('city')!;
const isccc = latestBundledSheet('isccc')!;

const evidence = (count: EvidenceCount, overrides: Partial<Record<AqtElement, EvidenceCount>> = {}) =>
  ({ ...Object.fromEntries(AQT_ELEMENTS.map((element) => [element, count])), ...overrides }) as Record<AqtElement, EvidenceCount>;

/** A community that does everything well: every rule gives A. Tests change what they are about. */
function facts(overrides: Partial<CommunityFacts> = {}): CommunityFacts {
  return {
    communityId: 'c1',
    today: '2026-12-01',
    launchedOn: '2020-03-01',
    committee: { members: 12, sectors: ['GOVERNMENT', 'SAFETY_SUPERVISION', 'POLICE', 'FIRE', 'HEALTH', 'EDUCATION'], workingGroups: 6 },
    evidenceByElement: evidence(3),
    projects: { count: 6, withGoals: 6, withBudget: 6, interventions: 20, interventionsDone: 12 },
    lastTwelveMonths: { since: '2026-01', activities: 24, drills: 2, inspections: 8 },
    incidents: {
      thisYear: { year: 2026, count: 30, deaths: 0, injured: 30 },
      lastYear: { year: 2025, count: 40, deaths: 0, injured: 41 },
      yearBefore: { year: 2024, count: 55, deaths: 1, injured: 60 },
    },
    survey: { year: 2026, awarenessRate: 91.5, participationRate: 86, sampleSize: 400 },
    hazards: {
      sources: 26,
      sourcesByLevel: { RED: 2, ORANGE: 6, YELLOW: 10, BLUE: 8 },
      sourcesInspected: 26,
      subjects: 40,
      subjectsOverdue: 0,
      dangersFound: 20,
      dangersVerified: 19,
      dangersAwaiting: 1,
      dangersOverdue: 0,
      dangersOverdueMajor: 0,
      reportsReceived: 10,
      reportsAnsweredInTime: 10,
      reportsOverdue: 0,
    },
    ...overrides,
  };
}

/** The suggested grade of every item with a signal, per part. */
function gradesOf(sheet: ScoringSheet, values: CommunityFacts, predicate: (item: ScoringSheet['items'][number]) => boolean, part: 'PRESENCE' | 'TRACES' | 'EFFECT' | 'COMPLIANCE') {
  const suggestions = suggest(sheet, values);
  const items = sheet.items.filter(predicate);
  expect(items.length).toBeGreaterThan(0);
  return items.map((item) => suggestions[item.id]![part]!);
}

const withSignal = (signal: string) => (item: ScoringSheet['items'][number]) => item.signals.includes(signal as never);

describe('every part gets a grade on the sheet scale and a reason', () => {
  for (const sheet of [national, city, isccc]) {
    it(`${sheet.id}: all ${sheet.items.length} items`, () => {
      for (const values of [facts(), facts({ committee: undefined, evidenceByElement: evidence(0), survey: undefined })]) {
        const suggestions = suggest(sheet, values);
        const scale = new Set(sheet.scale.map((step) => step.grade));
        expect(Object.keys(suggestions).sort()).toEqual(sheet.items.map((item) => item.id).sort());
        for (const item of sheet.items) {
          for (const { part } of item.parts) {
            const suggestion = suggestions[item.id]?.[part];
            expect(suggestion, `${item.id} ${part}`).toBeDefined();
            expect(scale.has(suggestion!.grade), `${item.id} ${part} ${suggestion!.grade}`).toBe(true);
            expect(suggestion!.reason.length).toBeGreaterThan(10);
          }
          expect(Object.keys(suggestions[item.id]!).sort()).toEqual(item.parts.map((part) => part.part).sort());
        }
      }
    });
  }

  it('a community that does everything well is suggested A everywhere and the projection passes with 150', () => {
    const suggestions = suggest(national, facts());
    const grades = Object.values(suggestions).flatMap((parts) => Object.values(parts).map((suggestion) => suggestion.grade));
    expect(new Set(grades)).toEqual(new Set(['A']));
    const result = scoreSheet(national, suggestedGrades(suggestions));
    expect(result.total).toBe(150_000);
    expect(result.outcome).toBe('PASS');
  });
});

describe('required rules', () => {
  it('no AVAILABLE evidence in an item’s element → TRACES D (and only in that element)', () => {
    const values = facts({ evidenceByElement: evidence(3, { EMERGENCY_RESPONSE: 0 }) });
    const suggestions = suggest(national, values);
    for (const item of national.items) {
      const traces = suggestions[item.id]!.TRACES!;
      if (item.indicator === 7) {
        expect(traces.grade).toBe('D');
        expect(traces.reason).toMatch(/no AVAILABLE evidence.*EMERGENCY_RESPONSE/);
      } else expect(traces.grade).toBe('A');
    }
    // Fewer than three files: C for one, B for two.
    expect(gradesOf(national, facts({ evidenceByElement: evidence(3, { EMERGENCY_RESPONSE: 1 }) }), (item) => item.indicator === 7, 'TRACES').map((s) => s.grade)).toEqual(['C', 'C', 'C', 'C']);
    expect(gradesOf(national, facts({ evidenceByElement: evidence(3, { EMERGENCY_RESPONSE: 2 }) }), (item) => item.indicator === 7, 'TRACES').map((s) => s.grade)).toEqual(['B', 'B', 'B', 'B']);
  });

  it('a committee with members from fewer than 5 sectors → PRESENCE of COMMITTEE_SECTORS items at most C; no committee → D', () => {
    const four = facts({ committee: { members: 9, sectors: ['GOVERNMENT', 'POLICE', 'FIRE', 'HEALTH'], workingGroups: 3 } });
    for (const sheet of [national, city]) {
      const [presence] = gradesOf(sheet, four, withSignal('COMMITTEE_SECTORS'), 'PRESENCE');
      expect(presence!.grade).toBe('C');
      expect(presence!.reason).toMatch(/4 sectors.*fewer than the 5/);
    }
    const five = facts({ committee: { members: 9, sectors: ['GOVERNMENT', 'POLICE', 'FIRE', 'HEALTH', 'EDUCATION'], workingGroups: 3 } });
    expect(gradesOf(national, five, withSignal('COMMITTEE_SECTORS'), 'PRESENCE')[0]!.grade).toBe('A');
    const none = facts({ committee: undefined });
    expect(gradesOf(national, none, withSignal('COMMITTEE_SECTORS'), 'PRESENCE')[0]!.grade).toBe('D');
    expect(gradesOf(national, facts({ committee: { members: 0, sectors: [], workingGroups: 0 } }), withSignal('COMMITTEE_SECTORS'), 'PRESENCE')[0]!.grade).toBe('D');
    // Item 1.1 is the leadership body: the rule bears on it.
    expect(national.items.find((item) => item.id === '1.1')!.signals).toContain('COMMITTEE_SECTORS');
  });

  it('no drill in the last 12 months → PRESENCE of DRILLS items D', () => {
    const values = facts({ lastTwelveMonths: { since: '2026-01', activities: 10, drills: 0, inspections: 8 } });
    for (const sheet of [national, city]) {
      const presences = gradesOf(sheet, values, withSignal('DRILLS'), 'PRESENCE');
      expect(presences.map((s) => s.grade)).toEqual(presences.map(() => 'D'));
      expect(presences[0]!.reason).toMatch(/no emergency drill.*since 2026-01/);
    }
    // Every item of indicator 7 carries the signal.
    expect(national.items.filter((item) => item.indicator === 7).every(withSignal('DRILLS'))).toBe(true);
    expect(gradesOf(national, facts({ lastTwelveMonths: { since: '2026-01', activities: 10, drills: 1, inspections: 8 } }), withSignal('DRILLS'), 'PRESENCE')[0]!.grade).toBe('A');
  });

  it('incidents not falling year over year → EFFECT of INCIDENT_TREND items at most C; falling → A', () => {
    const flat = facts({
      incidents: {
        thisYear: { year: 2026, count: 10, deaths: 0, injured: 10 },
        lastYear: { year: 2025, count: 40, deaths: 0, injured: 40 },
        yearBefore: { year: 2024, count: 40, deaths: 0, injured: 40 },
      },
    });
    for (const sheet of [national, city]) {
      const effects = gradesOf(sheet, flat, withSignal('INCIDENT_TREND'), 'EFFECT');
      expect(effects.map((s) => s.grade)).toEqual(effects.map(() => 'C'));
      expect(effects[0]!.reason).toMatch(/did not fall: 40 incidents recorded in 2025 against 40 in 2024/);
    }
    const rising = facts({ incidents: { ...flat.incidents, lastYear: { year: 2025, count: 41, deaths: 0, injured: 41 } } });
    expect(gradesOf(national, rising, withSignal('INCIDENT_TREND'), 'EFFECT').every((s) => s.grade === 'C')).toBe(true);
    expect(gradesOf(national, facts(), withSignal('INCIDENT_TREND'), 'EFFECT').every((s) => s.grade === 'A')).toBe(true);
    // Every item of indicator 9 carries the signal.
    expect(national.items.filter((item) => item.indicator === 9).every(withSignal('INCIDENT_TREND'))).toBe(true);
  });

  it('survey awareness or participation below 80 % → EFFECT of SURVEY_RATES items at most B', () => {
    for (const survey of [
      { year: 2026, awarenessRate: 79.9, participationRate: 90, sampleSize: 300 },
      { year: 2026, awarenessRate: 90, participationRate: 72, sampleSize: 300 },
    ]) {
      const effects = gradesOf(national, facts({ survey }), withSignal('SURVEY_RATES'), 'EFFECT');
      expect(effects.map((s) => s.grade)).toEqual(effects.map(() => 'B'));
      expect(effects[0]!.reason).toMatch(/below 80 %/);
    }
    expect(gradesOf(national, facts({ survey: { year: 2025, awarenessRate: 80, participationRate: 80, sampleSize: 300 } }), withSignal('SURVEY_RATES'), 'EFFECT').every((s) => s.grade === 'A')).toBe(true);
    expect(gradesOf(national, facts({ survey: { year: 2025, awarenessRate: 55, participationRate: 80, sampleSize: 300 } }), withSignal('SURVEY_RATES'), 'EFFECT').every((s) => s.grade === 'C')).toBe(true);
    expect(gradesOf(national, facts({ survey: undefined }), withSignal('SURVEY_RATES'), 'EFFECT').every((s) => s.grade === 'C')).toBe(true);
    // Every item of indicator 2 carries the signal.
    expect(national.items.filter((item) => item.indicator === 2).every(withSignal('SURVEY_RATES'))).toBe(true);
  });
});

describe('defaults', () => {
  it('working groups: none D, one B, two or more A', () => {
    const groups = (workingGroups: number) => facts({ committee: { members: 12, sectors: ['GOVERNMENT', 'SAFETY_SUPERVISION', 'POLICE', 'FIRE', 'HEALTH'], workingGroups } });
    expect(gradesOf(national, groups(0), withSignal('WORKING_GROUPS'), 'PRESENCE')[0]!.grade).toBe('D');
    expect(gradesOf(national, groups(1), withSignal('WORKING_GROUPS'), 'PRESENCE')[0]!.grade).toBe('B');
    expect(gradesOf(national, groups(2), withSignal('WORKING_GROUPS'), 'PRESENCE')[0]!.grade).toBe('A');
  });

  it('goals and funding: no project D, none with them C, some B, all A', () => {
    const projects = (count: number, withGoals: number, withBudget: number) => facts({ projects: { count, withGoals, withBudget, interventions: 0, interventionsDone: 0 } });
    const item = (id: string) => (candidate: ScoringSheet['items'][number]) => candidate.id === id;
    expect(gradesOf(national, projects(0, 0, 0), item('1.4'), 'PRESENCE')[0]!.grade).toBe('D');
    expect(gradesOf(national, projects(4, 0, 4), item('1.4'), 'PRESENCE')[0]!.grade).toBe('C');
    expect(gradesOf(national, projects(4, 2, 4), item('1.4'), 'PRESENCE')[0]!.grade).toBe('B');
    expect(gradesOf(national, projects(4, 4, 0), item('1.5'), 'PRESENCE')[0]!.grade).toBe('C');
    expect(gradesOf(national, projects(4, 4, 4), item('1.5'), 'PRESENCE')[0]!.grade).toBe('A');
    // Item 4.4 reads both: the worse decides, and both reasons are given.
    const both = gradesOf(national, projects(4, 4, 1), item('4.4'), 'PRESENCE')[0]!;
    expect(both.grade).toBe('B');
    expect(both.reason).toMatch(/1 of 4 promotion projects record a budget.*4 of 4 promotion projects record goals/);
  });

  it('projects, activities, inspections: none D, few B, enough A', () => {
    const item = (id: string) => (candidate: ScoringSheet['items'][number]) => candidate.id === id;
    const projects = (count: number) => facts({ projects: { count, withGoals: count, withBudget: count, interventions: count, interventionsDone: 0 } });
    expect(['0', '2', '3'].map((n) => gradesOf(national, projects(Number(n)), item('5.1'), 'PRESENCE')[0]!.grade)).toEqual(['D', 'B', 'A']);
    const months = (activities: number, inspections: number) => facts({ lastTwelveMonths: { since: '2026-01', activities, drills: 1, inspections } });
    expect([0, 3, 4].map((n) => gradesOf(national, months(n, 8), item('6.2'), 'PRESENCE')[0]!.grade)).toEqual(['D', 'B', 'A']);
    expect([0, 3, 4].map((n) => gradesOf(national, months(10, n), item('8.3'), 'PRESENCE')[0]!.grade)).toEqual(['D', 'B', 'A']);
  });

  it('incident records: none last year nor this year C, none last year B, else A', () => {
    const item = (candidate: ScoringSheet['items'][number]) => candidate.id === '9.1';
    const incidents = (lastYear: number, thisYear: number) =>
      facts({
        incidents: {
          thisYear: { year: 2026, count: thisYear, deaths: 0, injured: 0 },
          lastYear: { year: 2025, count: lastYear, deaths: 0, injured: 0 },
          yearBefore: { year: 2024, count: 5, deaths: 0, injured: 0 },
        },
      });
    expect(gradesOf(national, incidents(0, 0), item, 'PRESENCE')[0]!.grade).toBe('C');
    expect(gradesOf(national, incidents(0, 2), item, 'PRESENCE')[0]!.grade).toBe('B');
    expect(gradesOf(national, incidents(3, 0), item, 'PRESENCE')[0]!.grade).toBe('A');
  });

  it('archive coverage: 12 elements A, 8 B, 4 C, fewer D', () => {
    const covering = (n: number) => facts({ evidenceByElement: Object.fromEntries(AQT_ELEMENTS.map((element, index) => [element, index < n ? 3 : 0])) as Record<AqtElement, EvidenceCount> });
    const item = (candidate: ScoringSheet['items'][number]) => candidate.id === '10.2';
    // Element 10 (ARCHIVES) is the tenth: covered in every case (so 12, 8, 4 and 3 elements), so traces stay out of it.
    expect([12, 7, 3, 2].map((n) => gradesOf(national, { ...covering(n), evidenceByElement: { ...covering(n).evidenceByElement, ARCHIVES: 3 } }, item, 'PRESENCE')[0]!.grade)).toEqual(['A', 'B', 'C', 'D']);
  });

  it('an item without a signal reads its element’s evidence for presence, and its effect follows presence and traces', () => {
    const item = (candidate: ScoringSheet['items'][number]) => candidate.id === '3.1';
    expect(national.items.find(item)!.signals).toEqual([]);
    expect(gradesOf(national, facts({ evidenceByElement: evidence(3, { RISK_ASSESSMENT: 0 }) }), item, 'PRESENCE')[0]!.grade).toBe('C');
    expect(gradesOf(national, facts({ evidenceByElement: evidence(3, { RISK_ASSESSMENT: 1 }) }), item, 'PRESENCE')[0]!.grade).toBe('B');
    const effect = gradesOf(national, facts({ evidenceByElement: evidence(3, { RISK_ASSESSMENT: 0 }) }), item, 'EFFECT')[0]!;
    expect(effect.grade).toBe('D');
    expect(effect.reason).toMatch(/no outcome measure/);
  });

  it('a small sheet with a custom scale gets grades its scale has', () => {
    const sheet: ScoringSheet = {
      ...national,
      id: 'small',
      indicators: [{ ...national.indicators[6]!, number: 1 }],
      items: [{ ...national.items.find((item) => item.id === '7.3')!, indicator: 1, id: '1.1' }],
      scale: [
        { grade: 'A', percent: 100, meaning: 'complete' },
        { grade: 'D', percent: 0, meaning: 'blank' },
      ],
      total: 3,
      rule: { pass: { minTotal: 2, noZeroItem: true }, source: 'test' },
    };
    const suggestions = suggest(sheet, facts({ evidenceByElement: evidence(3, { EMERGENCY_RESPONSE: 2 }) }));
    // Traces B (two files) is not on this scale: the best step not above 70 % is D.
    expect(suggestions['1.1']!.TRACES!.grade).toBe('D');
    expect(suggestions['1.1']!.PRESENCE!.grade).toBe('A');
  });
});

describe('checklist (ISCCC)', () => {
  it('COMPLIANCE: MET when every fact is good, PARTLY on a defect, NOT_MET when a fact is missing', () => {
    const item = (id: string) => (candidate: ScoringSheet['items'][number]) => candidate.id === id;
    expect(gradesOf(isccc, facts(), item('1.1'), 'COMPLIANCE')[0]!.grade).toBe('MET');
    const four = facts({ committee: { members: 9, sectors: ['GOVERNMENT', 'POLICE', 'FIRE', 'HEALTH'], workingGroups: 3 } });
    const partly = gradesOf(isccc, four, item('1.1'), 'COMPLIANCE')[0]!;
    expect(partly.grade).toBe('PARTLY');
    expect(partly.reason).toMatch(/fewer than the 5 sectors/);
    expect(gradesOf(isccc, facts({ committee: undefined }), item('1.1'), 'COMPLIANCE')[0]!.grade).toBe('NOT_MET');
    // Evaluation of effect (5.2) reads the trend and the survey.
    const flat = facts({ incidents: { ...facts().incidents, lastYear: { year: 2025, count: 60, deaths: 0, injured: 60 } } });
    expect(gradesOf(isccc, flat, item('5.2'), 'COMPLIANCE')[0]!.grade).toBe('PARTLY');
    // No evidence under the indicator's element: not met.
    const element = isccc.indicators.find((indicator) => indicator.number === 1)!.element;
    expect(gradesOf(isccc, facts({ evidenceByElement: evidence(3, { [element]: 0 }) }), item('1.1'), 'COMPLIANCE')[0]!.grade).toBe('NOT_MET');
  });
});

describe('incidentTrend', () => {
  it('falling only when the last full year has fewer incidents than the year before', () => {
    const trend = (lastYear: number, yearBefore: number) =>
      incidentTrend(
        facts({
          incidents: {
            thisYear: { year: 2026, count: 0, deaths: 0, injured: 0 },
            lastYear: { year: 2025, count: lastYear, deaths: 0, injured: 0 },
            yearBefore: { year: 2024, count: yearBefore, deaths: 0, injured: 0 },
          },
        }),
      );
    expect(trend(9, 10)).toMatchObject({ falling: true, lastYear: { year: 2025, count: 9 }, yearBefore: { year: 2024, count: 10 } });
    expect(trend(9, 10).reason).toBe('incidents fell: 9 incidents recorded in 2025 against 10 in 2024');
    expect(trend(10, 10).falling).toBe(false);
    expect(trend(11, 10).falling).toBe(false);
    expect(trend(0, 0)).toMatchObject({ falling: false });
    expect(trend(0, 0).reason).toMatch(/no fall shown/);
  });
});

describe('hazard signals (AQ/T 9001 elements 3, 8 and 11)', () => {
  const hazards = (overrides: Partial<CommunityFacts['hazards']>) => facts({ hazards: { ...facts().hazards, ...overrides } });
  const presence = (sheet: ScoringSheet, values: CommunityFacts, id: string) => gradesOf(sheet, values, (item) => item.id === id, 'PRESENCE')[0]!;

  it('the sheets read them where their items ask for a register, coverage and corrective actions', () => {
    const signals = (sheet: ScoringSheet, id: string) => sheet.items.find((item) => item.id === id)!.signals;
    for (const sheet of [national, city]) {
      expect(signals(sheet, '3.2'), sheet.id).toContain('HAZARD_REGISTER');
      expect(signals(sheet, '8.1'), sheet.id).toContain('INSPECTION_COVERAGE');
      expect(signals(sheet, '8.3'), sheet.id).toEqual(['INSPECTIONS', 'INSPECTION_COVERAGE', 'DANGER_RECTIFICATION']);
      for (const id of ['11.1', '11.3', '11.4']) expect(signals(sheet, id), `${sheet.id} ${id}`).toContain('DANGER_RECTIFICATION');
    }
    expect(signals(isccc, '4.1')).toEqual(['HAZARD_REGISTER']);
    // A procedure document (3.1) shows in the archive only.
    expect(signals(national, '3.1')).toEqual([]);
  });

  it('HAZARD_REGISTER: none D; fewer than half of the sources inspected C; some not yet B; every one A, with the levels in the reason', () => {
    const none = presence(national, hazards({ sources: 0, sourcesByLevel: { RED: 0, ORANGE: 0, YELLOW: 0, BLUE: 0 }, sourcesInspected: 0 }), '3.2');
    expect(none.grade).toBe('D');
    expect(none.reason).toMatch(/no hazard source \(危险源\) is in the register/);
    expect(presence(national, hazards({ sourcesInspected: 12 }), '3.2').grade).toBe('C');
    expect(presence(national, hazards({ sourcesInspected: 13 }), '3.2').grade).toBe('B');
    const all = presence(national, facts(), '3.2');
    expect(all).toEqual({ grade: 'A', reason: '26 hazard sources in the register (2 red 重大, 6 orange 较大, 10 yellow 一般, 8 blue 低); 26 of them inspected at least once' });
    expect(presence(city, hazards({ sourcesInspected: 0 }), '3.3').grade).toBe('C');
  });

  it('INSPECTION_COVERAGE: nothing registered C; none overdue A; up to 10 % B; more C; all D', () => {
    expect(presence(national, hazards({ subjects: 0, subjectsOverdue: 0 }), '8.1').grade).toBe('C');
    expect(presence(national, facts(), '8.1').reason).toBe('8 inspections recorded since 2026-01; none of 40 supervised units and hazard sources is past its inspection due day today');
    expect(presence(national, hazards({ subjectsOverdue: 4 }), '8.1').grade).toBe('B');
    const five = presence(national, hazards({ subjectsOverdue: 5 }), '8.1');
    expect(five).toEqual({ grade: 'C', reason: "5 of 40 supervised units and hazard sources are past their inspection due day today (by their grade's frequency); 8 inspections recorded since 2026-01" });
    expect(presence(national, hazards({ subjectsOverdue: 40 }), '8.1').grade).toBe('D');
    // The inspections of the last 12 months still count: the worst decides, every reason given.
    const item = presence(national, { ...hazards({ subjectsOverdue: 4 }), lastTwelveMonths: { ...facts().lastTwelveMonths, inspections: 0 } }, '8.1');
    expect(item.grade).toBe('D');
    expect(item.reason).toMatch(/no safety inspection .* 4 of 40/);
  });

  it('DANGER_RECTIFICATION: none found C; rate ≥ 90 % A, ≥ 60 % B, else C; an overdue danger at most C, a MAJOR one D', () => {
    const rectification = (values: CommunityFacts) => presence(national, values, '11.1');
    // 11.1 also reads the inspections that find the problems.
    expect(rectification(facts())).toEqual({ grade: 'A', reason: '8 inspections recorded since 2026-01; 19 of 20 hidden dangers found since 2026-01 verified fixed (整改率 95 %); none overdue today' });
    expect(presence(national, facts(), '11.3').reason).toBe('19 of 20 hidden dangers found since 2026-01 verified fixed (整改率 95 %); none overdue today');
    expect(rectification(hazards({ dangersVerified: 17 })).grade).toBe('B');
    expect(rectification(hazards({ dangersVerified: 11 })).grade).toBe('C');
    expect(rectification(hazards({ dangersFound: 0, dangersVerified: 0 })).reason).toMatch(/no hidden danger \(隐患\) recorded since 2026-01/);
    const late = rectification(hazards({ dangersOverdue: 1 }));
    expect(late.grade).toBe('C');
    expect(late.reason).toMatch(/^1 overdue today \(past the deadline, not yet reported fixed\)/);
    expect(rectification(hazards({ dangersOverdue: 2, dangersOverdueMajor: 1 }))).toMatchObject({ grade: 'D', reason: expect.stringMatching(/1 of them MAJOR/) });
    // 8.3 asks for both: coverage and dangers followed to their correction.
    expect(presence(national, hazards({ subjectsOverdue: 5 }), '8.3').grade).toBe('C');
    expect(presence(city, hazards({ dangersOverdueMajor: 1, dangersOverdue: 1 }), '8.3').grade).toBe('D');
  });

  it('RESIDENT_REPORTS (supervision by residents, 8.4): none received C; answered within 7 days ≥ 90 % A, ≥ 60 % B, else C; one unanswered after 7 days at most C', () => {
    const reports = (values: CommunityFacts) => presence(national, values, '8.4');
    expect(national.items.find((item) => item.id === '8.4')!.signals).toEqual(['INSPECTIONS', 'RESIDENT_REPORTS']);
    expect(reports(facts()).grade).toBe('A');
    expect(reports(facts()).reason).toContain('10 of 10 residents\' reports received since 2026-01 answered within 7 days');
    expect(reports(hazards({ reportsAnsweredInTime: 7 })).grade).toBe('B');
    expect(reports(hazards({ reportsAnsweredInTime: 5 })).grade).toBe('C');
    expect(reports(hazards({ reportsOverdue: 1 }))).toMatchObject({ grade: 'C', reason: expect.stringMatching(/^1 unanswered after 7 days/) });
    expect(reports(hazards({ reportsReceived: 0, reportsAnsweredInTime: 0 })).reason).toMatch(/no resident's report \(群众举报\) received since 2026-01/);
  });
});
