import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { InMemoryCache } from '@apollo/client';
import { describe, expect, it } from 'vitest';
import { createCache, createTypePolicies, LIST_KEYS } from '#client/apollo.ts';
import { anonymousListFields, anonymousTypes, connectionFields, entityQueryFields } from '#client/gql/cache-shape.ts';
import { typeDefs } from '#generated/type-defs.ts';

/**
 * The client package offline: its cache policies name only what the schema has, every connection
 * and entity read gets one, what the cache writes comes back by key, and the package compiles as
 * a browser app compiles it (DOM libraries, no Node types). tests/api/client.test.ts runs it
 * against the server.
 */
const { buildSchema, isObjectType } = createRequire(import.meta.url)('graphql') as typeof import('graphql');
const schema = buildSchema(typeDefs);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('the type policies', () => {
  it('key list elements only by fields their types have, of types without an id', () => {
    for (const [typename, keys] of Object.entries(LIST_KEYS)) {
      const type = schema.getType(typename);
      expect(type && isObjectType(type), typename).toBe(true);
      if (!type || !isObjectType(type)) continue;
      for (const key of keys) expect(Object.keys(type.getFields()), `${typename}.${key}`).toContain(key);
      const listed = Object.values(anonymousListFields).some((fields) => Object.values(fields).includes(typename));
      expect(listed, `${typename} is in some list of the schema`).toBe(true);
    }
  });

  it('give every connection field relay-style pagination with its filters as key arguments, and every read by id a cache redirect', () => {
    const policies = createTypePolicies();
    for (const [typename, fields] of Object.entries(connectionFields)) {
      for (const [field, filters] of Object.entries(fields)) {
        const policy = policies[typename]?.fields?.[field];
        expect(policy, `${typename}.${field}`).toMatchObject({ keyArgs: filters.length > 0 ? filters : false });
        expect(typeof policy === 'object' && typeof policy.merge, `${typename}.${field}`).toBe('function');
      }
    }
    expect(connectionFields.Query?.communities).toEqual(['regionCode', 'stage']);
    expect(connectionFields.Community?.incidents).toEqual(['cause', 'from', 'place', 'to']);
    for (const field of Object.keys(entityQueryFields)) expect(typeof policies.Query?.fields?.[field], field).toBe('object');
    expect(anonymousTypes).toContain('PromotionCommittee');
    expect(policies.PromotionCommittee).toMatchObject({ keyFields: false, merge: true });
  });

  it('store a region by its code (or its id alone), and a scoring sheet per version', () => {
    const cache = createCache();
    expect(cache.identify({ __typename: 'Region', code: '371702', name: '牡丹区' })).toBe('Region:{"code":"371702"}');
    expect(cache.identify({ __typename: 'Region', id: 'rgn_371702', code: '371702' })).toBe('Region:{"code":"371702"}');
    expect(cache.identify({ __typename: 'Region', id: 'rgn_371702' })).toBe('Region:rgn_371702');
    expect(cache.identify({ __typename: 'Region', name: '牡丹区' })).toBeUndefined();
    expect(cache.identify({ __typename: 'ScoringSheet', id: 'national-onsite', version: 2 })).toBe('ScoringSheet:{"id":"national-onsite","version":2}');
    expect(cache.identify({ __typename: 'ScoringSheetItem', id: '1.1' })).toBeUndefined();
    expect(cache.identify({ __typename: 'DeletedIncident', id: 'inc_1' })).toBeUndefined();
    expect(cache.identify({ __typename: 'Community', id: 'com_1' })).toBe('Community:com_1');
    expect(new InMemoryCache().identify({ __typename: 'ScoringSheetItem', id: '1.1' })).toBe('ScoringSheetItem:1.1');
  });
});

describe('the package', () => {
  it('compiles as a browser app compiles it: DOM libraries, no Node types', () => {
    const result = spawnSync(process.execPath, [`${ROOT}node_modules/typescript/bin/tsc`, '-p', 'client'], { cwd: ROOT, encoding: 'utf8' });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  }, 60_000);
});
