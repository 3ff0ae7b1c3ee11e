export { seedCommunity } from '#scripts/seed/community-fixture.ts';
