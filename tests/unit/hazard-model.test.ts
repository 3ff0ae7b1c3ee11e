import { describe, expect, it } from 'vitest';
import { authorizeHazardRegister } from '#core/auth/policy.ts';
import type { Principal } from '#core/auth/principal.ts';
import {
  createGridCellInputSchema,
  createHazardSourceInputSchema,
  DEFAULT_GRADE_FREQUENCIES,
  riskRank,
  RISK_LEVELS,
  setInspectionFrequenciesInputSchema,
  villageCodeInRegion,
} from '#hazard/model.ts';
import { hazardSourcePosition, supervisedUnitPosition } from '#hazard/repository.ts';

const ID = '0f8fad5b-d9cb-469f-a165-70867728950e';
const UNIT = { organisation: '东城街道安监站', post: '站长' };
const issuesOf = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) => result.error?.issues.map((issue) => issue.path.join('.')) ?? [];

describe('hazard register model', () => {
  it('orders the register red, orange, yellow, blue, and supervised units A to D', () => {
    // Prepare
    const positions = [...RISK_LEVELS].reverse().map((riskLevel) => hazardSourcePosition({ riskLevel, createdAt: '2026-01-01T00:00:00.000Z', id: ID }));

    // Act
    const sorted = [...positions].sort();

    // Assess
    expect(RISK_LEVELS.map(riskRank)).toEqual([1, 2, 3, 4]);
    expect(sorted.map((position) => position.slice(0, 1))).toEqual(['1', '2', '3', '4']);
    expect([supervisedUnitPosition({ grade: 'D', createdAt: 'a', id: ID }), supervisedUnitPosition({ grade: 'A', createdAt: 'b', id: ID })].sort()[0]).toMatch(/^A#/);
  });

  it.each([
    ['371702001201', '371702001', true],
    ['371702002201', '371702001', false],
    ['371702001201', '371702', true],
    ['210102001001', '371702001', false],
  ])('village code %s in region %s: %s', (code, region, expected) => {
    expect(villageCodeInRegion(code, region)).toBe(expected);
  });

  it('takes a 12-digit village code only, and a responsible unit of organisation and post', () => {
    // Act
    const short = createGridCellInputSchema.safeParse({ communityId: ID, name: '东城村', kind: 'VILLAGE_COMMITTEE', villageCode: '3717020012', responsibleUnit: UNIT });
    const letters = createGridCellInputSchema.safeParse({ communityId: ID, name: '东城村', kind: 'VILLAGE_COMMITTEE', villageCode: '37170200120a', responsibleUnit: UNIT });
    const noPost = createGridCellInputSchema.safeParse({ communityId: ID, name: '东城村', kind: 'VILLAGE_COMMITTEE', responsibleUnit: { organisation: '安监站' } });
    const good = createGridCellInputSchema.safeParse({ communityId: ID, name: '东城村', kind: 'VILLAGE_COMMITTEE', villageCode: ' 371702001201 ', responsibleUnit: UNIT });

    // Assess
    expect(issuesOf(short)).toEqual(['villageCode']);
    expect(issuesOf(letters)).toEqual(['villageCode']);
    expect(issuesOf(noPost)).toEqual(['responsibleUnit.post']);
    expect(good.success && good.data.villageCode).toBe('371702001201');
  });

  it('requires a description for OTHER, both coordinates or neither, within China', () => {
    const base = { cellId: ID, kind: 'MANHOLE', location: { address: '建设路' }, riskLevel: 'BLUE', responsibleUnit: UNIT };
    expect(issuesOf(createHazardSourceInputSchema.safeParse({ ...base, kind: 'OTHER' }))).toEqual(['description']);
    expect(createHazardSourceInputSchema.safeParse({ ...base, kind: 'OTHER', description: '废弃冷库' }).success).toBe(true);
    expect(issuesOf(createHazardSourceInputSchema.safeParse({ ...base, location: { address: '建设路', longitude: 115 } }))).toEqual(['location.latitude']);
    expect(issuesOf(createHazardSourceInputSchema.safeParse({ ...base, location: { address: '建设路', latitude: 3.7, longitude: 115 } }))).toEqual(['location.latitude']);
    expect(issuesOf(createHazardSourceInputSchema.safeParse({ ...base, location: { address: '建设路', latitude: 53.6, longitude: 135.1 } }))).toEqual([]);
    expect(issuesOf(createHazardSourceInputSchema.safeParse({ ...base, location: { address: '建设路', latitude: 40, longitude: 135.2 } }))).toEqual(['location.longitude']);
    const parsed = createHazardSourceInputSchema.parse(base);
    expect(parsed).toMatchObject({ status: 'ACTIVE', controls: [] });
  });

  it('defaults frequencies D daily, C weekly, B monthly, A quarterly, and never inspects a worse grade less often', () => {
    expect(DEFAULT_GRADE_FREQUENCIES).toEqual({ A: 'QUARTERLY', B: 'MONTHLY', C: 'WEEKLY', D: 'DAILY' });
    expect(setInspectionFrequenciesInputSchema.safeParse({ communityId: ID, ...DEFAULT_GRADE_FREQUENCIES }).success).toBe(true);
    expect(setInspectionFrequenciesInputSchema.safeParse({ communityId: ID, A: 'YEARLY', B: 'YEARLY', C: 'YEARLY', D: 'YEARLY' }).success).toBe(true);
    expect(issuesOf(setInspectionFrequenciesInputSchema.safeParse({ communityId: ID, A: 'WEEKLY', B: 'MONTHLY', C: 'WEEKLY', D: 'DAILY' }))).toEqual(['B']);
    expect(issuesOf(setInspectionFrequenciesInputSchema.safeParse({ communityId: ID, A: 'QUARTERLY', B: 'MONTHLY', C: 'WEEKLY', D: 'MONTHLY' }))).toEqual(['D']);
  });
});

describe('the policy: Hazards', () => {
  const community = { id: ID, regionCode: '371702001' };
  const principals: Record<string, Principal> = {
    admin: { subject: 'a', role: 'ADMIN' },
    editor: { subject: 'e', role: 'COMMUNITY_EDITOR', communityIds: [ID] },
    otherEditor: { subject: 'o', role: 'COMMUNITY_EDITOR', communityIds: ['x'] },
    analyst: { subject: 'p', role: 'PROVINCIAL_ANALYST', regionPrefix: '37' },
    analystElsewhere: { subject: 'q', role: 'PROVINCIAL_ANALYST', regionPrefix: '21' },
    reviewer: { subject: 'r', role: 'REVIEWER', regionPrefix: '3717' },
    reviewerElsewhere: { subject: 's', role: 'REVIEWER', regionPrefix: '3716' },
  };
  const decision = (name: string, action: 'hazard:read' | 'hazard:write') => {
    try {
      authorizeHazardRegister(principals[name] ?? null, action, community);
      return 'OK';
    } catch (error) {
      return (error as { code: string }).code;
    }
  };

  it.each([
    ['admin', 'OK', 'OK'],
    ['editor', 'OK', 'OK'],
    ['otherEditor', 'NOT_FOUND', 'NOT_FOUND'],
    ['analyst', 'OK', 'FORBIDDEN'],
    ['analystElsewhere', 'NOT_FOUND', 'NOT_FOUND'],
    ['reviewer', 'OK', 'FORBIDDEN'],
    ['reviewerElsewhere', 'NOT_FOUND', 'NOT_FOUND'],
    ['nobody', 'UNAUTHENTICATED', 'UNAUTHENTICATED'],
  ])('%s: read %s, write %s', (name, read, write) => {
    expect(decision(name, 'hazard:read')).toBe(read);
    expect(decision(name, 'hazard:write')).toBe(write);
  });
});
