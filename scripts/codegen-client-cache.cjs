// GraphQL Code Generator plugin: what an Apollo InMemoryCache must know of the schema, read from
// the SDL so that client/src/apollo.ts never lists types by hand (a new entity, connection or
// interface member reaches the type policies with `npm run codegen`, and codegen:check fails
// until it does).
const { getNamedType, getNullableType, isInterfaceType, isListType, isNonNullType, isObjectType, isUnionType, isScalarType } = require('graphql');

/** Arguments that move through a connection rather than select a different one. */
const PAGING_ARGUMENTS = new Set(['first', 'after', 'last', 'before']);

function isConnection(type) {
  if (!isObjectType(type)) return false;
  const fields = type.getFields();
  return Boolean(fields.edges && fields.pageInfo && isListType(getNullableType(fields.edges.type)));
}

function hasIdField(type) {
  const id = type.getFields().id;
  return Boolean(id && isNonNullType(id.type) && isScalarType(getNamedType(id.type)) && getNamedType(id.type).name === 'ID');
}

function sorted(record) {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}

module.exports = {
  plugin(schema) {
    const types = Object.values(schema.getTypeMap()).filter((type) => !type.name.startsWith('__'));
    const rootNames = new Set([schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter(Boolean).map((type) => type.name));

    const possibleTypes = {};
    for (const type of types) {
      if (isInterfaceType(type)) possibleTypes[type.name] = schema.getPossibleTypes(type).map((member) => member.name).sort();
      if (isUnionType(type)) possibleTypes[type.name] = type.getTypes().map((member) => member.name).sort();
    }

    const objects = types.filter((type) => isObjectType(type) && !rootNames.has(type.name));
    const identified = objects.filter(hasIdField).map((type) => type.name).sort();
    const anonymous = objects.filter((type) => !hasIdField(type)).map((type) => type.name).sort();

    // Connection fields and the arguments that pick which list they are (the filters): the cache
    // keeps one list per filter set and appends the pages fetched with `after`.
    const connectionFields = {};
    // Fields that hold a list of objects without an id: merged element by element in the cache
    // where their type has a key among its fields (client/src/apollo.ts says which).
    const anonymousListFields = {};
    for (const type of [...objects, ...types.filter((candidate) => candidate.name === schema.getQueryType()?.name)]) {
      for (const field of Object.values(type.getFields())) {
        const target = getNamedType(field.type);
        if (isConnection(target)) {
          connectionFields[type.name] ??= {};
          connectionFields[type.name][field.name] = field.args.map((arg) => arg.name).filter((name) => !PAGING_ARGUMENTS.has(name));
        }
        if (isObjectType(target) && !hasIdField(target) && !isConnection(target) && isListType(getNullableType(field.type))) {
          anonymousListFields[type.name] ??= {};
          anonymousListFields[type.name][field.name] = target.name;
        }
      }
    }

    // Query fields that read one entity by its id (community(id), incident(id), …): the cache answers
    // them from what any other query already stored, without a request.
    const entityQueryFields = {};
    for (const field of Object.values(schema.getQueryType().getFields())) {
      const target = getNamedType(field.type);
      const [argument, ...others] = field.args;
      if (others.length > 0 || argument?.name !== 'id' || isListType(getNullableType(field.type))) continue;
      if (isObjectType(target) && hasIdField(target)) entityQueryFields[field.name] = target.name;
      if (isInterfaceType(target)) entityQueryFields[field.name] = target.name;
    }

    const shape = {
      possibleTypes: sorted(possibleTypes),
      identifiedTypes: identified,
      anonymousTypes: anonymous,
      connectionFields: sorted(Object.fromEntries(Object.entries(connectionFields).map(([name, fields]) => [name, sorted(fields)]))),
      anonymousListFields: sorted(Object.fromEntries(Object.entries(anonymousListFields).map(([name, fields]) => [name, sorted(fields)]))),
      entityQueryFields: sorted(entityQueryFields),
    };
    const lines = [
      '/** Interfaces and unions with their object types: InMemoryCache `possibleTypes` (fragments on Node match every entity). */',
      `export const possibleTypes: Record<string, readonly string[]> = ${JSON.stringify(shape.possibleTypes, null, 2)};`,
      '',
      '/** Object types with an `id: ID!`: normalised by it unless client/src/apollo.ts says otherwise. */',
      `export const identifiedTypes: readonly string[] = ${JSON.stringify(shape.identifiedTypes, null, 2)};`,
      '',
      '/** Object types without an id (value objects, connections, edges, figures): kept inside their parent. */',
      `export const anonymousTypes: readonly string[] = ${JSON.stringify(shape.anonymousTypes, null, 2)};`,
      '',
      '/** Type → connection field → the arguments that select the list (everything but first/after/last/before). */',
      `export const connectionFields: Record<string, Record<string, readonly string[]>> = ${JSON.stringify(shape.connectionFields, null, 2)};`,
      '',
      '/** Type → field holding a list of objects without an id → their type. */',
      `export const anonymousListFields: Record<string, Record<string, string>> = ${JSON.stringify(shape.anonymousListFields, null, 2)};`,
      '',
      '/** Query fields that read one entity by `id`, and the type (or interface) they return. */',
      `export const entityQueryFields: Record<string, string> = ${JSON.stringify(shape.entityQueryFields, null, 2)};`,
      '',
    ];
    return lines.join('\n');
  },
};
