import type { DirectiveLocation } from 'graphql';
// By their CommonJS paths, as schema.ts imports buildASTSchema: the copy of graphql Apollo loads
// under Node (vitest would give a bare `graphql` the ES build, another realm); the bundle aliases
// each path to the ES build, its one copy (infra/bundling.ts, DEDUPE_ALIASES).
import { getDirectiveValues } from 'graphql/execution/values.js';
import {
  GraphQLDeprecatedDirective,
  GraphQLDirective,
  GraphQLEnumType,
  type GraphQLEnumValueConfigMap,
  type GraphQLFieldConfigArgumentMap,
  type GraphQLFieldConfigMap,
  type GraphQLInputFieldConfigMap,
  GraphQLInputObjectType,
  type GraphQLInputType,
  GraphQLInterfaceType,
  GraphQLList,
  type GraphQLNamedType,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLOneOfDirective,
  type GraphQLOutputType,
  GraphQLScalarType,
  GraphQLSchema,
  GraphQLSpecifiedByDirective,
  type GraphQLType,
  GraphQLUnionType,
  specifiedDirectives,
  specifiedScalarTypes,
} from 'graphql/type/index.js';
import { valueFromAST } from 'graphql/utilities/valueFromAST.js';
import { type Encoded, expandConstValue, expandDirectives } from './schema-document.ts';

/**
 * Builds the served schema straight from the compact schema document codegen writes
 * (scripts/codegen-schema-ast.cjs, functions/generated/schema-ast.ts): graphql-js's type
 * constructors fed from the encoding, with no AST in between. buildASTSchema over the expanded
 * document (schema-document.ts) makes the same schema, but a cold start paid about 140 M
 * instructions for the expansion and for buildASTSchema's walk of every field's AST node (its
 * directives looked up for a deprecation on each), the bulk of the GraphQL function's module init
 * beyond the hello-world's (bench/, foundation). tests/unit/schema.test.ts holds this schema
 * printing as buildASTSchema's does, directive by directive, default by default.
 *
 * What it leaves out is what buildASTSchema keeps for tools: each element's `astNode`. Nothing the
 * server runs reads one for this schema (Apollo's cache-control plugin looks for @cacheControl on
 * it and the schema has none; graphql-query-complexity's directive estimator is not used).
 * A definition outside the encoding's letters (an extension, say) is an error, never skipped.
 *
 * Like buildASTSchema with `assumeValid`, the schema is not validated: codegen merged and
 * validated the SDL, and the unit test validates this schema.
 */
export function buildSchemaFromDocument(text: string): GraphQLSchema {
  const definitions = JSON.parse(text) as Encoded[][];
  /** Every named type by name, the standard scalars first; `defined`, the document's in its order (buildASTSchema's type map). */
  const types = new Map<string, GraphQLNamedType>(specifiedScalarTypes.map((scalar) => [scalar.name, scalar]));
  const defined: GraphQLNamedType[] = [];
  const define = (type: GraphQLNamedType) => {
    // A definition of a standard scalar stands for graphql's own, as in buildASTSchema.
    const standard = specifiedScalarTypes.find((scalar) => scalar.name === type.name);
    defined.push(standard ?? type);
    if (!standard) types.set(type.name, type);
  };
  const references = new Map<string, GraphQLType>();
  const typeOf = (reference: string): GraphQLType => {
    let type = references.get(reference);
    if (type) return type;
    if (reference.endsWith('!')) type = new GraphQLNonNull(typeOf(reference.slice(0, -1)) as GraphQLInputType);
    else if (reference.startsWith('[')) type = new GraphQLList(typeOf(reference.slice(1, -1)));
    else {
      type = types.get(reference);
      if (!type) throw new Error(`schema document: unknown type ${reference}`);
    }
    references.set(reference, type);
    return type;
  };
  const namedList = <T extends GraphQLNamedType>(encoded: Encoded | undefined) => () => ((encoded || []) as string[]).map((name) => typeOf(name) as T);

  const argumentsOf = (encoded: Encoded | undefined): GraphQLFieldConfigArgumentMap => {
    const map: GraphQLFieldConfigArgumentMap = {};
    if (!encoded) return map;
    for (const [name, reference, description, defaultValue, directives] of encoded as Encoded[][]) {
      const type = typeOf(reference as string) as GraphQLInputType;
      map[name as string] = {
        type,
        description: descriptionOf(description),
        defaultValue: defaultValue ? valueFromAST(expandConstValue(defaultValue), type) : undefined,
        deprecationReason: deprecationOf(directives),
      };
    }
    return map;
  };

  const fieldsOf = (encoded: Encoded | undefined) => (): GraphQLFieldConfigMap<unknown, unknown> => {
    const map: GraphQLFieldConfigMap<unknown, unknown> = {};
    if (!encoded) return map;
    for (const [name, reference, description, args, directives] of encoded as Encoded[][]) {
      map[name as string] = {
        type: typeOf(reference as string) as GraphQLOutputType,
        description: descriptionOf(description),
        args: argumentsOf(args),
        deprecationReason: deprecationOf(directives),
      };
    }
    return map;
  };

  let operations: Partial<Record<Operation, string>> | undefined;
  let schemaDescription: string | undefined;
  const directiveDefinitions: Encoded[][] = [];
  for (const encoded of definitions) {
    const [letter, name, encodedDescription, directives, a, b] = encoded as [string, string, Encoded, Encoded, Encoded, Encoded];
    const description = descriptionOf(encodedDescription);
    switch (letter) {
      case 'O':
        define(new GraphQLObjectType({ name, description, interfaces: namedList<GraphQLInterfaceType>(a), fields: fieldsOf(b) }));
        break;
      case 'I':
        define(new GraphQLInterfaceType({ name, description, interfaces: namedList<GraphQLInterfaceType>(a), fields: fieldsOf(b) }));
        break;
      case 'N':
        define(
          new GraphQLInputObjectType({
            name,
            description,
            fields: () => argumentsOf(a) as GraphQLInputFieldConfigMap,
            isOneOf: Boolean(directives && getDirectiveValues(GraphQLOneOfDirective, { directives: expandDirectives(directives) })),
          }),
        );
        break;
      case 'E': {
        const values: GraphQLEnumValueConfigMap = {};
        for (const [valueName, valueDescription, valueDirectives] of (a || []) as Encoded[][]) {
          values[valueName as string] = { description: descriptionOf(valueDescription), deprecationReason: deprecationOf(valueDirectives) };
        }
        define(new GraphQLEnumType({ name, description, values }));
        break;
      }
      case 'U':
        define(new GraphQLUnionType({ name, description, types: namedList<GraphQLObjectType>(a) }));
        break;
      case 'S': {
        const specifiedBy = directives ? getDirectiveValues(GraphQLSpecifiedByDirective, { directives: expandDirectives(directives) }) : undefined;
        define(new GraphQLScalarType({ name, description, specifiedByURL: specifiedBy?.url as string | undefined }));
        break;
      }
      case 'D':
        directiveDefinitions.push(encoded);
        break;
      case 'G': {
        const node = name as unknown as { kind?: string; description?: { value: string }; operationTypes?: { operation: Operation; type: string }[] };
        if (node.kind !== 'SchemaDefinition' || operations) throw new Error(`schema document: cannot build a ${String(node.kind)} directly`);
        operations = Object.fromEntries((node.operationTypes ?? []).map(({ operation, type }) => [operation, type]));
        schemaDescription = node.description?.value;
        break;
      }
      default:
        throw new Error(`schema document: unknown definition ${String(letter)}`);
    }
  }
  // After the types, which their arguments name.
  const directives = directiveDefinitions.map(
    ([, name, description, args, repeatable, locations]) =>
      new GraphQLDirective({
        name: name as string,
        description: descriptionOf(description),
        args: argumentsOf(args),
        isRepeatable: repeatable === 1,
        locations: (locations || []) as DirectiveLocation[],
      }),
  );
  // Without a schema definition, the types named Query, Mutation and Subscription are the roots.
  const root = (operation: Operation, fallback: string) => {
    const name = operations ? operations[operation] : fallback;
    return name === undefined ? undefined : (types.get(name) as GraphQLObjectType | undefined);
  };
  return new GraphQLSchema({
    description: schemaDescription,
    query: root('query', 'Query'),
    mutation: root('mutation', 'Mutation'),
    subscription: root('subscription', 'Subscription'),
    types: defined,
    directives: [...directives, ...specifiedDirectives.filter((standard) => directives.every((directive) => directive.name !== standard.name))],
    assumeValid: true,
  });
}

type Operation = 'query' | 'mutation' | 'subscription';

const descriptionOf = (encoded: Encoded | undefined): string | undefined => (encoded ? (encoded as string) : undefined);

function deprecationOf(directives: Encoded | undefined): string | undefined {
  if (!directives) return undefined;
  return getDirectiveValues(GraphQLDeprecatedDirective, { directives: expandDirectives(directives) })?.reason as string | undefined;
}
