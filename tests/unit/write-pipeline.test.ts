import { describe, expect, it } from 'vitest';
import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { AuditTrail } from '#audit/trail.ts';
import { fieldChanges } from '#audit/model.ts';
import { COUNTER_PK_PREFIX, IncidentCounters } from '#analytics/counters.ts';
import { CREATION_PK_PREFIX, CreationCounters } from '#analytics/creation-counters.ts';
import { auditKeys, childIndexKey, communityKeys, recordKey } from '#core/db/keys.ts';
import { combined, type RecordChange, WritePipeline } from '#core/db/pipeline.ts';
import { systemOrigin } from '#core/origin.ts';
import { ChildIndex, RecordStore } from '#core/db/records.ts';
import { commit, type Table, TransactionRace, type TransactionStep } from '#core/db/table.ts';
import { ConflictError } from '#core/errors.ts';
import type { Incident } from '#incident/model.ts';
import type { Project } from '#project/model.ts';

/**
 * The write side, offline: the parameters the record store, the child index, the counters, the
 * audit trail and the pipeline build, and how `commit` reads a cancelled transaction (faults
 * injected with SDK middleware: nothing leaves the process).
 */
function offlineTable(fault?: () => Error): { table: Table; sent: unknown[] } {
  const sent: unknown[] = [];
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({ region: 'cn-north-1', endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }),
  );
  client.middlewareStack.add(
    () => async (args) => {
      sent.push(args.input);
      if (fault) throw fault();
      return { output: { $metadata: {} } as never, response: {} };
    },
    { step: 'initialize', name: 'offline', priority: 'high' },
  );
  return { table: { client, name: 'platform' }, sent };
}

const origin = systemOrigin('unit-test', 'request-1');
const at = '2026-12-01T08:00:00.000Z';
const project = {
  id: 'p1',
  communityId: 'c1',
  regionCode: '371702101',
  name: '农药中毒预防项目',
  category: 'PESTICIDE_POISONING',
  status: 'PLANNED',
  startOn: '2008-03-01',
  targetGroups: [],
  environments: [],
  goals: [],
  leadAgency: '吴店镇安全生产办公室',
  partnerAgencies: [],
  version: 1,
  createdAt: at,
  updatedAt: at,
} as unknown as Project;

describe('record store', () => {
  const { table } = offlineTable();
  const store = new RecordStore<Project>(table, {
    kind: 'PROJECT',
    type: 'Project',
    label: 'promotion project',
    listing: (record) => ({ partition: `COMMUNITY#${record.communityId}#PROJECTS`, position: `${record.startOn}#${record.id}` }),
  });

  it('creates under attribute_not_exists, with its listing keys', () => {
    const [step] = store.created(project, '371702101').steps as [TransactionStep];
    expect(step.item.Put).toMatchObject({
      TableName: 'platform',
      ConditionExpression: 'attribute_not_exists(pk)',
      Item: { ...recordKey('PROJECT', 'p1'), entity: 'PROJECT', gsi1pk: 'COMMUNITY#c1#PROJECTS', gsi1sk: '2008-03-01#p1', name: '农药中毒预防项目' },
    });
    expect(step.onConditionFailed?.()).toBeInstanceOf(ConflictError);
  });

  it('replaces and deletes under the version read, and reports the change with the record’s stamp', () => {
    const next = { ...project, name: '新名称', version: 2 };
    const write = store.replaced(project, next, 'fallback');
    expect(write.steps[0]?.item.Put).toMatchObject({ ConditionExpression: '#version = :expected', ExpressionAttributeValues: { ':expected': 1 } });
    expect(write.changes).toEqual([{ type: 'Project', id: 'p1', communityId: 'c1', regionCode: '371702101', before: project, after: next }]);
    expect(store.deleted(next, 'x').steps[0]?.item.Delete).toMatchObject({ Key: recordKey('PROJECT', 'p1'), ExpressionAttributeValues: { ':expected': 2 } });
  });
});

describe('child index as a contributor', () => {
  const { table } = offlineTable();
  const index = new ChildIndex(table, 'COMMUNITY', 'PROJECT', { childType: 'Project', parentOf: (record: Project) => record.communityId });
  const write = (changes: RecordChange[]) => ({ operation: 'CREATE' as const, steps: [], changes, origin, at });
  const change = (id: string, before: object | null, after: object | null): RecordChange => ({
    type: 'Project', id, communityId: 'c1', regionCode: '371702101', before, after,
  });

  it('adds every child created in one write to its parent’s set in one update', () => {
    const steps = index.steps(write([change('p1', null, project), change('p2', null, { ...project, id: 'p2' })]));
    expect(steps).toHaveLength(1);
    expect(steps[0]?.item.Update).toMatchObject({ Key: childIndexKey('COMMUNITY', 'c1', 'PROJECT'), UpdateExpression: 'ADD #ids :id SET #entity = :entity' });
    expect([...((steps[0]?.item.Update?.ExpressionAttributeValues?.[':id'] as Set<string> | undefined) ?? [])]).toEqual(['p1', 'p2']);
  });

  it('removes a deleted child, and leaves updates and other types alone', () => {
    expect(index.steps(write([change('p1', project, null)]))[0]?.item.Update?.UpdateExpression).toBe('DELETE #ids :id');
    expect(index.steps(write([change('p1', project, project)]))).toEqual([]);
    expect(index.steps(write([{ ...change('i1', null, project), type: 'Intervention' }]))).toEqual([]);
  });
});

describe('pipeline', () => {
  const { table } = offlineTable();
  const pipeline = new WritePipeline(table, [new IncidentCounters(table), new CreationCounters(table), new AuditTrail(table)]);
  const incident = {
    id: 'i1', communityId: 'c1', regionCode: '371702101', occurredAt: '2009-05-09T02:00:00.000Z', cause: 'FALL', intent: 'UNINTENTIONAL',
    place: 'HOME', activity: 'HOUSEWORK', severity: 'MINOR', deaths: 0, injured: 1, version: 1, createdAt: at, updatedAt: at,
  } as unknown as Incident;

  it('commits the record’s steps, then the counters, then one audit entry per change', () => {
    const own: TransactionStep = { item: { Put: { TableName: 'platform', Item: { pk: 'INCIDENT#i1', sk: 'INCIDENT' } } } };
    const steps = pipeline.transaction(
      { operation: 'CREATE', steps: [own], changes: [{ type: 'Incident', id: 'i1', communityId: 'c1', regionCode: '371702101', before: null, after: incident }] },
      origin,
      at,
    );
    expect(steps[0]).toBe(own);
    const counterKeys = steps.flatMap((step) => (step.item.Update?.Key ? [String(step.item.Update.Key.pk)] : []));
    // Province, city, county and town, each for the year and the month.
    expect(counterKeys).toHaveLength(8);
    expect(counterKeys.every((pk) => pk.startsWith(COUNTER_PK_PREFIX))).toBe(true);
    const audit = steps.at(-1)?.item.Put;
    expect(audit).toMatchObject({
      ConditionExpression: 'attribute_not_exists(pk)',
      Item: {
        pk: auditKeys.record('Incident', 'i1'),
        gsi1pk: auditKeys.community('c1'),
        gsi2pk: auditKeys.province('371702101'),
        operation: 'CREATE',
        actor: { subject: 'unit-test', role: 'SYSTEM', scope: '*' },
        requestId: 'request-1',
        at,
      },
    });
    expect(String(audit?.Item?.sk).startsWith(`${at}#`)).toBe(true);
  });

  it('counts a project’s category move with its interventions, and a stage move inside a decision as its own operation', () => {
    const moved = { ...project, category: 'HOME', version: 2 };
    const steps = pipeline.transaction(
      {
        operation: 'UPDATE',
        steps: [],
        changes: [{ type: 'Project', id: 'p1', communityId: 'c1', regionCode: '371702101', before: project, after: moved, context: { interventionCount: 3 } }],
      },
      origin,
      at,
    );
    const snapshot = steps.find((step) => step.item.Update?.Key?.pk === `${CREATION_PK_PREFIX}371702101` && String(step.item.Update.Key.sk).startsWith('NOW'));
    const values = Object.entries(snapshot?.item.Update?.ExpressionAttributeNames ?? {}).map(([alias, name]) => [
      name,
      snapshot?.item.Update?.ExpressionAttributeValues?.[alias.replace('#a', ':v')],
    ]);
    expect(Object.fromEntries(values)).toMatchObject({ iv_PESTICIDE_POISONING: -3, iv_HOME: 3, pj_PESTICIDE_POISONING: -1, pj_HOME: 1 });

    const decision = combined(
      'CERTIFICATION_DECIDED',
      { operation: 'CERTIFICATION_DECIDED', steps: [], changes: [{ type: 'Certification', id: 'x', communityId: 'c1', regionCode: '371702101', before: {}, after: {} }] },
      { operation: 'STAGE_CHANGE', steps: [], changes: [{ type: 'Community', id: 'c1', communityId: 'c1', regionCode: '371702101', before: { stage: 'UNDER_REVIEW' }, after: { stage: 'DESIGNATED' } }] },
    );
    const entries = new AuditTrail(table).steps({ ...decision, origin, at }).map((step) => step.item.Put?.Item);
    expect(entries.map((entry) => entry?.operation)).toEqual(['CERTIFICATION_DECIDED', 'STAGE_CHANGE']);
    expect(entries[1]?.changes).toEqual([{ field: 'stage', before: '"UNDER_REVIEW"', after: '"DESIGNATED"' }]);
  });

  it('lists changed fields only, without bookkeeping, values as JSON', () => {
    expect(fieldChanges({ a: 1, version: 1, updatedAt: 'x', gone: 'y' }, { a: 2, version: 2, updatedAt: 'z', added: [1] })).toEqual([
      { field: 'a', before: '1', after: '2' },
      { field: 'added', after: '[1]' },
      { field: 'gone', before: '"y"' },
    ]);
  });

  it('keys communities as records, listed by region and stage', () => {
    expect(communityKeys.key('c1')).toEqual(recordKey('COMMUNITY', 'c1'));
    expect(communityKeys.byStage('DESIGNATED')).toBe('COMMUNITIES#DESIGNATED');
  });
});

describe('commit', () => {
  const cancelled = (...codes: string[]) => () =>
    new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: codes.map((Code) => ({ Code })) });
  const steps = (onConditionFailed?: () => Error): TransactionStep[] => [
    { item: { Put: { TableName: 'platform', Item: { pk: 'A', sk: 'A' } } } },
    { item: { Put: { TableName: 'platform', Item: { pk: 'B', sk: 'B' } } }, ...(onConditionFailed ? { onConditionFailed } : {}) },
  ];

  it('sends one TransactWriteItems of the steps', async () => {
    const { table, sent } = offlineTable();
    await commit(table, steps());
    expect(sent).toEqual([{ TransactItems: steps().map((step) => step.item) }]);
  });

  it('turns a failed condition into the error its step names, else a CONFLICT', async () => {
    const named = new ConflictError('a community named 吴店镇 already exists', 'input.name');
    await expect(commit(offlineTable(cancelled('None', 'ConditionalCheckFailed')).table, steps(() => named))).rejects.toBe(named);
    await expect(commit(offlineTable(cancelled('ConditionalCheckFailed', 'None')).table, steps())).rejects.toBeInstanceOf(ConflictError);
  });

  it('resends a transaction cancelled for a conflict, then gives a TransactionRace, never the SDK exception', async () => {
    const { table, sent } = offlineTable(cancelled('TransactionConflict', 'None'));
    const error = await commit(table, steps()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TransactionRace);
    expect(error).toBeInstanceOf(ConflictError);
    expect(sent.length).toBeGreaterThan(1);
  });
});
