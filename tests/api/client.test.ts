import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import { gql, InMemoryCache } from '@apollo/client';
import { loadDevMessages, loadErrorMessages } from '@apollo/client/dev';
import { filter, firstValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { apolloExecutor, createApolloClient, createCache } from '#client/apollo.ts';
import {
  AggregateExportDocument,
  CertificationDocument,
  CommunitiesDocument,
  CommunityDocument,
  CommunityRecordsDocument,
  CorrectIncidentDocument,
  CreateIncidentDocument,
  CreationSummaryDocument,
  DeleteIncidentDocument,
  DesignationsDueDocument,
  IncidentDocument,
  IncidentRegionBreakdownDocument,
  IncidentsDocument,
  IncidentSummaryDocument,
  IncidentTrendDocument,
  PendingEndorsementsDocument,
} from '#client/gql/graphql.ts';
import { createFetchExecutor, EvidenceUploadError, GraphQLRequestError, sha256Hex, uploadEvidence } from '#client/upload.ts';
import { createUrqlClient, urqlExecutor } from '#client/urql.ts';
import { freePort, type RunningS3, startS3 } from '#local/engines.ts';
import { createTestApp, type TestApp } from '#tests/support/app.ts';
import { elfExecutable, pdf, sha256 } from '#tests/support/evidence-files.ts';
import { fallAtHome } from '#tests/support/records.ts';

/**
 * The partners' client package (client/) against the local server's HTTP door, as a front end
 * uses it: its typed documents run by Apollo Client 4 (core, no React) with its type policies and
 * by urql; overlapping queries on the same objects leave one consistent cache (no "Cache data may
 * be lost" warning, no request for a cache-first re-read); the upload helper takes a file to
 * AVAILABLE through the real processor, and stops with a message when the check never comes.
 */

// Apollo Client 4 warns only in development mode, which it reads when its modules load.
vi.hoisted(() => {
  (globalThis as { __DEV__?: boolean }).__DEV__ = true;
});

let s3rver: RunningS3;
let s3Directory: string;
let app: TestApp;
let admin: string;
let editor: string;
let analyst: string;
let reviewer: string;
let communityId: string;
let incidentIds: string[];
/** While true, s3rver's upload events wait here instead of reaching the processor (a check that never comes). */
let holdProcessing = false;
const deliveries: Promise<unknown>[] = [];
/**
 * Every console.warn and console.error of the run but the evidence processor's own lines (it runs
 * in this process, on s3rver's events, and logs what it rejects or ignores): Apollo's invariant
 * logger writes through them.
 */
const warnings: unknown[][] = [];
/** The processor's lines, for the failure messages. */
const processorLog: unknown[][] = [];

const REGION = '371702';

beforeAll(async () => {
  loadDevMessages();
  loadErrorMessages();
  for (const level of ['warn', 'error'] as const) {
    vi.spyOn(console, level).mockImplementation((...line: unknown[]) => void (String(line[0]).startsWith('evidence ') ? processorLog : warnings).push(line));
  }
  // The processor's info lines stay out of the output.
  vi.spyOn(console, 'info').mockImplementation(() => undefined);

  // An s3rver of this file's own, its upload events wired to the processor's Lambda handler as
  // `npm start` wires them (the run's s3rver lives in the global setup's process).
  s3Directory = mkdtempSync(join(tmpdir(), 'client-test-s3-'));
  s3rver = await startS3({ port: await freePort(), directory: s3Directory, buckets: [] });
  app = await createTestApp({ s3Endpoint: s3rver.endpoint });
  const { handler } = await import('#evidence-processor/handler.ts');
  s3rver.server.on('event', (event: Parameters<typeof handler>[0]) => {
    if (!holdProcessing) deliveries.push(handler(event).catch((error: unknown) => processorLog.push(['processor failed', error])));
  });

  admin = await app.token({ role: 'ADMIN' });
  const created = await app.doors[1]!.execute(
    `mutation($input: CreateCommunityInput!) { createCommunity(input: $input) { id } }`,
    {
      input: {
        name: '西城街道',
        kind: 'STREET',
        regionCode: '371702002',
        stage: 'IMPLEMENTING',
        launchedOn: '2008-03-01',
        population: 61000,
        committee: {
          chairUnit: '西城街道办事处',
          establishedOn: '2008-03-01',
          members: [
            { organisation: '西城街道办事处', sector: 'GOVERNMENT', role: 'CHAIR', position: '主任' },
            { organisation: '牡丹区消防救援大队', sector: 'FIRE', role: 'MEMBER' },
          ],
          workingGroups: [{ name: '老年人防跌倒组', leadOrganisation: '西城街道社区卫生服务中心', focus: '居家跌倒' }],
        },
      },
    },
    admin,
  );
  communityId = created.body.data.createCommunity.id;
  [editor, analyst, reviewer] = await Promise.all([
    app.token({ role: 'COMMUNITY_EDITOR', communities: [communityId] }),
    app.token({ role: 'PROVINCIAL_ANALYST', region: '37' }),
    app.token({ role: 'REVIEWER', region: '3717' }),
  ]);
  // Three incidents in 2009 (the analytics period) through the typed mutation, on fetch alone.
  const execute = createFetchExecutor({ url: app.graphqlUrl, token: editor });
  incidentIds = [];
  for (const [month, cause] of [
    ['03', 'FALL'],
    ['05', 'ROAD_TRAFFIC'],
    ['08', 'FALL'],
  ] as const) {
    const input = fallAtHome(communityId, { occurredAt: `2009-${month}-10T09:30:00+08:00`, cause, description: '老人在家中跌倒' });
    const { createIncident } = await execute(CreateIncidentDocument, { input: input as never }, {});
    incidentIds.push(createIncident.id);
  }
});

afterAll(async () => {
  await Promise.allSettled(deliveries);
  vi.restoreAllMocks();
  await app?.close();
  await s3rver?.stop();
  rmSync(s3Directory, { recursive: true, force: true });
});

/** A fetch that counts what reaches the network, by HTTP method. */
function countingFetch() {
  const requests: { method: string; operationName: string | null }[] = [];
  const urls: string[] = [];
  const send: typeof fetch = async (input, init) => {
    const method = init?.method ?? 'GET';
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    urls.push(url.href);
    const operationName = method === 'GET' ? url.searchParams.get('operationName') : (JSON.parse(String(init?.body ?? '{}')).operationName ?? null);
    requests.push({ method, operationName });
    return fetch(input, init);
  };
  return { send, requests, urls };
}

/** The warnings as console would print them (Apollo passes a format string and its arguments). */
function cacheDataLossWarnings(): string[] {
  return warnings.map((line) => format(...line)).filter((text) => text.includes('Cache data may be lost'));
}

/** The same community read by a detail query and a records query: different selections of its committee. */
const COMMITTEE_ORGANISATIONS = gql`
  query CommitteeOrganisations($id: ID!) {
    community(id: $id) { id committee { members { organisation } } }
  }
`;

describe('Apollo Client 4 with the type policies', () => {
  it('reads a list, a detail and the records of one community, then answers every re-read from the cache', async () => {
    // Prepare
    const { send, requests, urls } = countingFetch();
    const client = createApolloClient({ url: app.graphqlUrl, token: editor, fetch: send });
    const before = warnings.length;
    // Act: the list, the detail, the records (committee selected differently), a committee-only
    // read (a subset of what is stored: no request at all)
    const list = await client.query({ query: CommunitiesDocument, variables: { first: 20 } });
    const detail = await client.query({ query: CommunityDocument, variables: { id: communityId } });
    const records = await client.query({ query: CommunityRecordsDocument, variables: { id: communityId, first: 10 } });
    const organisations = await client.query({ query: COMMITTEE_ORGANISATIONS, variables: { id: communityId } });
    const networkReads = requests.length;
    const again = {
      list: await client.query({ query: CommunitiesDocument, variables: { first: 20 } }),
      detail: await client.query({ query: CommunityDocument, variables: { id: communityId } }),
      records: await client.query({ query: CommunityRecordsDocument, variables: { id: communityId, first: 10 } }),
      organisations: await client.query({ query: COMMITTEE_ORGANISATIONS, variables: { id: communityId } }),
    };
    // Assess
    expect(requests).toEqual([
      { method: 'GET', operationName: 'Communities' },
      { method: 'GET', operationName: 'Community' },
      { method: 'GET', operationName: 'CommunityRecords' },
    ]);
    expect(requests.length).toBe(networkReads);
    // The documents travel without their layout: a GET URL half as long.
    expect(urls.filter((url) => url.includes('%0A') || url.includes('%20%20'))).toEqual([]);
    expect(warnings.slice(before)).toEqual([]);
    expect(list.data?.communities.edges.map((edge) => edge.node.id)).toEqual([communityId]);
    expect(detail.data?.community.committee?.members.map((member) => member.position)).toEqual(['主任', null]);
    expect(detail.data?.community.committee?.workingGroups[0]?.name).toBe('老年人防跌倒组');
    expect(records.data?.community.incidents.totalCount).toBe(3);
    expect(organisations.data).toBeDefined();
    expect(again.list.data).toEqual(list.data);
    expect(again.detail.data).toEqual(detail.data);
    expect(again.records.data).toEqual(records.data);
    expect(again.organisations.data).toEqual(organisations.data);
    // One normalised record per entity: the community, and each incident of the records' page.
    const stored = client.cache.extract() as Record<string, unknown>;
    expect(Object.keys(stored).filter((key) => key.startsWith('Community:'))).toEqual([`Community:${communityId}`]);
    expect(Object.keys(stored).filter((key) => key.startsWith('Incident:')).sort()).toEqual(incidentIds.map((id) => `Incident:${id}`).sort());
  });

  it('answers an entity read by id from what a list stored, and a correction updates every query that shows the incident', async () => {
    // Prepare
    const { send, requests } = countingFetch();
    const client = createApolloClient({ url: app.graphqlUrl, token: editor, fetch: send });
    const before = warnings.length;
    const page = await client.query({ query: IncidentsDocument, variables: { communityId, first: 2 } });
    const newest = page.data!.incidents.edges[0]!.node;
    // Act: incident(id) with the list's fields comes from the cache; the detail (with changes) needs the server
    const fromCache = await client.query({
      query: gql`query IncidentCause($id: ID!) { incident(id: $id) { id cause severity version } }`,
      variables: { id: newest.id },
    });
    const requestsBeforeDetail = requests.length;
    await client.query({ query: IncidentDocument, variables: { id: newest.id } });
    const corrected = await client.mutate({
      mutation: CorrectIncidentDocument,
      variables: { input: { id: newest.id, version: newest.version, reason: '核对卫生院记录：伤者 2 人', injured: 2 } },
    });
    const pageAfter = await client.query({ query: IncidentsDocument, variables: { communityId, first: 2 } });
    // Assess
    expect(requestsBeforeDetail).toBe(1);
    expect(fromCache.data).toEqual({ incident: { __typename: 'Incident', id: newest.id, cause: newest.cause, severity: newest.severity, version: newest.version } });
    expect(requests.map((request) => `${request.method} ${request.operationName}`)).toEqual(['GET Incidents', 'GET Incident', 'POST CorrectIncident']);
    expect(corrected.data?.correctIncident.version).toBe(newest.version + 1);
    expect(pageAfter.data?.incidents.edges[0]?.node).toMatchObject({ id: newest.id, injured: 2, version: newest.version + 1 });
    expect(warnings.slice(before)).toEqual([]);
  });

  it('answers node(id) and nodes(ids) from the cache for entities any query stored, and asks the server for the rest', async () => {
    // Prepare
    const { send, requests } = countingFetch();
    const client = createApolloClient({ url: app.graphqlUrl, token: editor, fetch: send });
    const NODE = gql`
      query NodeName($id: ID!) { node(id: $id) { id ... on Community { name stage } ... on Incident { cause injured } } }
    `;
    const NODES = gql`
      query NodeNames($ids: [ID!]!) { nodes(ids: $ids) { id ... on Community { name stage } ... on Incident { cause injured } } }
    `;
    await client.query({ query: CommunityDocument, variables: { id: communityId } });
    // Act
    const community = await client.query({ query: NODE, variables: { id: communityId } });
    const afterCommunity = requests.length;
    const incident = await client.query({ query: NODE, variables: { id: incidentIds[0] } });
    const both = await client.query({ query: NODES, variables: { ids: [communityId, incidentIds[0]] } });
    // Assess
    expect(afterCommunity).toBe(1);
    expect(community.data).toEqual({ node: { __typename: 'Community', id: communityId, name: '西城街道', stage: 'IMPLEMENTING' } });
    expect(incident.data).toMatchObject({ node: { __typename: 'Incident', id: incidentIds[0], cause: 'FALL' } });
    expect(both.data).toEqual({ nodes: [(community.data as { node: unknown }).node, (incident.data as { node: unknown }).node] });
    expect(requests.map((request) => request.operationName)).toEqual(['Community', 'NodeName']);
  });

  it('adds a created incident to a watched list by refetchQueries, and drops a deleted one by evicting it', async () => {
    // Prepare: a list on screen (a watched query)
    const client = createApolloClient({ url: app.graphqlUrl, token: editor });
    const list = client.watchQuery({ query: IncidentsDocument, variables: { communityId, first: 20 } });
    const shown: string[][] = [];
    const subscription = list.subscribe((result) => {
      if (result.dataState === 'complete') shown.push(result.data.incidents.edges.map((edge) => edge.node.id));
    });
    await vi.waitFor(() => expect(shown).toHaveLength(1));
    const before = warnings.length;
    // Act
    const created = await client.mutate({
      mutation: CreateIncidentDocument,
      variables: { input: fallAtHome(communityId, { occurredAt: '2009-11-02T10:00:00+08:00', description: '楼梯间滑倒' }) as never },
      refetchQueries: ['Incidents'],
      awaitRefetchQueries: true,
    });
    const id = created.data!.createIncident.id;
    const afterCreate = shown.at(-1);
    await client.mutate({ mutation: DeleteIncidentDocument, variables: { input: { id, version: created.data!.createIncident.version, reason: '重复录入' } } });
    client.cache.evict({ id: client.cache.identify({ __typename: 'Incident', id }) });
    client.cache.gc();
    await vi.waitFor(() => expect(shown.at(-1)).toHaveLength(3));
    subscription.unsubscribe();
    // Assess
    expect(shown[0]).toHaveLength(3);
    expect(afterCreate).toHaveLength(4);
    expect(afterCreate).toContain(id);
    expect(shown.at(-1)).toEqual(shown[0]);
    expect(warnings.slice(before)).toEqual([]);
  });

  it('pages through a connection with fetchMore: the pages append, pageInfo follows the last page', async () => {
    // Prepare
    const client = createApolloClient({ url: app.graphqlUrl, token: editor });
    const query = client.watchQuery({ query: IncidentsDocument, variables: { communityId, first: 2 } });
    const first = await firstValueFrom(query.pipe(filter((result) => result.dataState === 'complete')));
    // Act
    await query.fetchMore({ variables: { after: first.data!.incidents.pageInfo.endCursor } });
    const all = client.readQuery({ query: IncidentsDocument, variables: { communityId, first: 2 } });
    // Assess
    expect(first.data!.incidents.pageInfo.hasNextPage).toBe(true);
    expect(all!.incidents.edges.map((edge) => edge.node.id)).toHaveLength(3);
    expect(new Set(all!.incidents.edges.map((edge) => edge.node.id))).toEqual(new Set(incidentIds));
    expect(all!.incidents.pageInfo.hasNextPage).toBe(false);
    expect(all!.incidents.totalCount).toBe(3);
  });

  it("reads an analyst's summary, breakdown, trend and creation summary, and a narrower read of the same summary, from one cache", async () => {
    // Prepare
    const { send, requests } = countingFetch();
    const client = createApolloClient({ url: app.graphqlUrl, token: analyst, fetch: send });
    const before = warnings.length;
    const period = { year: 2009 };
    const narrow = gql`
      query SummaryByCause($regionCode: String!, $period: AnalyticsPeriodInput!) {
        incidentSummary(regionCode: $regionCode, period: $period) {
          region { code name }
          total { current { count } yearEarlier { count } }
          byCause { cause current { deaths } yearEarlier { count } }
        }
      }
    `;
    // Act
    const summary = await client.query({ query: IncidentSummaryDocument, variables: { regionCode: REGION, period } });
    const byCause = await client.query({ query: narrow, variables: { regionCode: REGION, period } });
    const breakdown = await client.query({ query: IncidentRegionBreakdownDocument, variables: { regionCode: REGION, period } });
    const trend = await client.query({ query: IncidentTrendDocument, variables: { regionCode: REGION, from: '2009-01', to: '2009-12', granularity: 'MONTH' } });
    const creation = await client.query({ query: CreationSummaryDocument, variables: { regionCode: REGION, period } });
    const networkReads = requests.length;
    const summaryAgain = await client.query({ query: IncidentSummaryDocument, variables: { regionCode: REGION, period } });
    const byCauseAgain = await client.query({ query: narrow, variables: { regionCode: REGION, period } });
    // Assess
    expect(networkReads).toBe(5);
    expect(requests.length).toBe(networkReads);
    expect(warnings.slice(before)).toEqual([]);
    expect(summaryAgain.data).toEqual(summary.data);
    expect(byCauseAgain.data).toEqual(byCause.data);
    expect(summary.data?.incidentSummary.total.current).toMatchObject({ count: 3, deaths: 0 });
    expect(summary.data?.incidentSummary.byCause.find((line) => line.cause === 'FALL')?.current.count).toBe(2);
    expect(summary.data?.incidentSummary.total.current.economicLoss).toMatch(/^\d+(\.\d{1,2})?$/);
    expect(breakdown.data?.incidentRegionBreakdown.children.find((child) => child.region.code === '371702002')?.current.count).toBe(3);
    expect(trend.data?.incidentTrend.points.filter((point) => point.figures.count > 0).map((point) => point.period)).toEqual(['2009-03', '2009-05', '2009-08']);
    expect(creation.data?.creationSummary.communities.total).toBe(1);
    // The region is one record, whichever query brought it.
    expect(Object.keys(client.cache.extract() as Record<string, unknown>).filter((key) => key.startsWith('Region:') && key.includes('"371702"'))).toHaveLength(1);
  });

  it("runs the reviewer's queue, radar and an application, and the analyst's export, against the server", async () => {
    // Prepare
    const reviewerClient = createApolloClient({ url: app.graphqlUrl, token: reviewer });
    const analystClient = createApolloClient({ url: app.graphqlUrl, token: analyst });
    const editorClient = createApolloClient({ url: app.graphqlUrl, token: editor });
    // Act
    const queue = await reviewerClient.query({ query: PendingEndorsementsDocument, variables: { first: 10 } });
    const radar = await reviewerClient.query({ query: DesignationsDueDocument, variables: { regionCode: '3717', within: 120 } });
    const exported = await analystClient.mutate({ mutation: AggregateExportDocument, variables: { regionCode: REGION, period: { year: 2009 } } });
    const workbook = await analystClient.mutate({ mutation: AggregateExportDocument, variables: { regionCode: REGION, period: { year: 2009 }, format: 'XLSX' } });
    const missing = await editorClient.query({ query: CertificationDocument, variables: { id: 'cer_00000000-0000-4000-8000-000000000000' } }).catch((error: unknown) => error);
    // Assess
    expect(queue.data?.pendingEndorsements).toMatchObject({ totalCount: 0, edges: [] });
    expect(radar.data?.designationsDue).toMatchObject({ totalCount: 0, pageInfo: { hasNextPage: false } });
    expect(exported.data?.aggregateExport.fileName).toBe('safe-community-aggregates-371702-2009.csv');
    expect(exported.data?.aggregateExport.bytes).toBeGreaterThan(0);
    expect(workbook.data?.aggregateExport.fileName).toBe('safe-community-aggregates-371702-2009.xlsx');
    expect(missing).toMatchObject({ name: 'CombinedGraphQLErrors', errors: [{ extensions: { code: 'NOT_FOUND' } }] });
  });
});

describe('urql with a typed document', () => {
  it('runs the community query over GET with the bearer token, typed', async () => {
    // Prepare
    const { send, requests } = countingFetch();
    const client = createUrqlClient({ url: app.graphqlUrl, token: editor, fetch: send });
    // Act
    const result = await client.query(CommunityDocument, { id: communityId }).toPromise();
    const refused = await createUrqlClient({ url: app.graphqlUrl, token: 'not-a-token' }).query(CommunityDocument, { id: communityId }).toPromise();
    // Assess
    expect(result.error).toBeUndefined();
    const community = result.data?.community;
    expect(community?.name).toBe('西城街道');
    expect(community?.committee?.chairUnit).toBe('西城街道办事处');
    expect(community?.region.fullName).toBe('山东省 菏泽市 牡丹区 西城街道');
    expect(requests).toEqual([{ method: 'GET', operationName: 'Community' }]);
    expect(refused.error?.graphQLErrors[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('uploadEvidence', () => {
  it('hashes, registers, posts and waits: a PDF with a Chinese name becomes AVAILABLE, and downloads as sent', async () => {
    // Prepare
    const client = createApolloClient({ url: app.graphqlUrl, token: editor });
    const bytes = pdf('西城街道安全社区促进委员会工作制度');
    const file = new File([Buffer.from(bytes)], '促进委员会工作制度.pdf', { type: 'application/pdf' });
    const steps: string[] = [];
    // Act
    const evidence = await uploadEvidence(apolloExecutor(client), { file, ownerType: 'COMMITTEE', ownerId: communityId, element: 'ORGANISATION' }, {
      pollIntervalMs: 50,
      timeoutMs: 20_000,
      onStep: (step) => steps.push(step),
    });
    const download = await fetch(evidence.downloadUrl!);
    // Assess
    expect(evidence, JSON.stringify(processorLog)).toMatchObject({ status: 'AVAILABLE', fileName: '促进委员会工作制度.pdf', size: bytes.length, sha256: sha256(bytes), element: 'ORGANISATION' });
    expect(steps).toEqual(['hashing', 'registering', 'sending', 'checking']);
    expect(Buffer.from(await download.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);
    expect((client.cache.extract() as Record<string, unknown>)[`Evidence:${evidence.id}`]).toMatchObject({ status: 'AVAILABLE' });
  });

  it('rejects with the processor\'s reason when the bytes are not what was declared', async () => {
    // Prepare
    const execute = createFetchExecutor({ url: app.graphqlUrl, token: editor });
    // Act
    const failure = await uploadEvidence(execute, { file: elfExecutable(), fileName: '工作计划.pdf', contentType: 'application/pdf', ownerType: 'COMMUNITY', ownerId: communityId }, { pollIntervalMs: 50, timeoutMs: 20_000 }).catch(
      (error: unknown) => error,
    );
    // Assess
    expect(failure).toBeInstanceOf(EvidenceUploadError);
    expect(failure).toMatchObject({ code: 'REJECTED', evidence: { status: 'REJECTED' } });
    expect((failure as Error).message).toBe("工作计划.pdf was rejected: the file's content is an ELF executable, not a PDF document");
  });

  it('stops after its timeout with a message naming the evidence, when the check never comes', async () => {
    // Prepare
    holdProcessing = true;
    const execute = urqlExecutor(createUrqlClient({ url: app.graphqlUrl, token: editor }));
    const started = Date.now();
    // Act
    const failure = await uploadEvidence(execute, { file: new Blob([Buffer.from(pdf())], { type: 'application/pdf' }), fileName: '宣传照片说明.pdf', ownerType: 'COMMUNITY', ownerId: communityId }, { pollIntervalMs: 100, timeoutMs: 600 })
      .catch((error: unknown) => error)
      .finally(() => {
        holdProcessing = false;
      });
    const elapsed = Date.now() - started;
    // Assess
    expect(failure).toBeInstanceOf(EvidenceUploadError);
    const { code, message, evidence } = failure as EvidenceUploadError;
    expect(code).toBe('TIMEOUT');
    expect(evidence?.status).toBe('PENDING_UPLOAD');
    expect(message).toBe(`宣传照片说明.pdf (evidence ${evidence?.id}) is still PENDING_UPLOAD 600 ms after it was sent: the processor has not checked it yet. Read evidence(id) later: it becomes AVAILABLE or REJECTED.`);
    expect(elapsed).toBeLessThan(5_000);
  });

  it('stops at once when its signal aborts, with the signal\'s reason', async () => {
    // Prepare
    holdProcessing = true;
    const controller = new AbortController();
    const execute = createFetchExecutor({ url: app.graphqlUrl, token: editor });
    // Act
    const pending = uploadEvidence(execute, { file: pdf(), fileName: '演练记录.pdf', contentType: 'application/pdf', ownerType: 'COMMUNITY', ownerId: communityId }, {
      pollIntervalMs: 10_000,
      timeoutMs: 60_000,
      signal: controller.signal,
      onStep: (step) => {
        if (step === 'checking') setTimeout(() => controller.abort(), 50);
      },
    });
    const failure = await pending.catch((error: unknown) => error).finally(() => {
      holdProcessing = false;
    });
    // Assess
    expect(failure).toMatchObject({ name: 'AbortError' });
  });

  it('passes on the API\'s BAD_USER_INPUT naming the field, before any upload URL exists', async () => {
    // Prepare
    const execute = createFetchExecutor({ url: app.graphqlUrl, token: editor });
    // Act
    const failure = await uploadEvidence(execute, { file: pdf(), fileName: 'setup.exe', contentType: 'application/x-msdownload', ownerType: 'COMMUNITY', ownerId: communityId }).catch((error: unknown) => error);
    // Assess
    expect(failure).toBeInstanceOf(GraphQLRequestError);
    expect((failure as GraphQLRequestError).errors[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.contentType' });
  });

  it('hashes with WebCrypto as sha256sum does', async () => {
    const bytes = new TextEncoder().encode('安全社区');
    expect(await sha256Hex(bytes)).toBe(sha256(bytes));
  });
});

describe('the check can fail', () => {
  // Last in the file: Apollo warns once per type and field for the whole process.
  it('a cache without the type policies warns "Cache data may be lost" for the committee and goes back to the network', async () => {
    // Prepare
    const { send, requests } = countingFetch();
    const client = createApolloClient({ url: app.graphqlUrl, token: editor, fetch: send, cache: new InMemoryCache() });
    // Act: the detail, the records (a narrower committee), the detail again
    await client.query({ query: CommunityDocument, variables: { id: communityId } });
    await client.query({ query: CommunityRecordsDocument, variables: { id: communityId } });
    await client.query({ query: CommunityDocument, variables: { id: communityId } });
    // Assess
    expect(cacheDataLossWarnings()).toContainEqual(
      expect.stringContaining('Cache data may be lost when replacing the committee field of a Community object'),
    );
    expect(requests.map((request) => request.operationName)).toEqual(['Community', 'CommunityRecords', 'Community']);
    // The same three reads with the type policies: no third request (the warnings of the first test were none).
    const policed = countingFetch();
    const withPolicies = createApolloClient({ url: app.graphqlUrl, token: editor, fetch: policed.send, cache: createCache() });
    await withPolicies.query({ query: CommunityDocument, variables: { id: communityId } });
    await withPolicies.query({ query: CommunityRecordsDocument, variables: { id: communityId } });
    await withPolicies.query({ query: CommunityDocument, variables: { id: communityId } });
    expect(policed.requests.map((request) => request.operationName)).toEqual(['Community', 'CommunityRecords']);
  });
});
