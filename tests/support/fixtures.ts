export { seedCommunity } from '#scripts/seed/community-fixture.ts';
export { evidenceFixture, writeEvidenceFixtures } from '#scripts/seed/evidence-fixture.ts';
export { FALL_AT_HOME } from '#scripts/seed/incident-fixture.ts';
