import { type ConstDirectiveNode, type ConstValueNode, type DefinitionNode, type DocumentNode, Kind, type NameNode, type TypeNode } from 'graphql';

/**
 * Expands the compact schema document codegen writes (scripts/codegen-schema-ast.cjs,
 * functions/generated/schema-ast.ts) into the graphql-js AST buildASTSchema takes. The server
 * builds its schema from the encoding directly (schema-builder.ts, which expands only the rare
 * directives and default values); this expansion is the reference it is tested against, and
 * tests/unit/schema.test.ts checks it prints back to the SDL.
 *
 * Encoding: one array per definition, led by a letter (O object, I interface, N input, E enum, U
 * union, S scalar, D directive, G anything else as generic AST); 0 for an absent part, trailing
 * absent parts dropped; a type reference as its SDL text (`[ID!]!`); directives and values as
 * their AST with Name and NamedType nodes as plain strings and empty lists dropped.
 */
export type Encoded = string | number | boolean | null | Encoded[] | { [key: string]: Encoded };
type Description = string | 0 | undefined;

const name = (value: string): NameNode => ({ kind: Kind.NAME, value });
const describe = (value: Description) => (value ? { description: { kind: Kind.STRING, value, block: true } as const } : {});

function typeNode(text: string): TypeNode {
  if (text.endsWith('!')) return { kind: Kind.NON_NULL_TYPE, type: typeNode(text.slice(0, -1)) as never };
  if (text.startsWith('[')) return { kind: Kind.LIST_TYPE, type: typeNode(text.slice(1, -1)) };
  return { kind: Kind.NAMED_TYPE, name: name(text) };
}

/** Keys whose string value is a Name (or, for `type`, a NamedType) in the generic encoding. */
function generic(value: Encoded, key?: string): unknown {
  if (Array.isArray(value)) return value.map((item) => generic(item, key === 'interfaces' || key === 'types' ? 'type' : key === 'locations' ? 'name' : undefined));
  if (typeof value === 'string' && (key === 'name' || key === 'type')) return key === 'name' ? name(value) : typeNode(value);
  if (value && typeof value === 'object') {
    const node: Record<string, unknown> = {};
    for (const [field, inner] of Object.entries(value)) node[field] = generic(inner, field);
    if (node.kind === Kind.DIRECTIVE || node.kind === Kind.FIELD) node.arguments ??= [];
    if (node.kind === Kind.LIST) node.values ??= [];
    if (node.kind === Kind.OBJECT) node.fields ??= [];
    return node;
  }
  return value;
}

const directives = (encoded: Encoded | undefined) => (encoded ? (encoded as Encoded[]).map((item) => generic(item) as ConstDirectiveNode) : []);

/** An element's encoded directives as AST nodes (schema-builder.ts reads @deprecated and the like from them). */
export const expandDirectives = (encoded: Encoded): ConstDirectiveNode[] => directives(encoded);
/** An encoded value (an argument's or input field's default) as its AST node. */
export const expandConstValue = (encoded: Encoded): ConstValueNode => generic(encoded) as ConstValueNode;
const names = (encoded: Encoded | undefined) => (encoded ? (encoded as string[]).map((value) => ({ kind: Kind.NAMED_TYPE, name: name(value) }) as const) : []);

function inputValue([value, type, description, defaultValue, directiveList]: Encoded[]) {
  return {
    kind: Kind.INPUT_VALUE_DEFINITION,
    name: name(value as string),
    type: typeNode(type as string),
    ...describe(description as Description),
    ...(defaultValue ? { defaultValue: generic(defaultValue) as never } : {}),
    directives: directives(directiveList),
  } as const;
}

function field([value, type, description, args, directiveList]: Encoded[]) {
  return {
    kind: Kind.FIELD_DEFINITION,
    name: name(value as string),
    type: typeNode(type as string),
    ...describe(description as Description),
    arguments: args ? (args as Encoded[][]).map(inputValue) : [],
    directives: directives(directiveList),
  } as const;
}

function definition(encoded: Encoded[]): DefinitionNode {
  const [letter, value, description, directiveList, a, b] = encoded;
  const head = { name: name(value as string), ...describe(description as Description), directives: directives(directiveList) };
  switch (letter) {
    case 'O':
    case 'I':
      return {
        kind: letter === 'O' ? Kind.OBJECT_TYPE_DEFINITION : Kind.INTERFACE_TYPE_DEFINITION,
        ...head,
        interfaces: names(a),
        fields: b ? (b as Encoded[][]).map(field) : [],
      };
    case 'N':
      return { kind: Kind.INPUT_OBJECT_TYPE_DEFINITION, ...head, fields: a ? (a as Encoded[][]).map(inputValue) : [] };
    case 'E':
      return {
        kind: Kind.ENUM_TYPE_DEFINITION,
        ...head,
        values: a
          ? (a as Encoded[][]).map(([valueName, valueDescription, valueDirectives]) => ({
              kind: Kind.ENUM_VALUE_DEFINITION,
              name: name(valueName as string),
              ...describe(valueDescription as Description),
              directives: directives(valueDirectives),
            }))
          : [],
      };
    case 'U':
      return { kind: Kind.UNION_TYPE_DEFINITION, ...head, types: names(a) };
    case 'S':
      return { kind: Kind.SCALAR_TYPE_DEFINITION, ...head };
    case 'D': {
      const [, directiveName, directiveDescription, args, repeatable, locations] = encoded;
      return {
        kind: Kind.DIRECTIVE_DEFINITION,
        name: name(directiveName as string),
        ...describe(directiveDescription as Description),
        arguments: args ? (args as Encoded[][]).map(inputValue) : [],
        repeatable: repeatable === 1,
        locations: locations ? (locations as string[]).map(name) : [],
      };
    }
    case 'G':
      return generic(value as Encoded) as DefinitionNode;
    default:
      throw new Error(`schema document: unknown definition ${String(letter)}`);
  }
}

/** The document the compact text encodes. */
export function expandSchemaDocument(text: string): DocumentNode {
  return { kind: Kind.DOCUMENT, definitions: (JSON.parse(text) as Encoded[][]).map(definition) };
}
