/**
 * The nested-read benchmark: a page of communities with their projects and interventions, latest
 * certification and last 10 incidents. It counts the DynamoDB calls the query makes (the same
 * whatever the page size, thanks to DataLoader + BatchGetItem) and times it at page sizes 5, 20
 * and 50, through the same server and context the Lambda handler uses.
 */
import { seedCommunity } from '#scripts/seed/community-fixture.ts';
import { startInProcessApi } from './lib/in-process-api.ts';
import type { BenchmarkModule } from './lib/module.ts';
import { median, ms, ratio } from './lib/stats.ts';
import { FALL_AT_HOME } from '#scripts/seed/incident-fixture.ts';

const COMMUNITIES = 50;
const PAGE_SIZES = [5, 20, 50] as const;
const RUNS = 30;

const NESTED = `query Nested($first: Int!) {
  communities(regionCode: "130102", first: $first) {
    edges { node {
      id name
      projects(first: 20) { edges { node { id name interventions { id kind } } } }
      latestCertification { id level decision }
      recentIncidents(first: 10) { id occurredAt cause }
    } }
  }
}`;

export const nested: BenchmarkModule = {
  name: 'nested',
  description: 'DynamoDB calls and latency of 5/20/50 communities with projects, interventions, latest certification and recent incidents',
  async run(report) {
    const api = await startInProcessApi('nested');
    try {
      const { clients, table, execute } = api;

      report.note(`seeding ${COMMUNITIES} communities, each with a project of 2 interventions, a certification and 3 incidents …`);
      for (let index = 0; index < COMMUNITIES; index += 1) {
        const community = await seedCommunity(table, {
          name: `基准社区${index}`,
          regionCode: '130102001',
          stage: 'SELF_ASSESSED',
          stageHistory: [{ stage: 'SELF_ASSESSED', on: '2020-01-01' }],
        });
        const project = await execute(`mutation($input: CreateProjectInput!) { createProject(input: $input) { id } }`, {
          input: { communityId: community.id, name: '居家安全', category: 'HOME', leadAgency: '街道办', startOn: '2020-02-01' },
        });
        for (const kind of ['PUBLICITY', 'FACILITIES']) {
          await execute(`mutation($input: CreateInterventionInput!) { createIntervention(input: $input) { id } }`, {
            input: { projectId: project.createProject.id, kind, description: '措施', responsibleUnit: '街道办' },
          });
        }
        await execute(`mutation($input: ApplyForCertificationInput!) { applyForCertification(input: $input) { id } }`, {
          input: { communityId: community.id, level: 'CITY', appliedOn: '2020-06-01' },
        });
        for (let month = 1; month <= 3; month += 1) {
          await execute(`mutation($input: CreateIncidentInput!) { createIncident(input: $input) { id } }`, {
            input: {
              communityId: community.id,
              occurredAt: `2020-0${month}-15T08:00:00.000Z`,
              ...FALL_AT_HOME,
              activity: 'LEISURE',
            },
          });
        }
      }

      const calls: Record<string, number> = {};
      clients.dynamodb.middlewareStack.add(
        (next, context) => async (args) => {
          calls[String(context.commandName)] = (calls[String(context.commandName)] ?? 0) + 1;
          return next(args);
        },
        { step: 'initialize', name: 'countCalls' },
      );
      const medians: number[] = [];
      for (const first of PAGE_SIZES) {
        for (const key of Object.keys(calls)) delete calls[key];
        await execute(NESTED, { first });
        const counted = Object.entries(calls)
          .map(([command, count]) => `${count} ${command.replace('Command', '')}`)
          .join(' + ');
        const total = Object.values(calls).reduce((sum, count) => sum + count, 0);
        const samples: number[] = [];
        for (let run = 0; run < RUNS; run += 1) {
          const started = performance.now();
          await execute(NESTED, { first });
          samples.push(performance.now() - started);
        }
        medians.push(median(samples));
        report.figure(`nested query, ${first} communities: ${total} DynamoDB calls (${counted}), median ${ms(median(samples))} over ${RUNS} runs`);
      }
      report.figure(
        `nested query latency, 50 against 5 communities: ratio ${ratio(medians.at(-1)!, medians[0]!)} (10× the data, the same number of round trips)`,
      );
    } finally {
      await api.stop();
    }
  },
};
