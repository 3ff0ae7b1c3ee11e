import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { communityKeys, seedMarkerKey } from '#core/db/keys.ts';
import { FIRST_TAGGED_DEMO_VERSION, holdsUntaggedDemo, markSeeded, startAfreshIfUntagged } from '#scripts/seed/load.ts';
import { createTestApp, type TestApp } from '#tests/support/app.ts';
import { seedCommunity } from '#tests/support/fixtures.ts';

/**
 * `npm start` on a store loaded before ids were tagged (demo data version 6 and older): it starts
 * afresh (scripts/start.ts), since the same demo records under tagged ids would meet the old
 * ones' name guards and count twice. A store of this version, or of none, is left as it is.
 */
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

const stored = async (id: string) => (await app.table.client.send(new GetCommand({ TableName: app.table.name, Key: communityKeys.key(id) }))).Item;

describe('a store of demo data from before tagged ids', () => {
  it('is left alone without a demo marker and with this version\'s', async () => {
    // Prepare
    const community = await seedCommunity(app.table, { id: randomUUID() });
    // Act, Assess: no marker
    expect(await startAfreshIfUntagged(app.clients.dynamodb, app.table)).toBe(false);
    // Act, Assess: this version's marker
    await markSeeded(app.table);
    expect(await holdsUntaggedDemo(app.table)).toBe(false);
    expect(await startAfreshIfUntagged(app.clients.dynamodb, app.table)).toBe(false);
    expect(await stored(community.id)).toMatchObject({ id: community.id });
  });

  it('starts afresh, empty, when its marker names a version before tags', async () => {
    // Prepare: what version 6 left: its marker, and a community under an untagged id
    const community = await seedCommunity(app.table, { id: randomUUID() });
    await app.table.client.send(new PutCommand({ TableName: app.table.name, Item: { ...seedMarkerKey, version: FIRST_TAGGED_DEMO_VERSION - 1 } }));
    expect(await holdsUntaggedDemo(app.table)).toBe(true);

    // Act
    const afresh = await startAfreshIfUntagged(app.clients.dynamodb, app.table);

    // Assess: the table is there, empty (no community, no marker), and a second start leaves it
    expect(afresh).toBe(true);
    expect(await stored(community.id)).toBeUndefined();
    expect((await app.table.client.send(new GetCommand({ TableName: app.table.name, Key: seedMarkerKey }))).Item).toBeUndefined();
    expect(await startAfreshIfUntagged(app.clients.dynamodb, app.table)).toBe(false);
    const again = await seedCommunity(app.table, { name: '重建后的社区' });
    expect(await stored(again.id)).toMatchObject({ id: again.id });
  });
});
