import { describe, expect, it } from 'vitest';
import {
  authorizeCertificationDecision,
  authorizeCertificationEvidence,
  authorizeChainStep,
  authorizeCommunity,
  authorizeSheetHistoryRead,
  authorizeSheetPublication,
  authorizeStageChange,
  chainRegionOf,
  communityListScope,
  type CommunityRef,
  endorsementQueue,
  reviewerLevel,
} from '#core/auth/policy.ts';
import { ClaimsError, type Principal, principalFromClaims } from '#core/auth/principal.ts';
import { COMMUNITY_STAGES } from '#community/model.ts';
import { isAllowedTransition, STAGE_TRANSITIONS } from '#community/lifecycle.ts';

const xicheng: CommunityRef = { id: 'xicheng', regionCode: '371702002' };
const nanta: CommunityRef = { id: 'nanta', regionCode: '210103019' };

const admin: Principal = { role: 'ADMIN', subject: 'a' };
const nationalReviewer: Principal = { role: 'REVIEWER', subject: 'r', regionPrefix: null };
const shenyangReviewer: Principal = { role: 'REVIEWER', subject: 'r2', regionPrefix: '2101' };
const shandongAnalyst: Principal = { role: 'PROVINCIAL_ANALYST', subject: 'p', regionPrefix: '37' };
const xichengEditor: Principal = { role: 'COMMUNITY_EDITOR', subject: 'e', communityIds: ['xicheng'] };

function outcome(run: () => unknown): string {
  try {
    run();
    return 'ALLOW';
  } catch (error) {
    return (error as { code?: string }).code ?? 'THROW';
  }
}

describe('policy: community actions', () => {
  const matrix: [string, Principal | null, 'community:read' | 'community:update' | 'community:create', CommunityRef, string][] = [
    ['anonymous read', null, 'community:read', xicheng, 'UNAUTHENTICATED'],
    ['admin read', admin, 'community:read', nanta, 'ALLOW'],
    ['admin update', admin, 'community:update', nanta, 'ALLOW'],
    ['admin create', admin, 'community:create', nanta, 'ALLOW'],
    ['national reviewer read', nationalReviewer, 'community:read', nanta, 'ALLOW'],
    ['reviewer update profile', nationalReviewer, 'community:update', nanta, 'FORBIDDEN'],
    ['city reviewer read outside', shenyangReviewer, 'community:read', xicheng, 'NOT_FOUND'],
    ['city reviewer create inside', shenyangReviewer, 'community:create', nanta, 'ALLOW'],
    ['city reviewer create outside', shenyangReviewer, 'community:create', xicheng, 'FORBIDDEN'],
    ['analyst read inside', shandongAnalyst, 'community:read', xicheng, 'ALLOW'],
    ['analyst read outside', shandongAnalyst, 'community:read', nanta, 'NOT_FOUND'],
    ['analyst update inside', shandongAnalyst, 'community:update', xicheng, 'FORBIDDEN'],
    ['analyst update outside', shandongAnalyst, 'community:update', nanta, 'NOT_FOUND'],
    ['analyst create', shandongAnalyst, 'community:create', xicheng, 'FORBIDDEN'],
    ['editor read own', xichengEditor, 'community:read', xicheng, 'ALLOW'],
    ['editor update own', xichengEditor, 'community:update', xicheng, 'ALLOW'],
    ['editor read other', xichengEditor, 'community:read', nanta, 'NOT_FOUND'],
    ['editor update other', xichengEditor, 'community:update', nanta, 'NOT_FOUND'],
    ['editor create', xichengEditor, 'community:create', xicheng, 'FORBIDDEN'],
  ];
  it.each(matrix)('%s → %s', (_label, principal, action, community, expected) => {
    expect(outcome(() => authorizeCommunity(principal, action, community))).toBe(expected);
  });
});

describe('policy: stage changes', () => {
  it.each([
    [xichengEditor, 'IMPLEMENTING', 'SELF_ASSESSED', 'ALLOW'],
    [xichengEditor, 'SELF_ASSESSED', 'APPLIED', 'ALLOW'],
    [xichengEditor, 'APPLIED', 'UNDER_REVIEW', 'FORBIDDEN'],
    [xichengEditor, 'UNDER_REVIEW', 'DESIGNATED', 'FORBIDDEN'],
    [xichengEditor, 'UNDER_REVIEW', 'IMPLEMENTING', 'FORBIDDEN'],
    [xichengEditor, 'DESIGNATED', 'LAPSED', 'FORBIDDEN'],
    [xichengEditor, 'DESIGNATED', 'LAUNCHED', 'ALLOW'],
    [nationalReviewer, 'APPLIED', 'UNDER_REVIEW', 'ALLOW'],
    [nationalReviewer, 'UNDER_REVIEW', 'DESIGNATED', 'ALLOW'],
    [nationalReviewer, 'LAUNCHED', 'IMPLEMENTING', 'FORBIDDEN'],
    [shenyangReviewer, 'APPLIED', 'UNDER_REVIEW', 'NOT_FOUND'],
    [shandongAnalyst, 'APPLIED', 'UNDER_REVIEW', 'FORBIDDEN'],
    [admin, 'UNDER_REVIEW', 'DESIGNATED', 'ALLOW'],
  ] as const)('%o: %s → %s is %s', (principal, from, to, expected) => {
    expect(outcome(() => authorizeStageChange(principal, xicheng, from, to))).toBe(expected);
  });
});

describe('policy: listing scope', () => {
  it('narrows analysts and reviewers to their region, and refuses regions outside it', () => {
    expect(communityListScope(shandongAnalyst, null)).toEqual({ kind: 'region', regionPrefix: '37' });
    expect(communityListScope(shandongAnalyst, '371702')).toEqual({ kind: 'region', regionPrefix: '371702' });
    expect(outcome(() => communityListScope(shandongAnalyst, '21'))).toBe('FORBIDDEN');
    expect(outcome(() => communityListScope(shandongAnalyst, '3'))).toBe('FORBIDDEN');
    expect(communityListScope(nationalReviewer, null)).toEqual({ kind: 'region', regionPrefix: null });
    expect(communityListScope(xichengEditor, '37')).toEqual({ kind: 'communities', communityIds: ['xicheng'], regionPrefix: '37' });
    expect(outcome(() => communityListScope(null, null))).toBe('UNAUTHENTICATED');
  });
});

describe('principal from Cognito-shaped claims', () => {
  it('maps each role with its scope', () => {
    expect(principalFromClaims({ sub: 's', 'cognito:groups': ['ADMIN'] })).toEqual({ role: 'ADMIN', subject: 's' });
    expect(principalFromClaims({ sub: 's', 'cognito:groups': ['PROVINCIAL_ANALYST'], 'custom:region': '37' })).toMatchObject({ regionPrefix: '37' });
    expect(principalFromClaims({ sub: 's', 'cognito:groups': ['REVIEWER'] })).toMatchObject({ regionPrefix: null });
    expect(principalFromClaims({ sub: 's', 'cognito:groups': ['COMMUNITY_EDITOR'], 'custom:communities': 'a, b,' })).toMatchObject({
      communityIds: ['a', 'b'],
    });
  });

  it('takes the most privileged of several groups', () => {
    expect(principalFromClaims({ sub: 's', 'cognito:groups': ['COMMUNITY_EDITOR', 'ADMIN'] }).role).toBe('ADMIN');
  });

  it.each([
    [{ 'cognito:groups': ['ADMIN'] }],
    [{ sub: 's' }],
    [{ sub: 's', 'cognito:groups': ['SUPERUSER'] }],
    [{ sub: 's', 'cognito:groups': ['PROVINCIAL_ANALYST'] }],
    [{ sub: 's', 'cognito:groups': ['PROVINCIAL_ANALYST'], 'custom:region': '3x' }],
    [{ sub: 's', 'cognito:groups': ['COMMUNITY_EDITOR'], 'custom:communities': ' , ' }],
  ])('refuses claims that describe no principal: %j', (claims) => {
    expect(() => principalFromClaims(claims)).toThrow(ClaimsError);
  });
});

describe('lifecycle', () => {
  it('moves forward one step at a time from PLANNED to DESIGNATED', () => {
    const forward = COMMUNITY_STAGES.slice(0, COMMUNITY_STAGES.indexOf('DESIGNATED') + 1);
    for (let index = 1; index < forward.length; index += 1) {
      expect(isAllowedTransition(forward[index - 1]!, forward[index]!)).toBe(true);
    }
    expect(isAllowedTransition('PLANNED', 'APPLIED')).toBe(false);
    expect(isAllowedTransition('LAUNCHED', 'PLANNED')).toBe(false);
  });

  it('has a rule for every stage and never a transition to itself', () => {
    for (const stage of COMMUNITY_STAGES) {
      expect(STAGE_TRANSITIONS[stage]).toBeDefined();
      expect(STAGE_TRANSITIONS[stage]).not.toContain(stage);
    }
  });
});

describe('policy: the designation review', () => {
  const dudian: CommunityRef = { id: 'dudian', regionCode: '371602010' };
  const reviewer = (regionPrefix: string | null): Principal => ({ role: 'REVIEWER', subject: `r-${regionPrefix ?? 'national'}`, regionPrefix });
  const record = { label: 'certification', id: 'c1' };

  it('gives a reviewer the level of their region code, and a town reviewer none', () => {
    expect(reviewerLevel(reviewer(null))).toEqual({ level: 'NATIONAL', regionCode: null });
    expect(reviewerLevel(reviewer('37'))).toEqual({ level: 'PROVINCE', regionCode: '37' });
    expect(reviewerLevel(reviewer('3716'))).toEqual({ level: 'CITY', regionCode: '3716' });
    expect(reviewerLevel(reviewer('371602'))).toEqual({ level: 'COUNTY', regionCode: '371602' });
    expect(reviewerLevel(reviewer('371602010'))).toBeUndefined();
    expect(reviewerLevel(shandongAnalyst)).toBeUndefined();
    expect(chainRegionOf('CITY', '371602010')).toBe('3716');
    expect(chainRegionOf('NATIONAL', '371602010')).toBeNull();
  });

  it('lets only the level and region an application waits for act on it', () => {
    const atCity = { level: 'CITY' as const, regionCode: '3716' };
    const matrix: [string, Principal | null, string][] = [
      ['the city', reviewer('3716'), 'ALLOW'],
      ['an admin', admin, 'ALLOW'],
      ['the county below', reviewer('371602'), 'FORBIDDEN'],
      ['the province above', reviewer('37'), 'FORBIDDEN'],
      ['the national centre', reviewer(null), 'FORBIDDEN'],
      ['another city', reviewer('3717'), 'NOT_FOUND'],
      ['the community', { role: 'COMMUNITY_EDITOR', subject: 'e', communityIds: ['dudian'] }, 'FORBIDDEN'],
      ['an analyst', shandongAnalyst, 'FORBIDDEN'],
      ['nobody', null, 'UNAUTHENTICATED'],
    ];
    for (const [label, principal, expected] of matrix) {
      expect(outcome(() => authorizeChainStep(principal, dudian, atCity, record)), label).toBe(expected);
    }
  });

  it('has national reviewers decide NATIONAL applications, the city its CITY ones, reviewers in region ISCCC steps', () => {
    expect(outcome(() => authorizeCertificationDecision(reviewer(null), dudian, 'NATIONAL', record))).toBe('ALLOW');
    expect(outcome(() => authorizeCertificationDecision(reviewer('37'), dudian, 'NATIONAL', record))).toBe('FORBIDDEN');
    expect(outcome(() => authorizeCertificationDecision(reviewer('3716'), dudian, 'CITY', record))).toBe('ALLOW');
    expect(outcome(() => authorizeCertificationDecision(reviewer('37'), dudian, 'CITY', record))).toBe('FORBIDDEN');
    expect(outcome(() => authorizeCertificationDecision(reviewer(null), dudian, 'CITY', record))).toBe('FORBIDDEN');
    expect(outcome(() => authorizeCertificationDecision(reviewer('37'), dudian, 'INTERNATIONAL', record))).toBe('ALLOW');
    expect(outcome(() => authorizeCertificationDecision(reviewer('3717'), dudian, 'INTERNATIONAL', record))).toBe('NOT_FOUND');
    expect(outcome(() => authorizeCertificationDecision(xichengEditor, xicheng, 'NATIONAL', record))).toBe('FORBIDDEN');
  });

  it('lets the review team, and the community, write evidence of a certification; nobody else', () => {
    const editor: Principal = { role: 'COMMUNITY_EDITOR', subject: 'e', communityIds: ['dudian'] };
    expect(outcome(() => authorizeCertificationEvidence(reviewer(null), dudian, 'NATIONAL', record))).toBe('ALLOW');
    expect(outcome(() => authorizeCertificationEvidence(editor, dudian, 'NATIONAL', record))).toBe('ALLOW');
    expect(outcome(() => authorizeCertificationEvidence(reviewer('371602'), dudian, 'NATIONAL', record))).toBe('FORBIDDEN');
    expect(outcome(() => authorizeCertificationEvidence(shandongAnalyst, dudian, 'NATIONAL', record))).toBe('FORBIDDEN');
  });

  it('reads the queue of the caller\'s own level; an admin names one; others have none', () => {
    expect(endorsementQueue(reviewer('371602'), undefined)).toEqual({ level: 'COUNTY', regionCode: '371602' });
    expect(endorsementQueue(admin, { level: 'CITY', regionCode: '3716' })).toEqual({ level: 'CITY', regionCode: '3716' });
    expect(outcome(() => endorsementQueue(admin, undefined))).toBe('FORBIDDEN');
    expect(outcome(() => endorsementQueue(reviewer('371602010'), undefined))).toBe('FORBIDDEN');
    expect(outcome(() => endorsementQueue(reviewer('3716'), { level: 'CITY', regionCode: '3717' }))).toBe('FORBIDDEN');
    expect(outcome(() => endorsementQueue(xichengEditor, undefined))).toBe('FORBIDDEN');
  });

  it('lets only an ADMIN publish a scoring sheet, and the review staff read who did', () => {
    expect(outcome(() => authorizeSheetPublication(admin))).toBe('ALLOW');
    expect(outcome(() => authorizeSheetHistoryRead(admin))).toBe('ALLOW');
    expect(outcome(() => authorizeSheetHistoryRead(reviewer('3716')))).toBe('ALLOW');
    expect(outcome(() => authorizeSheetHistoryRead(shandongAnalyst))).toBe('FORBIDDEN');
    expect(outcome(() => authorizeSheetHistoryRead(xichengEditor))).toBe('FORBIDDEN');
    for (const principal of [reviewer(null), shandongAnalyst, xichengEditor]) expect(outcome(() => authorizeSheetPublication(principal))).toBe('FORBIDDEN');
  });
});
