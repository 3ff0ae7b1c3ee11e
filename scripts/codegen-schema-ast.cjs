// GraphQL Code Generator plugin: the merged schema as a compact, pre-parsed document (JSON in a
// TypeScript module), which functions/graphql/schema-document.ts expands into graphql-js's AST for
// buildASTSchema. A cold start then pays for JSON.parse rather than for the GraphQL parser and
// graphql-tools' merge (bench/, foundation). The encoding is positional; see schema-document.ts.
const { parse, printSchema, print } = require('graphql');

/** A type reference as its SDL text: `[ID!]!`. */
const typeText = (type) => print(type);

/** Directives, arguments and values (rare in SDL): the AST with Name and NamedType nodes as strings, empty lists dropped. */
function generic(node) {
  if (Array.isArray(node)) return node.map(generic);
  if (node && typeof node === 'object') {
    if (node.kind === 'Name') return node.value;
    if (node.kind === 'NamedType') return node.name.value;
    const out = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === 'loc' || (Array.isArray(value) && value.length === 0)) continue;
      out[key] = generic(value);
    }
    return out;
  }
  return node;
}

const description = (node) => (node.description ? node.description.value : 0);
const list = (nodes, encode) => (nodes && nodes.length > 0 ? nodes.map(encode) : 0);
const directives = (node) => list(node.directives, generic);
/** Trailing zeros (absent optional parts) are dropped. */
const trim = (array) => {
  while (array.length > 0 && array[array.length - 1] === 0) array.pop();
  return array;
};

const inputValue = (node) => trim([node.name.value, typeText(node.type), description(node), node.defaultValue ? generic(node.defaultValue) : 0, directives(node)]);
const field = (node) => trim([node.name.value, typeText(node.type), description(node), list(node.arguments, inputValue), directives(node)]);
const enumValue = (node) => trim([node.name.value, description(node), directives(node)]);
const names = (nodes) => list(nodes, (named) => named.name.value);

function definition(node) {
  const head = [node.name ? node.name.value : 0, description(node), directives(node)];
  switch (node.kind) {
    case 'ObjectTypeDefinition':
      return ['O', ...head, names(node.interfaces), list(node.fields, field)];
    case 'InterfaceTypeDefinition':
      return ['I', ...head, names(node.interfaces), list(node.fields, field)];
    case 'InputObjectTypeDefinition':
      return ['N', ...head, list(node.fields, inputValue)];
    case 'EnumTypeDefinition':
      return ['E', ...head, list(node.values, enumValue)];
    case 'UnionTypeDefinition':
      return ['U', ...head, names(node.types)];
    case 'ScalarTypeDefinition':
      return ['S', ...head];
    case 'DirectiveDefinition':
      return ['D', node.name.value, description(node), list(node.arguments, inputValue), node.repeatable ? 1 : 0, names(node.locations.map((location) => ({ name: location })))];
    default:
      // The schema definition and anything else printSchema may write: generic.
      return ['G', generic(node)];
  }
}

module.exports = {
  plugin(schema) {
    const document = parse(printSchema(schema), { noLocation: true });
    const encoded = JSON.stringify(document.definitions.map(definition));
    return [
      '/** The schema as a compact document, expanded by functions/graphql/schema-document.ts (JSON.parse beats the GraphQL parser at a cold start). */',
      `export const schemaDocument = ${JSON.stringify(encoded)};`,
      '',
    ].join('\n');
  },
};
