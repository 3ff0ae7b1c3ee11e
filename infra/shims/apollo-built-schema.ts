/**
 * `@graphql-tools/schema` in the GraphQL function's bundle (infra/bundling.ts, BUILT_SCHEMA_ALIASES).
 * Apollo Server calls its `makeExecutableSchema` only to build a schema from `typeDefs` and
 * `resolvers`; the function hands Apollo a built schema (functions/graphql/schema.ts), so that
 * path never runs, and graphql-tools' schema, merge and utils packages (68 KB that module init
 * compiled and partly evaluated) stay out of the bundle. Should a server in it ever be given
 * typeDefs, it fails at once and says why.
 */
export function makeExecutableSchema(): never {
  throw new Error('this bundle leaves out @graphql-tools/schema: give Apollo Server a built schema, not typeDefs (infra/bundling.ts, BUILT_SCHEMA_ALIASES)');
}
