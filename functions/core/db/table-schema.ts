/**
 * The single table's key design, shared by the CDK stack, the local runner and the tests so the
 * three can never disagree about attribute or index names.
 *
 * Items carry generic keys (`pk`, `sk`, `gsi1pk`, …) built from named composite attributes in
 * `keys.ts`; the entity attributes themselves stay readable alongside.
 */
export const TABLE_KEYS = {
  partitionKey: 'pk',
  sortKey: 'sk',
} as const;

/**
 * Items that hold only for a while carry their expiry here (epoch seconds) and DynamoDB's TTL
 * deletes them: an intake app's rate-limit windows (keys.ts residentReportKeys.rateWindow).
 * Nothing reads an item's absence as meaningful: an expired window is one no request counts in.
 */
export const TTL_ATTRIBUTE = 'ttl';

export interface GlobalIndexDefinition {
  readonly indexName: string;
  readonly partitionKey: string;
  readonly sortKey: string;
}

/**
 * GSI1 lists communities by region code prefix (sort key `<regionCode>#<id>`).
 * GSI2 lists communities of one stage by region code prefix.
 * Both project ALL attributes so a page of communities is one Query.
 */
export const GLOBAL_INDEXES = [
  { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  { indexName: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
] as const satisfies readonly GlobalIndexDefinition[];

export type GlobalIndexName = (typeof GLOBAL_INDEXES)[number]['indexName'];
