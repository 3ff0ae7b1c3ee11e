import { gunzipSync } from 'node:zlib';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Community } from '#community/model.ts';
import { auditKeys } from '#core/db/keys.ts';
import { createTestApp, ok, type TestApp } from '#tests/support/app.ts';
import { seedCommunity } from '#tests/support/fixtures.ts';
import { fallAtHome } from '#tests/support/records.ts';

/**
 * An import writes one audit item per transaction (an import batch, audit/trail.ts) instead of an
 * item per row, and every read of the trail still shows one IMPORT entry per incident: its
 * history (first, before its corrections), its community's and its province's logs (paged, a page
 * ending inside a batch), and `node(id)` of such an entry.
 */

const ROWS = 120;
const ENTRY = 'id at operation recordType recordId communityId regionCode changes { field before after } via redacted';
const IMPORT = `mutation($communityId: ID!, $records: [IncidentImportRecord!]!) { importIncidents(communityId: $communityId, records: $records) { outcome created rows { incidentId } } }`;
const HISTORY = `query($id: ID!, $first: Int, $after: String) { incident(id: $id) { history(first: $first, after: $after) { pageInfo { hasNextPage endCursor } edges { node { ${ENTRY} } } } } }`;
const LOG = `query($communityId: ID, $regionCode: String, $first: Int, $after: String) {
  auditLog(communityId: $communityId, regionCode: $regionCode, operation: IMPORT, first: $first, after: $after) { pageInfo { hasNextPage endCursor } edges { node { ${ENTRY} } } }
}`;
const NODE = `query($id: ID!) { node(id: $id) { id ... on AuditEntry { operation recordId via } } }`;
const CORRECT = `mutation($input: CorrectIncidentInput!) { correctIncident(input: $input) { id version } }`;

interface Entry {
  id: string;
  at: string;
  operation: string;
  recordType: string;
  recordId: string;
  changes: { field: string; before: string | null; after: string | null }[];
  via: string | null;
}

let app: TestApp;
let community: Community;
let editor: string;
let reviewer: string;
let created: string[];

beforeAll(async () => {
  app = await createTestApp();
  community = await seedCommunity(app.table, { regionCode: '371702102', name: '导入审计社区' });
  [editor, reviewer] = await Promise.all([app.token({ role: 'COMMUNITY_EDITOR', communities: [community.id] }), app.token({ role: 'REVIEWER', region: '37' })]);
  const records = Array.from({ length: ROWS }, (_, n) => {
    const { communityId: _c, ...record } = fallAtHome(community.id, { occurredAt: new Date(Date.UTC(2024, 2, 1) + n * 3_600_000).toISOString(), injured: 1 + (n % 3), externalId: `AB-${n}` });
    return record;
  });
  const report = (await ok(await app.doors[0]!.execute(IMPORT, { communityId: community.id, records }, editor))).importIncidents;
  expect(report).toMatchObject({ outcome: 'COMPLETED', created: ROWS });
  created = report.rows.map((row: { incidentId: string }) => row.incidentId);
}, 120_000);
afterAll(() => app.close());

/** Every IMPORT entry of a log, `first` at a time, following the cursors. */
async function pagedLog(variables: Record<string, unknown>, first: number): Promise<Entry[]> {
  const entries: Entry[] = [];
  let after: string | undefined;
  for (let page = 0; page < 100; page += 1) {
    const log = (await ok(await app.doors[1]!.execute(LOG, { ...variables, first, ...(after ? { after } : {}) }, reviewer))).auditLog;
    entries.push(...log.edges.map((edge: { node: Entry }) => edge.node));
    if (!log.pageInfo.hasNextPage) return entries;
    after = log.pageInfo.endCursor;
  }
  throw new Error('the log did not end');
}

describe('an import’s audit trail', () => {
  it('is one item per transaction, not one per row', async () => {
    const response = await app.table.client.send(
      new QueryCommand({ TableName: app.table.name, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': auditKeys.community(community.id) } }),
    );
    const imports = (response.Items ?? []).filter((item) => item.operation === 'IMPORT');
    // 120 rows in transactions of up to 100 items, two items a row: at least 3, far fewer than 120.
    expect(imports.length).toBeGreaterThanOrEqual(3);
    expect(imports.length).toBeLessThanOrEqual(4);
    expect(imports.every((item) => item.entity === 'AuditImportBatch')).toBe(true);
    // Its members are gzipped JSON (older batches hold a list: both read, see below).
    expect(imports.every((item) => item.members instanceof Uint8Array)).toBe(true);
    expect(imports.reduce((sum, item) => sum + (JSON.parse(gunzipSync(item.members as Uint8Array).toString('utf8')) as unknown[]).length, 0)).toBe(ROWS);
  });

  it('shows each incident’s creation first in its history, then its corrections, page by page', async () => {
    for (const id of [created[0], created[57], created[ROWS - 1]] as string[]) {
      const [entry] = (await ok(await app.doors[0]!.execute(HISTORY, { id }, editor))).incident.history.edges.map((edge: { node: Entry }) => edge.node);
      expect(entry).toMatchObject({ operation: 'IMPORT', recordType: 'Incident', recordId: id });
      expect(entry.via).toMatch(/^import:/);
      expect(entry.changes).toContainEqual({ field: 'cause', before: null, after: '"FALL"' });
      expect(entry.changes.map((change: { field: string }) => change.field)).not.toContain('importAudit');
    }
    const id = created[3] as string;
    await ok(await app.doors[0]!.execute(CORRECT, { input: { id, version: 1, reason: '核对卫生院记录', injured: 5 } }, editor));
    const first = (await ok(await app.doors[0]!.execute(HISTORY, { id, first: 1 }, editor))).incident.history;
    expect(first.edges.map((edge: { node: Entry }) => edge.node.operation)).toEqual(['IMPORT']);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (await ok(await app.doors[0]!.execute(HISTORY, { id, first: 5, after: first.pageInfo.endCursor }, editor))).incident.history;
    expect(second.edges.map((edge: { node: Entry }) => edge.node.operation)).toEqual(['CORRECT']);
    expect(second.pageInfo.hasNextPage).toBe(false);
    const whole = (await ok(await app.doors[0]!.execute(HISTORY, { id }, editor))).incident.history.edges.map((edge: { node: Entry }) => edge.node);
    expect(whole.map((entry: Entry) => entry.operation)).toEqual(['IMPORT', 'CORRECT']);
    expect(whole[1].changes).toEqual([{ field: 'injured', before: '1', after: '5' }]);
  });

  it('lists every incident’s entry once in its community’s and its province’s log, pages ending inside a batch', async () => {
    for (const variables of [{ communityId: community.id }, { regionCode: '371702' }]) {
      const entries = await pagedLog(variables, 7);
      expect(entries).toHaveLength(ROWS);
      expect(new Set(entries.map((entry) => entry.recordId))).toEqual(new Set(created));
      expect(new Set(entries.map((entry) => entry.id)).size).toBe(ROWS);
      const ats = entries.map((entry) => entry.at);
      expect([...ats].sort().reverse()).toEqual(ats);
      expect(await pagedLog(variables, 50)).toEqual(entries);
    }
  });

  it('answers node(id) of an entry of a batch', async () => {
    const [entry] = await pagedLog({ communityId: community.id }, 100);
    const node = (await ok(await app.doors[0]!.execute(NODE, { id: entry?.id }, reviewer))).node;
    expect(node).toMatchObject({ id: entry?.id, operation: 'IMPORT', recordId: entry?.recordId });
    expect(node.via).toMatch(/^import:/);
  });

  it('reads a batch written before its members were one string (a list of maps) as before', async () => {
    const id = created[0] as string;
    const history = async () => (await ok(await app.doors[0]!.execute(HISTORY, { id }, editor))).incident.history.edges.map((edge: { node: Entry }) => edge.node);
    const before = await history();
    const response = await app.table.client.send(
      new QueryCommand({ TableName: app.table.name, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': auditKeys.community(community.id) } }),
    );
    const batch = (response.Items ?? []).find((item) => item.operation === 'IMPORT' && before[0].id.startsWith(`${item.id}.`));
    expect(batch).toBeDefined();
    // The batch as the trail wrote it before: members a list of maps.
    await app.table.client.send(new PutCommand({ TableName: app.table.name, Item: { ...batch, members: JSON.parse(gunzipSync(batch!.members as Uint8Array).toString('utf8')) } }));
    expect(await history()).toEqual(before);
    expect((await pagedLog({ communityId: community.id }, 50)).filter((entry) => entry.recordId === id)).toEqual([before[0]]);
  });
});
