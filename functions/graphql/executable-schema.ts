import type { GraphQLSchema } from 'graphql';
import { argumentGuard } from '#core/argument-guard.ts';
import { resolvers } from './resolvers.ts';
import { attachResolvers, type ResolverMap, servedSchema } from './schema.ts';
import { decorateFields } from './schema-builder.ts';

const installed = new WeakSet<GraphQLSchema>();

/**
 * The served schema (schema.ts) with the application's resolvers in place: what every operation
 * executes against. The application (application.ts) makes it when the first request loads it;
 * tests and tools that inspect the executable schema call it directly. The same schema object
 * either way, its resolvers put on once.
 */
export function executableSchema(): GraphQLSchema {
  return installResolvers(servedSchema(), resolvers);
}

/**
 * Puts the application's resolvers onto the schema, in place (attachResolvers), once per schema,
 * then wraps every field that takes an id or a cursor with its argument checks (argumentGuard,
 * core/argument-guard.ts: it wraps the resolver it finds, so it comes after them). Both reach a
 * type's fields when they are built (schema-builder.ts, decorateFields), in that order.
 */
function installResolvers(schema: GraphQLSchema, map: object): GraphQLSchema {
  if (installed.has(schema)) return schema;
  attachResolvers(schema, map as unknown as ResolverMap);
  // Every id and cursor argument is checked before its resolver runs (core/argument-guard.ts).
  decorateFields(schema, argumentGuard());
  installed.add(schema);
  return schema;
}
