import { createRequire } from 'node:module';
import type { GraphQLScalarType, GraphQLSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { typeDefs } from '#generated/type-defs.ts';
import { resolvers } from '#graphql/resolvers.ts';
import { schemaDocument } from '#generated/schema-ast.ts';
import { attachResolvers, servedSchema } from '#graphql/schema.ts';
import { describeSchema } from '#graphql/schema-descriptions.ts';
import { executableSchema } from '#graphql/executable-schema.ts';
import { expandSchemaDocument } from '#graphql/schema-document.ts';

/**
 * The server builds its schema without validating it at run time (a cold-start cost): here it is
 * validated, and the executable schema is shown to be the SDL's, with the resolvers attached.
 */
// graphql as the server's dependencies load it (its CommonJS build: one realm with @graphql-tools
// and Apollo), not as vite would resolve it for this file.
const { buildASTSchema, buildSchema, Kind, printSchema, validateSchema } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

/**
 * graphql-tools puts a GraphQLScalarType's own description (graphql-scalars', our DateTime's and
 * Money's) in place of the SDL's; the served schema keeps schema/'s (scalar-descriptions.test.ts).
 */
function describeScalarsFromSdl(schema: GraphQLSchema): void {
  for (const type of Object.values(schema.getTypeMap())) {
    const node = type.astNode;
    if (node?.kind === Kind.SCALAR_TYPE_DEFINITION && node.description) type.description = node.description.value;
  }
}

describe('the executable schema', () => {
  it('is a valid schema, the one Apollo Server would build from the SDL and the resolvers', () => {
    expect(validateSchema(buildSchema(typeDefs))).toEqual([]);
    const validated = makeExecutableSchema({ typeDefs, resolvers });
    expect(validateSchema(validated)).toEqual([]);
    // The one difference on purpose: custom scalars described as schema/ describes them (scalar-descriptions.test.ts).
    describeScalarsFromSdl(validated);
    expect(printSchema(describeSchema(executableSchema()))).toBe(printSchema(validated));
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
  it('expands to the SDL codegen merged, directives included, and with its descriptions (written apart) to all of it', () => {
    const expanded = buildASTSchema(expandSchemaDocument(schemaDocument));
    const undescribed = buildSchema(typeDefs);
    for (const type of Object.values(undescribed.getTypeMap())) {
      if (type.name.startsWith('__')) continue;
      type.description = undefined;
      const members = 'getValues' in type ? type.getValues() : 'getFields' in type ? Object.values(type.getFields()) : [];
      for (const member of members) {
        member.description = undefined;
        for (const argument of 'args' in member ? member.args : []) argument.description = undefined;
      }
    }
    for (const directive of undescribed.getDirectives()) {
      if (!directive.astNode) continue;
      directive.description = undefined;
      for (const argument of directive.args) argument.description = undefined;
    }
    undescribed.description = undefined;
    expect(printSchema(expanded)).toBe(printSchema(undescribed));
    expect(printSchema(describeSchema(expanded))).toBe(printSchema(buildSchema(typeDefs)));
  });

  it('serves no description until an operation introspects (schema.ts, descriptionsPlugin)', () => {
    // The served schema is the process's one; other tests may have described it already.
    const fresh = buildASTSchema(expandSchemaDocument(schemaDocument));
    expect(fresh.getType('Community')?.description).toBeUndefined();
    expect(servedSchema().getType('Community')).toBeDefined();
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
