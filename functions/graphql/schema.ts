import { makeExecutableSchema } from '@graphql-tools/schema';
import { type GraphQLSchema, Kind } from 'graphql';
import { guardArguments } from '#core/argument-guard.ts';
import { typeDefs } from '#generated/type-defs.ts';
import { resolvers } from './resolvers.ts';

let built: GraphQLSchema | undefined;

/**
 * The executable schema, built once per process from the generated SDL (what Apollo Server would
 * build from typeDefs and resolvers, the cheap way, since a cold start pays for it): the SDL is
 * the one codegen merged and validated, and tests/unit/schema.test.ts validates it again, so it is
 * not validated at run time (`assumeValid`); and the resolvers are attached to the built types in
 * place rather than by copying every type of the schema. Half the cost (bench/, foundation).
 */
export function executableSchema(): GraphQLSchema {
  // Every id and cursor argument is checked before its resolver runs (core/argument-guard.ts).
  built ??= guardArguments(makeExecutableSchema({
    typeDefs,
    resolvers,
    updateResolversInPlace: true,
    assumeValid: true,
    assumeValidSDL: true,
    noLocation: true,
  }));
  describeScalarsFromSdl(built);
  return built;
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
