import { createRequire } from 'node:module';
import type { GraphQLEnumType, GraphQLInputObjectType, GraphQLInterfaceType, GraphQLObjectType, GraphQLSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schemaDocument } from '#generated/schema-ast.ts';
import { buildSchemaFromDocument, decorateFields, madeSoFar } from '#graphql/schema-builder.ts';
import { expandSchemaDocument } from '#graphql/schema-document.ts';

/**
 * The served schema is built straight from the compact document (schema-builder.ts), not by
 * buildASTSchema over its expansion (schema-document.ts): here the two are shown to be the same
 * schema, for the project's document and for one that uses what the project's does not yet
 * (directive definitions, defaults, deprecations, @specifiedBy, @oneOf, unions, interfaces that
 * implement interfaces, a schema definition with other root names, descriptions).
 */
const require = createRequire(import.meta.url);
// graphql as the server's dependencies load it (its CommonJS build), as schema.test.ts does.
const { buildASTSchema, buildSchema, execute, parse, printSchema, validate, validateSchema } = require('graphql') as typeof import('graphql');
const codegen = require('#scripts/codegen-schema-ast.cjs') as { plugin(schema: GraphQLSchema, documents: unknown[], config: object): string };

/** What codegen writes for an SDL: the compact document (functions/generated/schema-ast.ts). */
function encode(sdl: string): string {
  const module = codegen.plugin(buildSchema(sdl), [], {});
  const literal = /export const schemaDocument = (".*");/.exec(module)?.[1];
  if (!literal) throw new Error('codegen wrote no schemaDocument');
  return JSON.parse(literal) as string;
}

const reference = (text: string) => buildASTSchema(expandSchemaDocument(text), { assumeValid: true, assumeValidSDL: true });

function expectSameSchema(text: string): GraphQLSchema {
  const built = buildSchemaFromDocument(text);
  const expected = reference(text);
  expect(printSchema(built)).toBe(printSchema(expected));
  expect(Object.keys(built.getTypeMap())).toEqual(Object.keys(expected.getTypeMap()));
  expect(built.getDirectives().map((directive) => directive.name)).toEqual(expected.getDirectives().map((directive) => directive.name));
  expect([built.getQueryType()?.name, built.getMutationType()?.name, built.getSubscriptionType()?.name]).toEqual([
    expected.getQueryType()?.name,
    expected.getMutationType()?.name,
    expected.getSubscriptionType()?.name,
  ]);
  expect(validateSchema(built)).toEqual([]);
  return built;
}

const RICH_SDL = `
schema { query: Root mutation: Change }
directive @tag(name: String! = "x", level: Level = HIGH) repeatable on FIELD_DEFINITION | OBJECT
scalar Url @specifiedBy(url: "https://example.com/url")
enum Level { LOW HIGH @deprecated(reason: "too high") OLD @deprecated }
interface Named { name: String }
interface Entity implements Named { id: ID! name: String }
type Thing implements Entity & Named @tag(name: "t") {
  id: ID!
  name: String @deprecated(reason: "use label")
  label(prefix: String = "a", level: Level = LOW, levels: [Level!] = [LOW, HIGH], filter: Filter = { min: 1, tags: ["a"] }, old: Int @deprecated(reason: "gone")): String @tag
  url: Url
  grid: [[Int!]]!
}
type Other { id: ID! }
union Any = Thing | Other
input Filter { min: Int = 0 max: Int @deprecated(reason: "no max") tags: [String!] level: Level = HIGH }
input Choice @oneOf { a: Int b: String }
type Root { thing(id: ID!): Thing any: [Any] choose(choice: Choice): Int named: Named }
type Change { touch(on: Boolean = true): Boolean }
`;

describe('the schema built from the compact document (schema-builder.ts)', () => {
  it("is buildASTSchema's schema for the project's document", () => {
    expectSameSchema(schemaDocument);
  });

  it("is buildASTSchema's schema for a document with directives, defaults, deprecations, unions and custom roots", () => {
    const schema = expectSameSchema(encode(RICH_SDL));
    const thing = schema.getType('Thing') as GraphQLObjectType;
    const label = thing.getFields().label!;
    expect(label.args.map((arg) => [arg.name, arg.defaultValue, arg.deprecationReason])).toEqual([
      ['prefix', 'a', undefined],
      ['level', 'LOW', undefined],
      ['levels', ['LOW', 'HIGH'], undefined],
      ['filter', { min: 1, tags: ['a'], level: 'HIGH' }, undefined],
      ['old', undefined, 'gone'],
    ]);
    expect(thing.getFields().name?.deprecationReason).toBe('use label');
    expect(thing.getInterfaces().map((type) => type.name)).toEqual(['Entity', 'Named']);
    expect((schema.getType('Level') as GraphQLEnumType).getValues().map((value) => [value.name, value.deprecationReason])).toEqual([
      ['LOW', undefined],
      ['HIGH', 'too high'],
      ['OLD', 'No longer supported'],
    ]);
    expect((schema.getType('Choice') as GraphQLInputObjectType).isOneOf).toBe(true);
    expect((schema.getType('Filter') as GraphQLInputObjectType).isOneOf).toBe(false);
    expect(schema.getDirective('tag')?.isRepeatable).toBe(true);
  });

  it('keeps the descriptions a document carries', () => {
    const text = JSON.stringify([
      ['G', { kind: 'SchemaDefinition', description: { kind: 'StringValue', value: 'The schema', block: true }, operationTypes: [{ kind: 'OperationTypeDefinition', operation: 'query', type: 'Query' }] }],
      ['O', 'Query', 'The root', 0, 0, [['pick', 'Pick', 'A pick', [['from', 'Int', 'Where from']]]]],
      ['E', 'Pick', 'A choice', 0, [['A', 'The first'], ['B']]],
      ['N', 'Range', 'A range', 0, [['low', 'Int', 'The low end', { kind: 'IntValue', value: '1' }]]],
      ['S', 'Odd', 'An odd number'],
      ['D', 'mark', 'A mark', [['why', 'String', 'The reason']], 0, ['FIELD']],
    ]);
    expectSameSchema(text);
    expect(buildSchemaFromDocument(text).description).toBe('The schema');
  });

  it('takes the types named Query and Mutation as the roots without a schema definition', () => {
    const schema = expectSameSchema(encode('type Query { a: Int } type Mutation { b: Int }'));
    expect(schema.getMutationType()?.name).toBe('Mutation');
  });

  it('refuses what it cannot build directly', () => {
    expect(() => buildSchemaFromDocument(JSON.stringify([['G', { kind: 'ObjectTypeExtension', name: 'Query' }]]))).toThrow(/ObjectTypeExtension/);
    // A type it names but does not define: refused when a field that names it is built.
    const missing = buildSchemaFromDocument(JSON.stringify([['O', 'Query', 0, 0, 0, [['a', 'Missing']]]]));
    expect(() => missing.getQueryType()?.getFields()).toThrow(/unknown type Missing/);
  });
});

describe('what the built schema makes, and when (schema-builder.ts)', () => {
  it('makes the roots and the scalars when built, and for an operation the types it reaches', () => {
    const schema = buildSchemaFromDocument(schemaDocument);
    const built = madeSoFar(schema);
    expect(built.fields).toEqual([]);
    expect(built.types).toEqual(expect.arrayContaining(['Query', 'Mutation']));
    expect(built.types.length).toBeLessThan(15);
    // The type map lists every type all the same (accessors for those not yet made).
    expect(Object.keys(schema.getTypeMap())).toEqual(Object.keys(reference(schemaDocument).getTypeMap()));

    expect(validate(schema, parse('query ($id: ID!) { community(id: $id) { id name region { code name } } }'))).toEqual([]);
    const validated = madeSoFar(schema);
    expect(validated.fields).toEqual(expect.arrayContaining(['Query', 'Community', 'Region']));
    expect(validated.fields).not.toContain('Mutation');
    expect(validated.fields.length).toBeLessThan(10);
    expect(validated.types.length).toBeLessThan(Object.keys(schema.getTypeMap()).length / 2);
  });

  it('makes everything an introspection lists', () => {
    const schema = buildSchemaFromDocument(schemaDocument);
    const result = execute({ schema, document: parse('{ __schema { types { name fields { name } inputFields { name } enumValues { name } } } }') }) as { data?: { __schema: { types: unknown[] } } };
    expect(result.data?.__schema.types).toHaveLength(Object.keys(schema.getTypeMap()).length);
    const made = madeSoFar(schema);
    expect(made.types.length).toBe(Object.keys(schema.getTypeMap()).filter((name) => !name.startsWith('__')).length);
  });

  it("lists an interface's implementations as buildASTSchema's schema does", () => {
    for (const text of [schemaDocument, encode(RICH_SDL)]) {
      const built = buildSchemaFromDocument(text);
      const expected = reference(text);
      for (const type of Object.values(expected.getTypeMap()).filter((candidate): candidate is GraphQLInterfaceType => candidate.constructor.name === 'GraphQLInterfaceType')) {
        const names = (schema: GraphQLSchema) => {
          const { objects, interfaces } = schema.getImplementations(schema.getType(type.name) as GraphQLInterfaceType);
          return { objects: objects.map((object) => object.name), interfaces: interfaces.map((other) => other.name) };
        };
        expect(names(built)).toEqual(names(expected));
        expect(names(built).objects.length).toBeGreaterThan(0);
        expect(built.isSubType(built.getType(type.name) as GraphQLInterfaceType, built.getType(names(built).objects[0]!) as GraphQLObjectType)).toBe(true);
      }
    }
  });

  it('applies each field decorator once to every type, in the order given, whether its fields were built before or after', () => {
    const schema = buildSchemaFromDocument(encode(RICH_SDL));
    const seen: string[] = [];
    const early = (schema.getType('Other') as GraphQLObjectType).getFields();
    decorateFields(schema, (type) => seen.push(`first ${type.name}`));
    decorateFields(schema, (type, fields) => {
      seen.push(`second ${type.name}`);
      if (fields.id) fields.id.resolve = () => `${type.name} id`;
    });
    expect(seen).toEqual([]);
    const thing = schema.getType('Thing') as GraphQLObjectType;
    thing.getFields();
    thing.getFields();
    expect(early).toBe((schema.getType('Other') as GraphQLObjectType).getFields());
    expect(seen).toEqual(['first Thing', 'second Thing', 'first Other', 'second Other']);
    expect(thing.getFields().id?.resolve?.(null, {}, null, null as never)).toBe('Thing id');
    // Not introspection's, and every object and interface type once.
    printSchema(schema);
    expect(seen.filter((entry) => entry.startsWith('first ')).sort()).toEqual(['first Change', 'first Entity', 'first Named', 'first Other', 'first Root', 'first Thing']);
  });
});

