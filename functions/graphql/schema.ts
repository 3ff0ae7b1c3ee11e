import type { ApolloServerPlugin } from '@apollo/server';
import { BREAK, type DocumentNode, type GraphQLFieldConfig, type GraphQLObjectType, type GraphQLSchema, visit } from 'graphql';
import { schemaDocument } from '#generated/schema-ast.ts';
import { scalars } from './scalars.ts';
import { buildSchemaFromDocument, declaredFieldNames, decorateFields } from './schema-builder.ts';

let served: GraphQLSchema | undefined;

/**
 * The schema the server starts with, built once per process, the cheap way, since a cold start
 * pays for it (bench/, foundation): from the schema document codegen pre-parsed (a JSON.parse, not
 * the GraphQL parser), by graphql-js's type constructors with no AST in between (schema-builder.ts:
 * the schema buildASTSchema makes of the document, tests/unit/schema-builder.test.ts), without
 * validation (codegen merged and validated the SDL, and tests/unit/schema.test.ts shows this
 * schema is the one graphql-tools' makeExecutableSchema builds, and valid), with the custom
 * scalars in place.
 *
 * Its field resolvers are not: they are the application's (application.ts, its own chunk of the
 * bundle), which the first request loads and puts in place, before any
 * operation of it runs (executable-schema.ts). Module init thus compiles none of the services, repositories and zod
 * schemas behind them.
 */
export function servedSchema(): GraphQLSchema {
  if (served) return served;
  const schema = buildSchemaFromDocument(schemaDocument);
  attachResolvers(schema, scalars as unknown as ResolverMap);
  served = schema;
  return served;
}

/**
 * Before the first operation that introspects (`__schema` or `__type`, as the IDE's docs and
 * codegen do) runs, the schema's descriptions are loaded and put onto it (schema-descriptions.ts);
 * from then on the plugin does nothing. Nothing else reads a description.
 */
export function descriptionsPlugin(schema: GraphQLSchema): ApolloServerPlugin {
  let loaded: Promise<unknown> | undefined;
  let described = false;
  const checked = new WeakMap<DocumentNode, boolean>();
  return {
    async requestDidStart() {
      if (described) return;
      return {
        async didResolveOperation({ document }) {
          let introspects = checked.get(document);
          if (introspects === undefined) {
            introspects = introspectsIn(document);
            checked.set(document, introspects);
          }
          if (!introspects) return;
          loaded ??= import('./schema-descriptions.ts').then(({ describeSchema }) => {
            describeSchema(schema);
            described = true;
          });
          await loaded;
        },
      };
    },
  };
}

function introspectsIn(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field(node) {
      if (node.name.value !== '__schema' && node.name.value !== '__type') return undefined;
      found = true;
      return BREAK;
    },
  });
  return found;
}

type FieldResolver = NonNullable<GraphQLFieldConfig<unknown, unknown>['resolve']>;
export type ResolverMap = Record<string, Record<string, unknown>>;
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
  /** Each type's field resolvers, checked against the schema's names: put on when its fields are built. */
  const fieldResolvers = new Map<string, [string, unknown][]>();
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
    // A union has no fields; an object or interface type's are checked by name, not built.
    const declared = new Set(typeof type.getFields === 'function' ? declaredFieldNames(type as unknown as GraphQLObjectType) : []);
    const onFields: [string, unknown][] = [];
    for (const [fieldName, fieldResolver] of Object.entries(resolver)) {
      if (fieldName === '__isTypeOf' || fieldName === '__resolveType') {
        type[fieldName === '__isTypeOf' ? 'isTypeOf' : 'resolveType'] = fieldResolver;
        continue;
      }
      if (!declared.has(fieldName)) throw new Error(`resolvers: ${typeName}.${fieldName} is not in the schema`);
      onFields.push([fieldName, fieldResolver]);
    }
    if (onFields.length > 0) fieldResolvers.set(typeName, onFields);
  }
  if (fieldResolvers.size === 0) return;
  // Onto each type's fields as they are built (schema-builder.ts: a request builds the types it reaches).
  decorateFields(schema, (type, fields) => {
    for (const [fieldName, fieldResolver] of fieldResolvers.get(type.name) ?? []) {
      const field = fields[fieldName]!;
      if (typeof fieldResolver === 'function') field.resolve = fieldResolver as FieldResolver;
      else if (fieldResolver && typeof fieldResolver === 'object') Object.assign(field, fieldResolver);
    }
  });
}
