// GraphQL Code Generator plugin: the merged schema as a compact, pre-parsed document (JSON in a
// TypeScript module), which functions/graphql/schema-document.ts expands into graphql-js's AST for
// buildASTSchema. A cold start then pays for JSON.parse rather than for the GraphQL parser and
// graphql-tools' merge (bench/, foundation). The encoding is positional; see schema-document.ts.
//
// With `part: descriptions` it writes the schema's descriptions instead, by schema coordinate
// (`Type`, `Type.field`, `Type.field(arg:)`, `Enum.VALUE`, `@directive`, `@directive(arg:)`, and
// "" for the schema itself), and the document then carries none: three quarters of the schema's
// bytes are its bilingual docs, which only introspection reads (functions/graphql/schema-descriptions.ts
// applies them when an operation first introspects).
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

/** Every description of the document, by schema coordinate, in document order. */
function descriptionsOf(document) {
  const found = {};
  const add = (coordinate, node) => {
    if (node.description) found[coordinate] = node.description.value;
  };
  for (const node of document.definitions) {
    if (node.kind === 'SchemaDefinition') {
      add('', node);
      continue;
    }
    const owner = node.kind === 'DirectiveDefinition' ? `@${node.name.value}` : node.name.value;
    add(owner, node);
    for (const member of [...(node.fields || []), ...(node.values || [])]) {
      add(`${owner}.${member.name.value}`, member);
      for (const argument of member.arguments || []) add(`${owner}.${member.name.value}(${argument.name.value}:)`, argument);
    }
    for (const argument of node.kind === 'DirectiveDefinition' ? node.arguments || [] : []) add(`${owner}(${argument.name.value}:)`, argument);
  }
  return found;
}

/** The document without its descriptions (they are written apart). */
function withoutDescriptions(node) {
  if (Array.isArray(node)) return node.map(withoutDescriptions);
  if (node && typeof node === 'object') {
    const out = {};
    for (const [key, value] of Object.entries(node)) if (key !== 'description') out[key] = withoutDescriptions(value);
    return out;
  }
  return node;
}

module.exports = {
  plugin(schema, _documents, config) {
    const document = parse(printSchema(schema), { noLocation: true });
    if (config && config.part === 'descriptions') {
      return [
        '/** The schema\'s descriptions by schema coordinate, applied by functions/graphql/schema-descriptions.ts when an operation first introspects. */',
        `export const schemaDescriptions = ${JSON.stringify(JSON.stringify(descriptionsOf(document)))};`,
        '',
      ].join('\n');
    }
    const encoded = JSON.stringify(withoutDescriptions(document.definitions).map(definition));
    return [
      '/** The schema as a compact document without its descriptions (schema-descriptions.ts), expanded by functions/graphql/schema-document.ts (JSON.parse beats the GraphQL parser at a cold start). */',
      `export const schemaDocument = ${JSON.stringify(encoded)};`,
      '',
    ].join('\n');
  },
};
