import { describe, expect, it } from 'vitest';
import type { Principal } from '#core/auth/principal.ts';
import {
  actionsFrom,
  awaitsRectification,
  DANGER_ACTIONS,
  DANGER_STATES,
  type DangerAction,
  type DangerState,
  dangerMoveRefusal,
  daysOverdue,
  deadlineIssue,
  ESCALATION_AFTER_DAYS,
  escalatedTo,
  escalationDay,
  escalationLadder,
  escalationsDue,
  escalationThreshold,
  isOverdue,
  moveInputIssues,
  transition,
} from '#hazard/danger-lifecycle.ts';

/** 南塔街道 (沈阳 沈河区), a street community: 9 digits. */
const nanta = { id: 'c-nanta', regionCode: '210103017' };
/** A county-level community (牡丹区): 6 digits. */
const mudan = { id: 'c-mudan', regionCode: '371702' };

const editor: Principal = { role: 'COMMUNITY_EDITOR', subject: 'editor-1', communityIds: [nanta.id] };
const otherEditor: Principal = { role: 'COMMUNITY_EDITOR', subject: 'editor-2', communityIds: [nanta.id, mudan.id] };
const strangerEditor: Principal = { role: 'COMMUNITY_EDITOR', subject: 'editor-3', communityIds: [mudan.id] };
const countyReviewer: Principal = { role: 'REVIEWER', subject: 'rev-county', regionPrefix: '210103' };
const cityReviewer: Principal = { role: 'REVIEWER', subject: 'rev-city', regionPrefix: '2101' };
const nationalReviewer: Principal = { role: 'REVIEWER', subject: 'rev-nation', regionPrefix: null };
const townReviewer: Principal = { role: 'REVIEWER', subject: 'rev-town', regionPrefix: '210103017' };
const elsewhereReviewer: Principal = { role: 'REVIEWER', subject: 'rev-dalian', regionPrefix: '2102' };
const analyst: Principal = { role: 'PROVINCIAL_ANALYST', subject: 'analyst', regionPrefix: '21' };
const admin: Principal = { role: 'ADMIN', subject: 'admin' };

describe('the state machine of a hidden danger', () => {
  const legal: Record<DangerAction, [DangerState, DangerState]> = {
    START_RECTIFICATION: ['OPEN', 'RECTIFYING'],
    REPORT_RECTIFIED: ['RECTIFYING', 'RECTIFIED'],
    VERIFY: ['RECTIFIED', 'VERIFIED'],
    REJECT_VERIFICATION: ['RECTIFIED', 'RECTIFYING'],
  };

  it('every legal move leads where the issue says: OPEN → RECTIFYING → RECTIFIED → VERIFIED, RECTIFIED → RECTIFYING on a failed verification', () => {
    for (const action of DANGER_ACTIONS) {
      const [from, to] = legal[action];
      expect(transition(from, action), action).toEqual({ to });
    }
  });

  it('every other (state, action) pair is refused with a reason naming the states: 16 pairs, 4 legal, 12 refused', () => {
    let refused = 0;
    for (const state of DANGER_STATES) {
      for (const action of DANGER_ACTIONS) {
        if (legal[action][0] === state) continue;
        const result = transition(state, action);
        expect(result.to, `${state} ${action}`).toBeUndefined();
        expect(result.refusal, `${state} ${action}`).toContain(action);
        refused += 1;
      }
    }
    expect(refused).toBe(12);
    expect(transition('OPEN', 'REPORT_RECTIFIED').refusal).toBe('REPORT_RECTIFIED moves a hidden danger from RECTIFYING, and this one is OPEN');
    expect(transition('VERIFIED', 'REJECT_VERIFICATION').refusal).toMatch(/^a VERIFIED hidden danger is closed/);
  });

  it('the actions offered from each state; VERIFIED is final', () => {
    expect(actionsFrom('OPEN')).toEqual(['START_RECTIFICATION']);
    expect(actionsFrom('RECTIFYING')).toEqual(['REPORT_RECTIFIED']);
    expect(actionsFrom('RECTIFIED')).toEqual(['VERIFY', 'REJECT_VERIFICATION']);
    expect(actionsFrom('VERIFIED')).toEqual([]);
  });

  it('a rectification carries photos after; a failed verification says why; the others need neither', () => {
    expect(moveInputIssues('REPORT_RECTIFIED', {})).toEqual([{ field: 'photoEvidenceIds', message: expect.stringContaining('photo') }]);
    expect(moveInputIssues('REPORT_RECTIFIED', { photoEvidenceIds: [] })).toHaveLength(1);
    expect(moveInputIssues('REPORT_RECTIFIED', { photoEvidenceIds: ['e-1'] })).toEqual([]);
    expect(moveInputIssues('REJECT_VERIFICATION', { reason: '   ' })).toEqual([{ field: 'reason', message: expect.any(String) }]);
    expect(moveInputIssues('REJECT_VERIFICATION', { reason: '软管仍未更换' })).toEqual([]);
    expect(moveInputIssues('START_RECTIFICATION', {})).toEqual([]);
    expect(moveInputIssues('VERIFY', {})).toEqual([]);
  });
});

describe('who may make each move', () => {
  const general = { severity: 'GENERAL' as const, rectifiedBy: 'editor-1' };
  const major = { severity: 'MAJOR' as const, rectifiedBy: 'editor-1' };
  const allowed = (principal: Principal, action: DangerAction, danger: Parameters<typeof dangerMoveRefusal>[2] = general, community = nanta) => dangerMoveRefusal(principal, community, danger, action) === undefined;

  it("the community's work (start, report rectified) is its own editors' (and ADMIN's); never a reviewer's, an analyst's or another community's editor's", () => {
    for (const action of ['START_RECTIFICATION', 'REPORT_RECTIFIED'] as const) {
      expect(allowed(editor, action), action).toBe(true);
      expect(allowed(otherEditor, action), action).toBe(true);
      expect(allowed(admin, action), action).toBe(true);
      for (const principal of [strangerEditor, countyReviewer, cityReviewer, nationalReviewer, townReviewer, analyst]) {
        expect(allowed(principal, action), `${principal.subject} ${action}`).toBe(false);
      }
    }
    expect(dangerMoveRefusal(countyReviewer, nanta, general, 'START_RECTIFICATION')).toBe("START_RECTIFICATION is recorded by the community's editors; REVIEWER may not");
  });

  it('a GENERAL danger is verified (or rejected) by another editor of the community or by a reviewer in region, of any level including the town', () => {
    for (const action of ['VERIFY', 'REJECT_VERIFICATION'] as const) {
      for (const principal of [otherEditor, townReviewer, countyReviewer, cityReviewer, nationalReviewer, admin]) {
        expect(allowed(principal, action), `${principal.subject} ${action}`).toBe(true);
      }
      for (const principal of [strangerEditor, elsewhereReviewer, analyst]) {
        expect(allowed(principal, action), `${principal.subject} ${action}`).toBe(false);
      }
    }
    expect(dangerMoveRefusal(elsewhereReviewer, nanta, general, 'VERIFY')).toBe('a reviewer verifies hidden dangers within their region only');
    expect(dangerMoveRefusal(analyst, nanta, general, 'VERIFY')).toBe('analysts read hidden dangers; they do not verify them');
  });

  it('four eyes: whoever reported the rectification does not verify or reject it, whatever their role; ADMIN excepted', () => {
    expect(dangerMoveRefusal(editor, nanta, general, 'VERIFY')).toMatch(/^whoever reported the rectification does not verify it/);
    expect(allowed(editor, 'REJECT_VERIFICATION')).toBe(false);
    expect(allowed(countyReviewer, 'VERIFY', { severity: 'GENERAL', rectifiedBy: 'rev-county' })).toBe(false);
    expect(allowed(admin, 'VERIFY', { severity: 'GENERAL', rectifiedBy: 'admin' })).toBe(true);
    // A rectification reported before the reporter was recorded: nobody is excluded.
    expect(allowed(editor, 'VERIFY', { severity: 'GENERAL', rectifiedBy: null })).toBe(true);
  });

  it("a MAJOR danger is verified above the street only: reviewers of the county, city, province or nation in region; never the community's editors or a town's reviewer", () => {
    for (const action of ['VERIFY', 'REJECT_VERIFICATION'] as const) {
      for (const principal of [countyReviewer, cityReviewer, nationalReviewer, admin]) expect(allowed(principal, action, major), `${principal.subject} ${action}`).toBe(true);
      for (const principal of [otherEditor, townReviewer, elsewhereReviewer, analyst, strangerEditor]) expect(allowed(principal, action, major), `${principal.subject} ${action}`).toBe(false);
    }
    expect(dangerMoveRefusal(otherEditor, nanta, major, 'VERIFY')).toMatch(/MAJOR .* not by the community$/);
    expect(dangerMoveRefusal(townReviewer, nanta, major, 'VERIFY')).toMatch(/not of a town$/);
  });
});

describe('deadlines and OVERDUE (China dates)', () => {
  it('a deadline from the day found up to 365 days after; before it or later is refused, naming the field', () => {
    expect(deadlineIssue('2026-03-01', '2026-03-01')).toBeUndefined();
    expect(deadlineIssue('2026-03-01', '2027-03-01')).toBeUndefined(); // 365 days
    expect(deadlineIssue('2026-03-01', '2027-03-02')).toEqual({ field: 'deadline', message: 'at most 365 days after the day it was found (2027-03-01)' });
    expect(deadlineIssue('2026-03-01', '2026-02-28')).toEqual({ field: 'deadline', message: 'must not be before the day the hidden danger was found (2026-03-01)' });
    // Across 29 February: 2028 is a leap year, so 365 days after 2028-01-01 is 2028-12-31.
    expect(deadlineIssue('2028-01-01', '2028-12-31')).toBeUndefined();
    expect(deadlineIssue('2028-01-01', '2029-01-01')?.field).toBe('deadline');
  });

  it('due on the deadline day is not overdue; the next day is, by one day; at month and year ends too', () => {
    const open = { state: 'OPEN' as const, deadline: '2026-01-31' };
    expect(isOverdue(open, '2026-01-30')).toBe(false);
    expect(isOverdue(open, '2026-01-31')).toBe(false);
    expect(isOverdue(open, '2026-02-01')).toBe(true);
    expect(daysOverdue(open, '2026-02-01')).toBe(1);
    expect(daysOverdue(open, '2026-03-01')).toBe(29);
    expect(daysOverdue({ state: 'RECTIFYING', deadline: '2026-12-31' }, '2027-01-01')).toBe(1);
    expect(daysOverdue({ state: 'RECTIFYING', deadline: '2028-02-28' }, '2028-03-01')).toBe(2); // 29 February 2028
  });

  it('only OPEN and RECTIFYING can be overdue: a RECTIFIED danger waits for its inspector, a VERIFIED one is closed; a failed verification makes it overdue again', () => {
    expect(DANGER_STATES.filter(awaitsRectification)).toEqual(['OPEN', 'RECTIFYING']);
    for (const state of ['RECTIFIED', 'VERIFIED'] as const) {
      expect(isOverdue({ state, deadline: '2026-01-01' }, '2026-06-01'), state).toBe(false);
      expect(daysOverdue({ state, deadline: '2026-01-01' }, '2026-06-01'), state).toBe(0);
    }
    const rejected = transition('RECTIFIED', 'REJECT_VERIFICATION').to!;
    expect(isOverdue({ state: rejected, deadline: '2026-01-01' }, '2026-06-01')).toBe(true);
  });
});

describe('escalation: the levels above the community, each told exactly once', () => {
  it("a street's ladder is its county, city, province and the nation, from the chain's digits; a county community's starts at its city", () => {
    expect(escalationLadder(nanta.regionCode)).toEqual([
      { level: 'COUNTY', regionCode: '210103' },
      { level: 'CITY', regionCode: '2101' },
      { level: 'PROVINCE', regionCode: '21' },
      { level: 'NATIONAL', regionCode: null },
    ]);
    expect(escalationLadder(mudan.regionCode)).toEqual([
      { level: 'CITY', regionCode: '3717' },
      { level: 'PROVINCE', regionCode: '37' },
      { level: 'NATIONAL', regionCode: null },
    ]);
    expect(escalationLadder(nanta.regionCode).map(escalationThreshold)).toEqual(['COUNTY#210103', 'CITY#2101', 'PROVINCE#21', 'NATIONAL']);
  });

  it('climbs on the 1st, 15th, 30th and 60th overdue day, and not the day before each', () => {
    expect(ESCALATION_AFTER_DAYS).toEqual([1, 15, 30, 60]);
    const danger = { state: 'OPEN' as const, deadline: '2026-01-31' };
    const levelsOn = (today: string) => escalatedTo(danger, nanta.regionCode, today).map((position) => position.level);
    expect(levelsOn('2026-01-31')).toEqual([]);
    expect(levelsOn('2026-02-01')).toEqual(['COUNTY']);
    expect(levelsOn('2026-02-14')).toEqual(['COUNTY']);
    expect(levelsOn('2026-02-15')).toEqual(['COUNTY', 'CITY']);
    expect(levelsOn('2026-03-01')).toEqual(['COUNTY', 'CITY']);
    expect(levelsOn('2026-03-02')).toEqual(['COUNTY', 'CITY', 'PROVINCE']);
    expect(levelsOn('2026-03-31')).toEqual(['COUNTY', 'CITY', 'PROVINCE']);
    expect(levelsOn('2026-04-01')).toEqual(['COUNTY', 'CITY', 'PROVINCE', 'NATIONAL']);
    expect([0, 1, 2, 3, 4].map((index) => escalationDay('2026-01-31', index))).toEqual(['2026-02-01', '2026-02-15', '2026-03-02', '2026-04-01', undefined]);
    // A county community has three levels above it, on the same days.
    expect(escalatedTo(danger, mudan.regionCode, '2026-04-01').map((position) => position.level)).toEqual(['CITY', 'PROVINCE', 'NATIONAL']);
  });

  it('a daily job sends each level exactly once, on its day, whatever it has sent before', () => {
    const danger = { state: 'RECTIFYING' as const, deadline: '2026-01-31' };
    const sent: string[] = [];
    const sentOn = new Map<string, string>();
    for (let day = Date.parse('2026-01-20T00:00:00Z'); day <= Date.parse('2026-06-30T00:00:00Z'); day += 86_400_000) {
      const today = new Date(day).toISOString().slice(0, 10);
      for (const position of escalationsDue(danger, nanta.regionCode, today, sent)) {
        const threshold = escalationThreshold(position);
        expect(sent, `${threshold} twice`).not.toContain(threshold);
        sent.push(threshold);
        sentOn.set(threshold, today);
      }
    }
    expect(Object.fromEntries(sentOn)).toEqual({ 'COUNTY#210103': '2026-02-01', 'CITY#2101': '2026-02-15', 'PROVINCE#21': '2026-03-02', NATIONAL: '2026-04-01' });
  });

  it('a job that missed days sends every level passed meanwhile, nearest first, and nothing already sent (positions or thresholds)', () => {
    const danger = { state: 'OPEN' as const, deadline: '2026-01-31' };
    expect(escalationsDue(danger, nanta.regionCode, '2026-03-10', []).map(escalationThreshold)).toEqual(['COUNTY#210103', 'CITY#2101', 'PROVINCE#21']);
    expect(escalationsDue(danger, nanta.regionCode, '2026-03-10', ['COUNTY#210103']).map(escalationThreshold)).toEqual(['CITY#2101', 'PROVINCE#21']);
    expect(escalationsDue(danger, nanta.regionCode, '2026-03-10', [{ level: 'CITY', regionCode: '2101' }, 'COUNTY#210103', 'PROVINCE#21'])).toEqual([]);
  });

  it('nothing escalates before the deadline, once rectified or verified; a danger sent back to RECTIFYING does not tell a level twice', () => {
    expect(escalationsDue({ state: 'OPEN', deadline: '2026-01-31' }, nanta.regionCode, '2026-01-31', [])).toEqual([]);
    expect(escalationsDue({ state: 'RECTIFIED', deadline: '2026-01-31' }, nanta.regionCode, '2026-05-01', [])).toEqual([]);
    expect(escalationsDue({ state: 'VERIFIED', deadline: '2026-01-31' }, nanta.regionCode, '2026-05-01', [])).toEqual([]);
    // Told the county and the city, rectified, then rejected on verification: only the province is new.
    expect(escalationsDue({ state: 'RECTIFYING', deadline: '2026-01-31' }, nanta.regionCode, '2026-03-05', ['COUNTY#210103', 'CITY#2101']).map(escalationThreshold)).toEqual(['PROVINCE#21']);
  });
});
