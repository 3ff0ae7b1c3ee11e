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
  // The loops below index their arrays rather than destructure them or use for…of: at a cold
  // start this code runs in V8's interpreter, where both go through the iterator protocol.
  /** A thunk of the named types (interfaces, union members), or undefined for none. */
  const namedList = <T extends GraphQLNamedType>(encoded: Encoded | undefined): (() => T[]) | undefined => {
    if (!encoded) return undefined;
    const names = encoded as string[];
    return () => {
      const list: T[] = [];
      for (let index = 0; index < names.length; index += 1) list.push(typeOf(names[index]!) as T);
      return list;
    };
  };

  const argumentsOf = (encoded: Encoded | undefined): GraphQLFieldConfigArgumentMap => {
    // Most fields take none: one empty map for them all (graphql only reads it).
    if (!encoded) return NO_ARGUMENTS;
    const map: GraphQLFieldConfigArgumentMap = {};
    const list = encoded as Encoded[][];
    for (let index = 0; index < list.length; index += 1) {
      // [name, type, description, default value, directives]
      const argument = list[index]!;
      const type = typeOf(argument[1] as string) as GraphQLInputType;
      const defaultValue = argument[3];
      map[argument[0] as string] = {
        type,
        description: (argument[2] || undefined) as string | undefined,
        defaultValue: defaultValue ? valueFromAST(expandConstValue(defaultValue), type) : undefined,
        deprecationReason: argument.length > 4 ? deprecationOf(argument[4]) : undefined,
      };
    }
    return map;
  };

  const fieldsOf = (encoded: Encoded | undefined) => (): GraphQLFieldConfigMap<unknown, unknown> => {
    const map: GraphQLFieldConfigMap<unknown, unknown> = {};
    if (!encoded) return map;
    const list = encoded as Encoded[][];
    for (let index = 0; index < list.length; index += 1) {
      // [name, type, description, arguments, directives]
      const field = list[index]!;
      map[field[0] as string] = {
        type: typeOf(field[1] as string) as GraphQLOutputType,
        description: (field[2] || undefined) as string | undefined,
        args: argumentsOf(field[3]),
        deprecationReason: field.length > 4 ? deprecationOf(field[4]) : undefined,
      };
    }
    return map;
  };

  let operations: Partial<Record<Operation, string>> | undefined;
  let schemaDescription: string | undefined;
  const directiveDefinitions: Encoded[][] = [];
  for (let index = 0; index < definitions.length; index += 1) {
    const encoded = definitions[index]!;
    const letter = encoded[0] as string;
    const name = encoded[1] as string;
    const description = descriptionOf(encoded[2]);
    const directives = encoded[3];
    const a = encoded[4];
    const b = encoded[5];
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
        const list = (a || []) as Encoded[][];
        for (let item = 0; item < list.length; item += 1) {
          // [name, description, directives]
          const value = list[item]!;
          values[value[0] as string] = { description: (value[1] || undefined) as string | undefined, deprecationReason: value.length > 2 ? deprecationOf(value[2]) : undefined };
        }
        define(new GraphQLEnumType({ name, description, values }));
        break;
      }
      case 'U':
        define(new GraphQLUnionType({ name, description, types: namedList<GraphQLObjectType>(a) ?? [] }));
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

const NO_ARGUMENTS: GraphQLFieldConfigArgumentMap = Object.freeze({});

const descriptionOf = (encoded: Encoded | undefined): string | undefined => (encoded ? (encoded as string) : undefined);

function deprecationOf(directives: Encoded | undefined): string | undefined {
  if (!directives) return undefined;
  return getDirectiveValues(GraphQLDeprecatedDirective, { directives: expandDirectives(directives) })?.reason as string | undefined;
}
