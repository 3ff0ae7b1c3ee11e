import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Certification } from '#certification/model.ts';
import { CertificationRepository } from '#certification/repository.ts';
import { CommunityRepository } from '#community/repository.ts';
import { systemOrigin } from '#core/origin.ts';
import { createWritePipeline } from '#graphql/pipeline.ts';
import { AssessmentRepository } from '#review/assessment-repository.ts';
import { createTestApp, ok, type TestApp } from '#tests/support/app.ts';
import { runScript } from '#tests/support/cli.ts';
import { seedCommunity } from '#tests/support/fixtures.ts';

/** `npm run reminders -- [--now 2027-01-01]` as an operator runs it, against this file's table (the environment createTestApp sets). */
let app: TestApp;
let editor: string;

beforeAll(async () => {
  app = await createTestApp();
  const pipeline = createWritePipeline(app.table);
  const communities = new CommunityRepository(app.table, pipeline);
  const certifications = new CertificationRepository(app.table, pipeline, communities, new AssessmentRepository(app.table, pipeline, communities).assessments);
  const community = await seedCommunity(app.table, { regionCode: '371702002', name: '西城街道', stage: 'DESIGNATED' });
  const now = new Date().toISOString();
  const certification: Certification = {
    id: randomUUID(), communityId: community.id, regionCode: community.regionCode, level: 'CITY', standardVersion: 'AQ/T 9001-2006',
    appliedOn: '2024-03-01', reReview: false, decision: 'DESIGNATED', decidedOn: '2024-03-20', designatedOn: '2024-03-20', phase: 'DECIDED', version: 1, createdAt: now, updatedAt: now,
  };
  await certifications.record(certification, community.regionCode, systemOrigin('test-fixture', `fixture:${certification.id}`));
  editor = await app.token({ role: 'COMMUNITY_EDITOR', communities: [community.id] });
});
afterAll(() => app.close());

describe('npm run reminders', () => {
  it('runs the job for --now, writes each finding once, and says what it wrote', async () => {
    // Act
    const first = await runScript('scripts/reminders.ts', ['--now', '2027-01-01']);
    const second = await runScript('scripts/reminders.ts', ['--now', '2027-01-01']);
    // Assess
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^Reminders for 2027-01-01: 2 notifications written, 0 sent before, 0 uploads expired\./);
    expect(first.stdout).toContain('RE_REVIEW_DUE 1 new');
    expect(first.stdout).toContain('AT_RISK 1 new');
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^Reminders for 2027-01-01: 0 notifications written, 2 sent before/);
    const feed = ok(await app.doors[0]!.execute('{ notifications { edges { node { rule threshold daysLeft on message } } } }', {}, editor)).notifications;
    expect(feed.edges.map((edge: any) => edge.node)).toContainEqual(expect.objectContaining({ rule: 'RE_REVIEW_DUE', threshold: '90', daysLeft: 78, on: '2027-01-01' }));
  });

  it('exits 2 naming the option on a bad --now or an unknown option, and prints its usage with --help', async () => {
    const [bad, impossible, unknown, help] = await Promise.all([
      runScript('scripts/reminders.ts', ['--now', 'tomorrow']),
      runScript('scripts/reminders.ts', ['--now', '2027-02-30']),
      runScript('scripts/reminders.ts', ['--today', '2027-01-01']),
      runScript('scripts/reminders.ts', ['--help']),
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--now must be a date YYYY-MM-DD');
    expect(impossible.code).toBe(2);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("'--today'");
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--now YYYY-MM-DD');
  });
});
