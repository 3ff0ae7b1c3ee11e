import { describe, expect, it } from 'vitest';
import {
  chineseMobile,
  isOverdue,
  newTrackingCode,
  normalizedTrackingCode,
  overdueReceivedBy,
  rateWindowOf,
  TRACKING_ALPHABET,
  TRACKING_CODE_LENGTH,
} from '#hazard/report-model.ts';
import { principalFromClaims } from '#core/auth/principal.ts';
import { authorizeRootField, canSeeReporterPhone, requirePrincipal } from '#core/auth/policy.ts';

/** The pure rules of residents' reports: tracking codes, phone numbers, the 7 days, the rate window, and the intake role's claims. */

describe('tracking codes', () => {
  it('are 12 characters of Crockford base32 (60 bits), without I, L, O or U, and do not repeat', () => {
    // Act
    const codes = Array.from({ length: 2000 }, () => newTrackingCode());

    // Assess
    expect(TRACKING_ALPHABET).toHaveLength(32);
    expect(TRACKING_ALPHABET).not.toMatch(/[ILOU]/);
    expect(TRACKING_CODE_LENGTH * Math.log2(TRACKING_ALPHABET.length)).toBeGreaterThanOrEqual(50);
    for (const code of codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{12}$/);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('read back as typed loosely: case, spaces, hyphens and the look-alikes do not matter; anything else is no code', () => {
    // Assess
    expect(normalizedTrackingCode('7k3m-9qx2 ab0z')).toBe('7K3M9QX2AB0Z');
    expect(normalizedTrackingCode('7K3M9QX2ABOZ')).toBe('7K3M9QX2AB0Z');
    expect(normalizedTrackingCode('iL3M9QX2AB0Z')).toBe('113M9QX2AB0Z');
    expect(normalizedTrackingCode('7K3M9QX2AB0')).toBeUndefined();
    expect(normalizedTrackingCode('7K3M9QX2AB0ZZ')).toBeUndefined();
    expect(normalizedTrackingCode('7K3M9QX2ABUZ')).toBeUndefined();
    expect(normalizedTrackingCode('7K3M9QX2AB0!')).toBeUndefined();
  });
});

describe('a resident\'s phone', () => {
  it('is a mainland mobile number, with spaces, hyphens and +86 taken away', () => {
    // Assess
    expect(chineseMobile.parse('13912345678')).toBe('13912345678');
    expect(chineseMobile.parse('+86 139-1234-5678')).toBe('13912345678');
    expect(chineseMobile.parse('86 19912345678')).toBe('19912345678');
    for (const wrong of ['12912345678', '1391234567', '139123456789', '024-12345678', '+1 415 555 0100', '']) {
      const result = chineseMobile.safeParse(wrong);
      expect(result.success, wrong).toBe(false);
      if (!result.success && wrong) expect(JSON.stringify(result.error.issues.map((issue) => issue.message))).not.toContain(wrong.replace(/\D/g, '').slice(-4));
    }
  });
});

describe('the 7 days to an answer', () => {
  it('are overdue after the 7th day since the China day received: not on it, and never once answered', () => {
    // Prepare
    const received = { receivedOn: '2026-02-24', status: 'RECEIVED' as const };

    // Assess
    expect(isOverdue(received, '2026-02-24')).toBe(false);
    expect(isOverdue(received, '2026-03-03')).toBe(false);
    expect(isOverdue(received, '2026-03-04')).toBe(true);
    expect(isOverdue({ ...received, status: 'ANSWERED' }, '2026-04-01')).toBe(false);
    expect(overdueReceivedBy('2026-03-04')).toBe('2026-02-24');
  });
});

describe('the rate window', () => {
  it('is the minute (UTC), says how long until it ends, and expires an hour after', () => {
    // Act
    const early = rateWindowOf(new Date('2026-12-02T04:37:00.200Z'));
    const late = rateWindowOf(new Date('2026-12-02T04:37:59.900Z'));

    // Assess
    expect(early).toEqual({ minute: '2026-12-02T04:37', retryAfterSeconds: 60, expiresAt: Date.parse('2026-12-02T05:38:00Z') / 1000 });
    expect(late).toMatchObject({ minute: '2026-12-02T04:37', retryAfterSeconds: 1 });
  });
});

describe('the REPORT_INTAKE role', () => {
  const claims = (extra: Record<string, unknown>) => ({ sub: 'app-1', 'cognito:groups': ['REPORT_INTAKE'], ...extra });

  it('needs its app id, may carry a region, and is refused by every decision but its own', () => {
    // Act
    const app = principalFromClaims(claims({ 'custom:app': 'radio-hotline', 'custom:region': '2101' }));

    // Assess
    expect(app).toEqual({ role: 'REPORT_INTAKE', subject: 'app-1', appId: 'radio-hotline', regionPrefix: '2101' });
    expect(() => principalFromClaims(claims({}))).toThrow(/app/);
    expect(() => principalFromClaims(claims({ 'custom:app': 'a b' }))).toThrow(/app/);
    expect(() => principalFromClaims(claims({ 'custom:app': 'x1', 'custom:region': '210' }))).toThrow(/region/);
    expect(() => requirePrincipal(app)).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(() => authorizeRootField(app, 'communities')).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(() => authorizeRootField(app, 'submitResidentReport')).not.toThrow();
    expect(() => authorizeRootField(app, 'residentReportByTrackingCode')).not.toThrow();
    expect(() => authorizeRootField({ role: 'ADMIN', subject: 'a' }, 'communities')).not.toThrow();
    expect(canSeeReporterPhone(app, { id: 'c1', regionCode: '210102001' })).toBe(false);
  });

  it('ranks below every staff role: a user in two groups acts as the other', () => {
    // Act
    const both = principalFromClaims({ sub: 'u', 'cognito:groups': ['REPORT_INTAKE', 'COMMUNITY_EDITOR'], 'custom:communities': 'c1', 'custom:app': 'x1' });

    // Assess
    expect(both.role).toBe('COMMUNITY_EDITOR');
    expect(canSeeReporterPhone(both, { id: 'c1', regionCode: '210102001' })).toBe(true);
    expect(canSeeReporterPhone({ role: 'ADMIN', subject: 'a' }, { id: 'c1', regionCode: '210102001' })).toBe(false);
    expect(canSeeReporterPhone({ role: 'REVIEWER', subject: 'r', regionPrefix: '21' }, { id: 'c1', regionCode: '210102001' })).toBe(false);
  });
});
