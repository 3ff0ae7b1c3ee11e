import { describe, expect, it } from 'vitest';
import { canReadCommunity, notificationAudiencesFor, notificationAudiencesOf } from '#core/auth/policy.ts';
import type { Principal } from '#core/auth/principal.ts';
import { notificationId, reReviewStep } from '#notification/model.ts';
import { chinaDateOf, uploadHasExpired, waitingCutoff, workingDaysAfter } from '#reminders/rules.ts';

describe('the re-review step of a designation', () => {
  it.each([
    [181, undefined],
    [180, '180'],
    [91, '180'],
    [90, '90'],
    [31, '90'],
    [30, '30'],
    [1, '30'],
    [0, '30'],
    [-1, 'OVERDUE'],
    [-400, 'OVERDUE'],
  ])('with %i days left is %s', (daysLeft, threshold) => {
    expect(reReviewStep(daysLeft)?.threshold).toBe(threshold);
    if (threshold) expect(reReviewStep(daysLeft)?.rule).toBe(daysLeft < 0 ? 'RE_REVIEW_OVERDUE' : 'RE_REVIEW_DUE');
  });
});

describe('notification ids', () => {
  it('are the same for the same finding and differ for another threshold, rule or subject', () => {
    const id = notificationId('Certification', 'c-1', 'RE_REVIEW_DUE', '90');
    expect(notificationId('Certification', 'c-1', 'RE_REVIEW_DUE', '90')).toBe(id);
    // A name-based UUID under the notification tag (ids.ts): a global id that node(id) resolves.
    expect(id).toMatch(/^ntf_[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    for (const other of [notificationId('Certification', 'c-1', 'RE_REVIEW_DUE', '30'), notificationId('Certification', 'c-2', 'RE_REVIEW_DUE', '90'), notificationId('Community', 'c-1', 'RE_REVIEW_DUE', '90')]) expect(other).not.toBe(id);
  });
});

describe('working days (China)', () => {
  it('skip the National Day holiday and count its make-up days; the waiting day itself does not count', () => {
    // 2026: National Day 1–7 October; Saturday 10 October is a make-up working day, Sunday 11 is not.
    expect(workingDaysAfter('2026-09-30', '2026-10-07')).toBe(0);
    expect(workingDaysAfter('2026-09-30', '2026-10-10')).toBe(3);
    expect(workingDaysAfter('2026-09-30', '2026-10-11')).toBe(3);
    expect(workingDaysAfter('2026-09-10', '2026-10-14')).toBe(20);
    expect(workingDaysAfter('2026-09-10', '2026-10-15')).toBe(21);
    expect(workingDaysAfter('2026-10-15', '2026-10-15')).toBe(0);
    expect(waitingCutoff('2026-10-15')).toBe('2026-09-24');
  });

  it('judge the day in China: 16:30 UTC is the next day there', () => {
    expect(chinaDateOf('2026-10-14T16:30:00.000Z')).toBe('2026-10-15');
  });

  it('expire an upload only after its URL and the late-arrival allowance', () => {
    const expires = '2026-10-01T00:00:00.000Z';
    expect(uploadHasExpired({ status: 'PENDING_UPLOAD', uploadExpiresAt: expires, size: 1000 }, new Date('2026-10-01T00:02:00.000Z'))).toBe(false);
    expect(uploadHasExpired({ status: 'PENDING_UPLOAD', uploadExpiresAt: expires, size: 1000 }, new Date('2026-10-01T00:02:01.000Z'))).toBe(true);
    expect(uploadHasExpired({ status: 'PENDING_UPLOAD', uploadExpiresAt: expires, size: 500 * 1024 * 1024 }, new Date('2026-10-01T00:10:00.000Z'))).toBe(false);
    expect(uploadHasExpired({ status: 'AVAILABLE', uploadExpiresAt: expires, size: 1000 }, new Date('2027-01-01T00:00:00.000Z'))).toBe(false);
  });
});

describe('notification audiences (the policy)', () => {
  const communities = [
    { id: 'a', regionCode: '371702101' },
    { id: 'b', regionCode: '371703001' },
    { id: 'c', regionCode: '450102' },
  ];
  const principals: Principal[] = [
    { role: 'ADMIN', subject: 'admin' },
    { role: 'REVIEWER', subject: 'national', regionPrefix: null },
    ...['37', '3717', '371702', '371702101', '45', '450102', '44'].map((regionPrefix): Principal => ({ role: 'REVIEWER', subject: regionPrefix, regionPrefix })),
    { role: 'COMMUNITY_EDITOR', subject: 'editor-a', communityIds: ['a'] },
    { role: 'COMMUNITY_EDITOR', subject: 'editor-bc', communityIds: ['b', 'c'] },
    { role: 'PROVINCIAL_ANALYST', subject: 'analyst', regionPrefix: '37' },
  ];

  it('deliver a community\'s notification to exactly the editors and reviewers (and ADMIN) who may read the community', () => {
    for (const principal of principals) {
      for (const community of communities) {
        const reaches = notificationAudiencesFor(principal).audiences.some((audience) => notificationAudiencesOf(community).includes(audience));
        const expected = principal.role !== 'PROVINCIAL_ANALYST' && canReadCommunity(principal, community);
        expect({ principal: principal.subject, community: community.id, reaches }).toEqual({ principal: principal.subject, community: community.id, reaches: expected });
      }
    }
  });
});
