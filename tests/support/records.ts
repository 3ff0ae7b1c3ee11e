import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { listingKeys } from '#core/db/keys.ts';
import type { Table } from '#core/db/table.ts';
import { FALL_AT_HOME } from '#scripts/seed/incident-fixture.ts';

/**
 * Valid inputs the API tests start from: the briefings' most common incident, an elderly
 * resident's fall at home, three days ago. Tests override what they are about.
 */
export function fallAtHome(communityId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    communityId,
    occurredAt: new Date(Date.now() - 3 * 86_400_000).toISOString(),
    ...FALL_AT_HOME,
    ...overrides,
  };
}

/** How many incidents a community's listing holds in the table, page by page (what a write really left). */
export async function storedIncidentCount(table: Table, communityId: string): Promise<number> {
  let total = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await table.client.send(
      new QueryCommand({
        TableName: table.name,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': listingKeys.incidents(communityId) },
        Select: 'COUNT',
        ExclusiveStartKey: startKey,
      }),
    );
    total += page.Count ?? 0;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return total;
}
