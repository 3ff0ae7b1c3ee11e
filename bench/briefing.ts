/**
 * The briefing benchmark: the time to build a region-year briefing (牡丹区 2009 on the demo data:
 * its figures, the document, the DOCX and the Markdown) against the aggregate export of the same
 * region-year built side by side (its figures and the CSV), in alternating runs, and the DynamoDB
 * calls each makes, counted by SDK middleware on the table's client. Then 10,000 more incidents
 * are imported into the region's communities and both are measured again: the region's calls stay
 * the same (its figures come from counters, its names from a listing per community, never from
 * the incidents), while a community's briefing, which counts its own records, reads more pages.
 *
 * Both builds stop before the PutObject, which costs the same for either file (s3 is not
 * started); the API's mutations add that one call.
 */
import { buildAggregateExport } from '#analytics/export.ts';
import { createContext, createDependencies } from '#graphql/server.ts';
import { demoId } from '#scripts/seed/ids.ts';
import { seedDemoData } from '#scripts/seed/load.ts';
import { countCalls } from './lib/calls.ts';
import { startBenchEnvironment } from './lib/in-process-api.ts';
import type { BenchmarkModule } from './lib/module.ts';
import { median, ms, ratio } from './lib/stats.ts';

const RUNS = 20;
const EXTRA_INCIDENTS = 10_000;
const IMPORT_BATCH = 1_000;
const REGION = '371702';
const PERIOD = { year: 2009 };
const DONGCHENG = demoId('community', 'heze-mudan-dongcheng');

export const briefingBenchmark: BenchmarkModule = {
  name: 'briefing',
  description: 'region-year briefing (DOCX + Markdown) against the aggregate export of the same region-year, and its DynamoDB calls before and after 10,000 more incidents',
  async run(report) {
    const environment = await startBenchEnvironment('briefing');
    try {
      const { config, clients, table, authorization } = environment;
      const counted = <T>(work: () => Promise<T>) => countCalls(clients.dynamodb, work);

      report.note('loading the demo data …');
      await seedDemoData(table);
      const deps = createDependencies(config, clients);
      const context = () => createContext(deps, authorization);
      const briefing = async (input: Record<string, unknown>) => (await context()).briefings.build({ ...input, period: PERIOD, issuedOn: '2010-01-20' });
      const aggregateExport = async () => buildAggregateExport((await context()).analytics, REGION, PERIOD);

      const measure = async (label: string) => {
        // Warm both paths, then alternate them so that neither gets the quieter moments.
        await briefing({ regionCode: REGION });
        await aggregateExport();
        const ours: number[] = [];
        const baseline: number[] = [];
        for (let run = 0; run < RUNS; run += 1) {
          let started = performance.now();
          await briefing({ regionCode: REGION });
          ours.push(performance.now() - started);
          started = performance.now();
          await aggregateExport();
          baseline.push(performance.now() - started);
        }
        const region = await counted(() => briefing({ regionCode: REGION }));
        const exported = await counted(() => aggregateExport());
        const community = await counted(() => briefing({ communityId: DONGCHENG }));
        report.figure(
          `${label}: region-year briefing (${REGION} 2009, DOCX ${region.value.docx.length.toLocaleString('en')} bytes + Markdown) median ${ms(median(ours))}, ` +
            `aggregate export of the same region-year (CSV) median ${ms(median(baseline))}: ratio ${ratio(median(ours), median(baseline))} over ${RUNS} alternating runs`,
        );
        report.figure(`${label}: DynamoDB calls — region briefing ${region.calls.summary}; aggregate export ${exported.calls.summary}; community briefing (东城) ${community.calls.summary}`);
        return { region: region.calls.total, community: community.calls.total };
      };

      const before = await measure('demo data');

      report.note(`importing ${EXTRA_INCIDENTS.toLocaleString('en')} more incidents of 2009 into 东城 …`);
      for (let start = 0; start < EXTRA_INCIDENTS; start += IMPORT_BATCH) {
        const records = Array.from({ length: Math.min(IMPORT_BATCH, EXTRA_INCIDENTS - start) }, (_, offset) => {
          const n = start + offset;
          return {
            externalId: `bench-briefing-${n}`,
            occurredAt: `2009-${String((n % 12) + 1).padStart(2, '0')}-${String((n % 28) + 1).padStart(2, '0')}T09:00:00+08:00`,
            cause: n % 3 ? 'FALL' : 'ROAD_TRAFFIC',
            intent: 'UNINTENTIONAL',
            place: n % 3 ? 'HOME' : 'ROAD',
            activity: 'LEISURE',
            severity: 'MINOR',
            deaths: 0,
            injured: 1,
            economicLoss: 12_000, // fen: the service takes what the Money scalar parsed
          };
        });
        const imported = await (await context()).incidents.importRecords(DONGCHENG, records);
        if (imported.outcome !== 'COMPLETED') throw new Error(`the import stopped: ${imported.outcome} ${JSON.stringify(imported.rows.find((row) => row.status === 'REJECTED'))}`);
      }
      const after = await measure(`+${EXTRA_INCIDENTS.toLocaleString('en')} incidents`);
      report.figure(
        `DynamoDB calls with ${EXTRA_INCIDENTS.toLocaleString('en')} more incidents: region briefing ${before.region} → ${after.region} (from counters: target unchanged); community briefing ${before.community} → ${after.community} (its own incident pages)`,
      );
    } finally {
      await environment.stop();
    }
  },
};
