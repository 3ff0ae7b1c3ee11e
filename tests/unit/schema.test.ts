import { createRequire } from 'node:module';
import type { GraphQLScalarType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { typeDefs } from '#generated/type-defs.ts';
import { resolvers } from '#graphql/resolvers.ts';
import { describeScalarsFromSdl, executableSchema } from '#graphql/schema.ts';

/**
 * The server builds its schema without validating it at run time (a cold-start cost): here it is
 * validated, and the executable schema is shown to be the SDL's, with the resolvers attached.
 */
// graphql as the server's dependencies load it (its CommonJS build: one realm with @graphql-tools
// and Apollo), not as vite would resolve it for this file.
const { buildSchema, printSchema, validateSchema } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

describe('the executable schema', () => {
  it('is a valid schema, the one Apollo Server would build from the SDL and the resolvers', () => {
    expect(validateSchema(buildSchema(typeDefs))).toEqual([]);
    const validated = makeExecutableSchema({ typeDefs, resolvers });
    expect(validateSchema(validated)).toEqual([]);
    // The one difference on purpose: custom scalars described as schema/ describes them (scalar-descriptions.test.ts).
    describeScalarsFromSdl(validated);
    expect(printSchema(executableSchema())).toBe(printSchema(validated));
  });

  it('carries the resolvers and the custom scalars', () => {
    const schema = executableSchema();
    expect(schema.getQueryType()?.getFields().creationSummary?.resolve).toBeTypeOf('function');
    expect(schema.getMutationType()?.getFields().recomputeAggregates?.resolve).toBeTypeOf('function');
    const money = schema.getType('Money') as GraphQLScalarType;
    expect(money.parseValue('12.30')).toBe(1230);
    expect(money.serialize(1230)).toBe('12.30');
    expect(() => (schema.getType('LocalDate') as GraphQLScalarType).parseValue('2009-02-30')).toThrow();
  });
});
