import { type GraphQLFieldConfig, type GraphQLSchema, Kind } from 'graphql';
// By its CommonJS path, the copy of graphql Apollo and graphql-tools load under Node (vitest
// resolves a bare `graphql` in our files to the ES build: another realm, which graphql refuses);
// the bundle aliases the path to the ES build, its one copy (infra/bundling.ts, DEDUPE_ALIASES).
import { buildASTSchema } from 'graphql/utilities/buildASTSchema.js';
import { guardArguments } from '#core/argument-guard.ts';
import { schemaDocument } from '#generated/schema-ast.ts';
import { resolvers } from './resolvers.ts';
import { expandSchemaDocument } from './schema-document.ts';

let built: GraphQLSchema | undefined;

/**
 * The executable schema, built once per process, the cheap way, since a cold start pays for it
 * (bench/, foundation): from the schema document codegen pre-parsed (schema-document.ts: a
 * JSON.parse, not the GraphQL parser), by graphql-js' buildASTSchema without validation
 * (`assumeValid`: codegen merged and validated the SDL, and tests/unit/schema.test.ts shows this
 * schema is the one graphql-tools' makeExecutableSchema builds, and valid), with the resolvers
 * attached to the built types in place (attachResolvers) rather than by graphql-tools, whose
 * merge re-walks the whole document.
 */
export function executableSchema(): GraphQLSchema {
  if (built) return built;
  const schema = buildASTSchema(expandSchemaDocument(schemaDocument), { assumeValid: true, assumeValidSDL: true });
  attachResolvers(schema, resolvers as unknown as ResolverMap);
  describeScalarsFromSdl(schema);
  // Every id and cursor argument is checked before its resolver runs (core/argument-guard.ts).
  built = guardArguments(schema);
  return built;
}

type FieldResolver = NonNullable<GraphQLFieldConfig<unknown, unknown>['resolve']>;
type ResolverMap = Record<string, Record<string, unknown>>;
const tagOf = (value: unknown): string => Object.prototype.toString.call(value);

/**
 * What makeExecutableSchema({ updateResolversInPlace: true }) does with the resolver map, for the
 * kinds of resolver this project writes: a scalar's implementation (serialize, parseValue,
 * parseLiteral) onto the SDL's scalar, keeping the SDL's description; a field's function (or its
 * `{ resolve, subscribe }`) onto the field; `__isTypeOf` and `__resolveType` onto their types; an
 * enum's internal values. A resolver for a type or field the schema does not have is an error, as
 * graphql-tools makes it by default.
 */
export function attachResolvers(schema: GraphQLSchema, map: ResolverMap): void {
  for (const [typeName, resolver] of Object.entries(map)) {
    const type = schema.getType(typeName) as unknown as Record<string, unknown> | undefined;
    if (!type) throw new Error(`resolvers: ${typeName} is not in the schema`);
    const tag = tagOf(type);
    if (tag === '[object GraphQLScalarType]') {
      for (const key of ['serialize', 'parseValue', 'parseLiteral', 'specifiedByURL'] as const) {
        if (resolver[key] !== undefined) type[key] = resolver[key];
      }
      if (resolver.extensions) type.extensions = { ...(type.extensions as object), ...(resolver.extensions as object) };
      continue;
    }
    if (tag === '[object GraphQLEnumType]') {
      const enumType = type as unknown as { getValue(name: string): { value: unknown } | undefined };
      for (const [valueName, internal] of Object.entries(resolver)) {
        const value = enumType.getValue(valueName);
        if (!value) throw new Error(`resolvers: ${typeName}.${valueName} is not in the schema`);
        value.value = internal;
      }
      continue;
    }
    const fields = typeof type.getFields === 'function' ? (type.getFields as () => Record<string, Record<string, unknown>>)() : {};
    for (const [fieldName, fieldResolver] of Object.entries(resolver)) {
      if (fieldName === '__isTypeOf' || fieldName === '__resolveType') {
        type[fieldName === '__isTypeOf' ? 'isTypeOf' : 'resolveType'] = fieldResolver;
        continue;
      }
      const field = fields[fieldName];
      if (!field) throw new Error(`resolvers: ${typeName}.${fieldName} is not in the schema`);
      if (typeof fieldResolver === 'function') field.resolve = fieldResolver as FieldResolver;
      else if (fieldResolver && typeof fieldResolver === 'object') Object.assign(field, fieldResolver);
    }
  }
}

/**
 * schema/ is the contract: a custom scalar is described there. Attaching a GraphQLScalarType
 * (graphql-scalars' LocalDate and JSON, our DateTime and Money) replaces the SDL's description
 * with the implementation's own, so the docs a partner reads in the IDE would not be the schema's.
 */
export function describeScalarsFromSdl(schema: GraphQLSchema): void {
  for (const type of Object.values(schema.getTypeMap())) {
    // By the SDL node's kind, not instanceof: vitest may load graphql twice (for our files and for graphql-tools).
    const node = type.astNode;
    if (node?.kind === Kind.SCALAR_TYPE_DEFINITION && node.description) type.description = node.description.value;
  }
}
