import type { GraphQLSchema } from 'graphql';
import { schemaDescriptions } from '#generated/schema-descriptions.ts';

const described = new WeakSet<GraphQLSchema>();

/**
 * Puts the schema's descriptions (schema/, by schema coordinate: codegen writes them apart from the
 * schema document, scripts/codegen-schema-ast.cjs) onto the served schema, in place, once. Only
 * introspection reads a description, so the server starts without them and the first operation
 * that introspects loads this module (schema.ts, `descriptionsPlugin`): three quarters of the
 * schema's bytes stay out of module init. A coordinate the schema does not have is an error, as
 * codegen wrote both from the same SDL.
 */
export function describeSchema(schema: GraphQLSchema): GraphQLSchema {
  if (described.has(schema)) return schema;
  for (const [coordinate, text] of Object.entries(JSON.parse(schemaDescriptions) as Record<string, string>)) {
    describedElement(schema, coordinate).description = text;
  }
  described.add(schema);
  return schema;
}

interface Describable {
  description?: string | null | undefined;
}

const COORDINATE = /^(@?)(\w+)(?:\.(\w+))?(?:\((\w+):\))?$/;

function describedElement(schema: GraphQLSchema, coordinate: string): Describable {
  if (coordinate === '') return schema as Describable;
  const [, at, owner = '', member, argument] = COORDINATE.exec(coordinate) ?? [];
  const found = <T>(element: T | null | undefined): T => {
    if (element == null) throw new Error(`schema descriptions: ${coordinate} is not in the schema`);
    return element;
  };
  if (at) {
    const directive = found(schema.getDirective(owner));
    return argument ? found(directive.args.find((arg) => arg.name === argument)) : directive;
  }
  const type = found(schema.getType(owner));
  if (!member) return type;
  if ('getValue' in type) return found(type.getValue(member));
  const fields = 'getFields' in type ? (type.getFields() as Record<string, Describable & { args?: readonly (Describable & { name: string })[] }>) : {};
  const field = found(fields[member]);
  return argument ? found(field.args?.find((arg) => arg.name === argument)) : field;
}
