import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, ok, type TestApp } from '#tests/support/app.ts';
import { FALL_AT_HOME, seedCommunity } from '#tests/support/fixtures.ts';
import { seedSubmittedSelfAssessment } from '#tests/support/review.ts';

/**
 * A page of communities with their projects (and those projects' interventions), their latest
 * certification and their last 10 incidents costs a fixed number of DynamoDB calls, whatever
 * the page size: DataLoader batches each level into BatchGetItem calls.
 */
const NESTED = `query($first: Int!) {
  communities(regionCode: "130102", first: $first) {
    edges { node {
      id name
      projects(first: 20) { edges { node { id name interventions { id kind } } } }
      latestCertification { id level decision chain { phase waitingFor { level regionCode } } selfAssessment { id level status } }
      recentIncidents(first: 10) { id occurredAt cause }
    } }
  }
}`;

const COMMUNITIES = 50;
let app: TestApp;
let admin: string;
/** Each community's submitted self-assessment, the one its application rests on. */
const selfAssessments = new Map<string, string>();

beforeAll(async () => {
  app = await createTestApp();
  admin = await app.token({ role: 'ADMIN' });
  const http = app.doors[1]!;
  for (let index = 0; index < COMMUNITIES; index += 1) {
    const community = await seedCommunity(app.table, {
      regionCode: '130102001',
      name: `批量社区${index}`,
      stage: 'SELF_ASSESSED',
      launchedOn: '2019-06-01',
      stageHistory: [
        { stage: 'LAUNCHED', on: '2019-06-01' },
        { stage: 'SELF_ASSESSED', on: '2020-01-01' },
      ],
    });
    // A CITY application rests on a submitted self-assessment and waits for its county (石家庄 长安区 130102).
    const self = await seedSubmittedSelfAssessment(app.table, community, 'CITY');
    const project = await http.execute(
      `mutation($input: CreateProjectInput!) { createProject(input: $input) { id } }`,
      { input: { communityId: community.id, name: '居家安全', category: 'HOME', leadAgency: '街道办', startOn: '2020-02-01' } },
      admin,
    );
    const projectId = project.body.data.createProject.id;
    for (const kind of ['PUBLICITY', 'FACILITIES']) {
      await http.execute(
        `mutation($input: CreateInterventionInput!) { createIntervention(input: $input) { id } }`,
        { input: { projectId, kind, description: '措施', responsibleUnit: '街道办' } },
        admin,
      );
    }
    ok(
      await http.execute(
        `mutation($input: ApplyForCertificationInput!) { applyForCertification(input: $input) { id } }`,
        { input: { communityId: community.id, level: 'CITY', appliedOn: '2020-06-01', selfAssessmentId: self.id } },
        admin,
      ),
    );
    selfAssessments.set(community.id, self.id);
    for (let incident = 0; incident < 3; incident += 1) {
      const created = await http.execute(
        `mutation($input: CreateIncidentInput!) { createIncident(input: $input) { id } }`,
        {
          input: {
            communityId: community.id,
            occurredAt: `2020-0${incident + 1}-15T08:00:00.000Z`,
            ...FALL_AT_HOME,
            activity: 'LEISURE',
          },
        },
        admin,
      );
      expect(created.body.errors, JSON.stringify(created.body.errors)).toBeUndefined();
    }
  }
}, 300_000);
afterAll(() => app.close());

async function countCalls(first: number): Promise<{ calls: Record<string, number>; communities: any[] }> {
  const calls: Record<string, number> = {};
  app.clients.dynamodb.middlewareStack.add(
    (next, context) => async (args) => {
      const command = String(context.commandName);
      calls[command] = (calls[command] ?? 0) + 1;
      return next(args);
    },
    { step: 'initialize', name: 'countCalls' },
  );
  try {
    const response = await app.doors[1]!.execute(NESTED, { first }, admin);
    expect(response.body.errors, JSON.stringify(response.body.errors)).toBeUndefined();
    return { calls, communities: response.body.data.communities.edges.map((edge: { node: unknown }) => edge.node) };
  } finally {
    app.clients.dynamodb.middlewareStack.remove('countCalls');
  }
}

describe('nested reads', () => {
  it('resolve 50 communities with projects, interventions, latest certification and recent incidents in a fixed number of calls', async () => {
    // Act
    const small = await countCalls(5);
    const large = await countCalls(COMMUNITIES);
    // Assess: every level came back whole
    expect(large.communities).toHaveLength(COMMUNITIES);
    for (const community of large.communities) {
      expect(community.projects.edges).toHaveLength(1);
      expect(community.projects.edges[0].node.interventions).toHaveLength(2);
      expect(community.latestCertification).toMatchObject({
        level: 'CITY',
        decision: 'PENDING',
        chain: { phase: 'ENDORSEMENT', waitingFor: { level: 'COUNTY', regionCode: '130102' } },
        selfAssessment: { id: selfAssessments.get(community.id), level: 'CITY', status: 'SUBMITTED' },
      });
      expect(community.recentIncidents.map((incident: { occurredAt: string }) => incident.occurredAt.slice(0, 7))).toEqual([
        '2020-03',
        '2020-02',
        '2020-01',
      ]);
    }
    // Assess: the same calls for 5 and for 50 communities, and no call per community
    const total = (calls: Record<string, number>) => Object.values(calls).reduce((sum, count) => sum + count, 0);
    expect(large.calls).toEqual(small.calls);
    expect(large.calls.QueryCommand).toBe(1);
    expect(total(large.calls)).toBeLessThanOrEqual(10);
  });
});
