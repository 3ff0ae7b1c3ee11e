import { createRequire } from 'node:module';
import type { GraphQLScalarType, GraphQLSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { typeDefs } from '#generated/type-defs.ts';
import { resolvers } from '#graphql/resolvers.ts';
import { schemaDocument } from '#generated/schema-ast.ts';
import { attachResolvers, describeScalarsFromSdl, executableSchema } from '#graphql/schema.ts';
import { expandSchemaDocument } from '#graphql/schema-document.ts';

/**
 * The server builds its schema without validating it at run time (a cold-start cost): here it is
 * validated, and the executable schema is shown to be the SDL's, with the resolvers attached.
 */
// graphql as the server's dependencies load it (its CommonJS build: one realm with @graphql-tools
// and Apollo), not as vite would resolve it for this file.
const { buildASTSchema, buildSchema, printSchema, validateSchema } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

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

describe('the pre-parsed schema document (schema-document.ts)', () => {
  it('expands to the SDL codegen merged, descriptions and directives included', () => {
    expect(printSchema(buildASTSchema(expandSchemaDocument(schemaDocument)))).toBe(printSchema(buildSchema(typeDefs)));
  });

  it('carries a resolver on every field, type and scalar graphql-tools would put one', () => {
    const reference = makeExecutableSchema({ typeDefs, resolvers });
    const ours = executableSchema();
    const attached = (schema: GraphQLSchema) =>
      Object.values(schema.getTypeMap())
        .filter((type) => !type.name.startsWith('__'))
        .flatMap((type) => {
          const record = type as unknown as Record<string, unknown>;
          const marks = ['isTypeOf', 'resolveType'].filter((key) => typeof record[key] === 'function').map((key) => `${type.name}.${key}`);
          const fields = 'getFields' in type && typeof type.getFields === 'function' ? (type.getFields() as Record<string, { resolve?: unknown }>) : {};
          return [...marks, ...Object.entries(fields).filter(([, field]) => typeof field.resolve === 'function').map(([name]) => `${type.name}.${name}`)];
        })
        .sort();
    expect(attached(ours)).toEqual(attached(reference));
    for (const [name, implementation] of Object.entries(resolvers).filter(([, value]) => typeof (value as { serialize?: unknown }).serialize === 'function')) {
      const scalar = ours.getType(name) as GraphQLScalarType;
      const { serialize, parseValue, parseLiteral } = implementation as GraphQLScalarType;
      expect([scalar.serialize, scalar.parseValue, scalar.parseLiteral]).toEqual([serialize, parseValue, parseLiteral]);
    }
  });

  it('refuses a resolver for a field the schema does not have', () => {
    expect(() => attachResolvers(buildASTSchema(expandSchemaDocument(schemaDocument)), { Query: { noSuchField: () => null } })).toThrow(/Query\.noSuchField/);
  });
});
