/**
 * The suggestions benchmark: a self-assessment's suggestions (the facts read, functions/review/
 * facts.ts, then the rules on the national sheet, suggestions.ts) for a community with 1,000
 * AVAILABLE evidence files and 10 years of incidents, against a community with 10 files and one
 * year: the latency should not grow (ratio target ≤ 1.2) and the DynamoDB calls are the same.
 * For scale, what reading the records themselves would cost: the whole archive and every
 * incident, page by page.
 *
 * The incidents go in through importIncidents (so the community figures are the write path's);
 * the evidence is written straight into the table as the processor leaves it (AVAILABLE, in the
 * archive index), with the record store's own item format.
 */
import type { Community } from '#community/model.ts';
import { listingKeys } from '#core/db/keys.ts';
import { queryAll, type Table } from '#core/db/table.ts';
import { chinaToday } from '#core/taxonomy.ts';
import { AQT_ELEMENTS } from '#evidence/model.ts';
import { latestBundledSheet } from '#review/bundled-sheets.ts';
import { CommunityFactsReader } from '#review/facts.ts';
import { suggest } from '#review/suggestions.ts';
import { seedCommunity } from '#scripts/seed/community-fixture.ts';
import { evidenceFixture, writeEvidenceFixtures } from '#scripts/seed/evidence-fixture.ts';
import { FALL_AT_HOME } from '#scripts/seed/incident-fixture.ts';
import { countCalls } from './lib/calls.ts';
import { type InProcessApi, startInProcessApi } from './lib/in-process-api.ts';
import type { BenchmarkModule } from './lib/module.ts';
import { median, ms, ratio } from './lib/stats.ts';

const RUNS = 100;
/** Interleaved runs before measuring: DynamoDB Local's JVM takes a while to settle. */
const WARM_RUNS = 40;
const NAIVE_RUNS = 5;
const IMPORT_BATCH = 1000;

const PROFILES = [
  { name: 'small', files: 10, years: 1, incidentsPerYear: 30 },
  { name: 'large', files: 1_000, years: 10, incidentsPerYear: 300 },
] as const;

const IMPORT = `mutation($communityId: ID!, $records: [IncidentImportRecord!]!) { importIncidents(communityId: $communityId, records: $records) { outcome created } }`;
const CREATE_ACTIVITY = `mutation($input: CreateActivityInput!) { createActivity(input: $input) { id } }`;

export const suggestionsBenchmark: BenchmarkModule = {
  name: 'suggestions',
  description: "a self-assessment's suggestions for 1,000 files and 10 years of incidents against 10 files and one year, with the DynamoDB calls of each",
  async run(report) {
    const api = await startInProcessApi('suggestions');
    try {
      const sheet = latestBundledSheet('national-onsite');
      if (!sheet) throw new Error('the national sheet is not bundled');
      const today = chinaToday();
      const reader = new CommunityFactsReader(api.table);

      const communities = new Map<string, Community>();
      for (const profile of PROFILES) {
        report.note(`loading ${profile.name}: ${profile.files} files, ${profile.years} year(s) × ${profile.incidentsPerYear} incidents …`);
        const community = await seedCommunity(api.table, {
          name: `建议基准社区-${profile.name}`,
          regionCode: '371702101',
          launchedOn: '2015-01-01',
          committee: {
            chairUnit: '镇政府',
            members: (['GOVERNMENT', 'SAFETY_SUPERVISION', 'POLICE', 'FIRE', 'HEALTH'] as const).map((sector) => ({ organisation: `${sector}单位`, sector, role: 'MEMBER' as const })),
            workingGroups: [{ name: '道路交通组', leadOrganisation: '派出所' }],
          },
        });
        communities.set(profile.name, community);
        await loadIncidents(api, community, profile.years, profile.incidentsPerYear, today);
        for (const kind of ['DRILL', 'INSPECTION', 'TRAINING']) {
          await api.execute(CREATE_ACTIVITY, { input: { communityId: community.id, kind, topic: `${kind}活动`, heldOn: today, attendeeCount: 30 } });
        }
        await writeEvidence(api.table, community, profile.files);
      }

      const compute = async (community: Community) => suggest(sheet, await reader.read(community, today));
      const callsOf: Record<string, string> = {};
      const samples: Record<string, number[]> = {};
      for (const profile of PROFILES) {
        const community = communities.get(profile.name)!;
        const counted = await countCalls(api.clients.dynamodb, () => compute(community));
        const items = Object.keys(counted.value).length;
        if (items !== sheet.items.length) throw new Error(`suggestions for ${items} items, not ${sheet.items.length}`);
        callsOf[profile.name] = counted.calls.summary;
        samples[profile.name] = [];
      }
      for (let warm = 0; warm < WARM_RUNS; warm += 1) for (const profile of PROFILES) await compute(communities.get(profile.name)!);
      // Interleaved, so drift in the engine's speed (and the machine's load) weighs on both alike.
      for (let run = 0; run < RUNS; run += 1) {
        // ABBA: neither profile always follows the other.
        for (const profile of run % 2 === 0 ? PROFILES : [...PROFILES].reverse()) {
          const started = performance.now();
          await compute(communities.get(profile.name)!);
          samples[profile.name]!.push(performance.now() - started);
        }
      }
      const medians: Record<string, number> = {};
      for (const profile of PROFILES) {
        medians[profile.name] = median(samples[profile.name]!);
        report.figure(
          `suggestions, ${profile.files.toLocaleString('en')} files and ${profile.years} year(s) of incidents (${(profile.years * profile.incidentsPerYear).toLocaleString('en')}): median ${ms(medians[profile.name]!)} over ${RUNS} runs, DynamoDB calls ${callsOf[profile.name]}`,
        );
      }
      report.figure(
        `suggestions, 1,000 files and 10 years against 10 files and one year: ratio ${ratio(medians.large!, medians.small!)} (target ≤ 1.2); calls ${callsOf.large === callsOf.small ? 'the same' : 'DIFFER'} (${callsOf.large} against ${callsOf.small})`,
      );

      // For scale: reading the large community's records themselves (the whole archive and every incident).
      const large = communities.get('large')!;
      const naiveSamples: number[] = [];
      let naiveCalls = '';
      for (let run = 0; run < NAIVE_RUNS; run += 1) {
        const started = performance.now();
        const counted = await countCalls(api.clients.dynamodb, () => naiveRead(api.table, large));
        naiveSamples.push(performance.now() - started);
        naiveCalls = counted.calls.summary;
      }
      report.figure(
        `reading the records instead (the archive and every incident of the large community): median ${ms(median(naiveSamples))} over ${NAIVE_RUNS} runs, DynamoDB calls ${naiveCalls}: ${ratio(median(naiveSamples), medians.large!)}× the facts' time`,
      );
    } finally {
      await api.stop();
    }
  },
};

async function loadIncidents(api: InProcessApi, community: Community, years: number, perYear: number, today: string): Promise<void> {
  const thisYear = Number(today.slice(0, 4));
  const rows = [];
  for (let y = thisYear - years; y < thisYear; y += 1) {
    for (let n = 0; n < perYear; n += 1) {
      rows.push({
        externalId: `bench-${y}-${n}`,
        occurredAt: new Date(Date.UTC(y, 0, 1, 4) + ((n * 7_919) % 360) * 86_400_000).toISOString(),
        ...FALL_AT_HOME,
      });
    }
  }
  for (let start = 0; start < rows.length; start += IMPORT_BATCH) {
    const batch = rows.slice(start, start + IMPORT_BATCH);
    const { importIncidents } = await api.execute(IMPORT, { communityId: community.id, records: batch });
    if (importIncidents.created !== batch.length) throw new Error(`import created ${importIncidents.created} of ${batch.length}`);
  }
}

async function writeEvidence(table: Table, community: Community, files: number): Promise<void> {
  const evidence = Array.from({ length: files }, (_, n) =>
    evidenceFixture(community, {
      element: AQT_ELEMENTS[n % AQT_ELEMENTS.length]!,
      status: 'AVAILABLE',
      at: new Date(Date.UTC(2020, 0, 1) + n * 60_000).toISOString(),
      fileName: `档案-${n}.pdf`,
      size: 100_000,
      uploadedBy: 'bench',
    }),
  );
  await writeEvidenceFixtures(table, evidence);
}

async function naiveRead(table: Table, community: Community): Promise<number> {
  let read = 0;
  for (const [index, partition] of [
    ['gsi2', listingKeys.archive(community.id)],
    ['gsi1', listingKeys.incidents(community.id)],
  ] as const) {
    const items = await queryAll(table, { IndexName: index, KeyConditionExpression: '#pk = :pk', ExpressionAttributeNames: { '#pk': `${index}pk` }, ExpressionAttributeValues: { ':pk': partition } });
    read += items.length;
  }
  return read;
}
