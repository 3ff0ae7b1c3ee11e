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
  type GraphQLFieldMap,
  type GraphQLInputFieldConfigMap,
  type GraphQLInputFieldMap,
  GraphQLInputObjectType,
  type GraphQLInputObjectTypeConfig,
  type GraphQLInputType,
  GraphQLInterfaceType,
  type GraphQLInterfaceTypeConfig,
  GraphQLList,
  type GraphQLNamedType,
  GraphQLNonNull,
  GraphQLObjectType,
  type GraphQLObjectTypeConfig,
  GraphQLOneOfDirective,
  type GraphQLOutputType,
  GraphQLScalarType,
  GraphQLSchema,
  type GraphQLSchemaConfig,
  GraphQLSpecifiedByDirective,
  type GraphQLType,
  GraphQLUnionType,
  isInterfaceType,
  isObjectType,
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
 *
 * Nothing is made before it is needed: a named type when it is first named (looked up in the type
 * map, reached from a field, listed by introspection: `LazyTypes`), a type's fields when they are
 * first asked for (`getFields()`, as graphql-js's own field thunks allow), an enum's values
 * likewise. A request thus makes the types its operation reaches, not the schema's 300 types and
 * 1,400 fields. GraphQLSchema's constructor is given the roots alone, and sees no fields while it
 * runs (`collecting`), since it would walk every field to collect the types; the type map is then
 * put in buildASTSchema's order (`collectionOrder`), each type not yet made as an accessor that
 * makes it. Resolvers and other changes to fields go through `decorateFields`, applied to each
 * type's fields as they are built.
 */
export function buildSchemaFromDocument(text: string): GraphQLSchema {
  const definitions = JSON.parse(text) as Encoded[][];
  /** The named types made so far by name, the standard scalars first (a definition of one stands for graphql's own, as in buildASTSchema). */
  const types = new Map<string, GraphQLNamedType>(specifiedScalarTypes.map((scalar) => [scalar.name, scalar]));
  /** The document's type definitions by name, made into types on first use (`namedType`). */
  const encodedTypes = new Map<string, Encoded[]>();
  const namedType = (name: string): GraphQLNamedType | undefined => {
    let type = types.get(name);
    if (type) return type;
    const encoded = encodedTypes.get(name);
    if (!encoded) return undefined;
    type = makeType(encoded);
    types.set(name, type);
    return type;
  };
  const references = new Map<string, GraphQLType>();
  const typeOf = (reference: string): GraphQLType => {
    let type = references.get(reference);
    if (type) return type;
    if (reference.endsWith('!')) type = new GraphQLNonNull(typeOf(reference.slice(0, -1)) as GraphQLInputType);
    else if (reference.startsWith('[')) type = new GraphQLList(typeOf(reference.slice(1, -1)));
    else {
      type = namedType(reference);
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

  const decorators: FieldsDecorator[] = [];
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

  /** [letter, name, description, directives, a, b]: a type of the document, made. */
  const makeType = (encoded: Encoded[]): GraphQLNamedType => {
    const letter = encoded[0] as string;
    const name = encoded[1] as string;
    const description = descriptionOf(encoded[2]);
    const directives = encoded[3];
    const a = encoded[4];
    const b = encoded[5];
    switch (letter) {
      case 'O':
        return new LazyObjectType({ name, description, interfaces: namedList<GraphQLInterfaceType>(a), fields: fieldsOf(b) }, new LazyFields(decorators, b));
      case 'I':
        return new LazyInterfaceType({ name, description, interfaces: namedList<GraphQLInterfaceType>(a), fields: fieldsOf(b) }, new LazyFields(decorators, b));
      case 'N':
        return new LazyInputObjectType({
          name,
          description,
          fields: () => argumentsOf(a) as GraphQLInputFieldConfigMap,
          isOneOf: Boolean(directives && getDirectiveValues(GraphQLOneOfDirective, { directives: expandDirectives(directives) })),
        });
      case 'E':
        // Its values too are made when first asked for (graphql-js takes them as a thunk).
        return new GraphQLEnumType({ name, description, values: () => enumValuesOf(a) });
      case 'U':
        return new GraphQLUnionType({ name, description, types: namedList<GraphQLObjectType>(a) ?? [] });
      default: {
        const specifiedBy = directives ? getDirectiveValues(GraphQLSpecifiedByDirective, { directives: expandDirectives(directives) }) : undefined;
        return new GraphQLScalarType({ name, description, specifiedByURL: specifiedBy?.url as string | undefined });
      }
    }
  };

  let operations: Partial<Record<Operation, string>> | undefined;
  let schemaDescription: string | undefined;
  const directiveDefinitions: Encoded[][] = [];
  for (let index = 0; index < definitions.length; index += 1) {
    const encoded = definitions[index]!;
    const letter = encoded[0] as string;
    switch (letter) {
      case 'O':
      case 'I':
      case 'N':
      case 'E':
      case 'U':
      case 'S':
        if (!types.has(encoded[1] as string)) encodedTypes.set(encoded[1] as string, encoded);
        break;
      case 'D':
        directiveDefinitions.push(encoded);
        break;
      case 'G': {
        const node = encoded[1] as unknown as { kind?: string; description?: { value: string }; operationTypes?: { operation: Operation; type: string }[] };
        if (node.kind !== 'SchemaDefinition' || operations) throw new Error(`schema document: cannot build a ${String(node.kind)} directly`);
        operations = Object.fromEntries((node.operationTypes ?? []).map(({ operation, type }) => [operation, type]));
        schemaDescription = node.description?.value;
        break;
      }
      default:
        throw new Error(`schema document: unknown definition ${String(letter)}`);
    }
  }
  const order = collectionOrder(definitions, text);
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
    return name === undefined ? undefined : (namedType(name) as GraphQLObjectType | undefined);
  };
  const lazy = new LazyTypes(order, encodedTypes, namedType, types, decorators);
  collecting = true;
  let schema: LazySchema;
  try {
    schema = new LazySchema(
      {
        description: schemaDescription,
        query: root('query', 'Query'),
        mutation: root('mutation', 'Mutation'),
        subscription: root('subscription', 'Subscription'),
        directives: [...directives, ...specifiedDirectives.filter((standard) => directives.every((directive) => directive.name !== standard.name))],
        assumeValid: true,
      },
      lazy,
    );
  } finally {
    collecting = false;
  }
  lazy.arrange(schema.getTypeMap() as Record<string, GraphQLNamedType>);
  return schema;
}

/**
 * The schema's named types, made when first named: the type map holds, for each type not yet
 * made, an accessor that makes it (and is replaced by the type), so looking a type up makes that
 * type alone, and listing them all (introspection, printSchema) makes them all. A type's
 * implementations come from the document too.
 */
class LazyTypes {
  private readonly implementationsOf = new Map<string, { objects: GraphQLObjectType[]; interfaces: GraphQLInterfaceType[] }>();
  constructor(
    private readonly order: readonly string[],
    private readonly encodedTypes: ReadonlyMap<string, Encoded[]>,
    private readonly namedType: (name: string) => GraphQLNamedType | undefined,
    readonly made: ReadonlyMap<string, GraphQLNamedType>,
    /** The schema's field decorators, which every lazy type's fields take as they are built (`decorateFields`). */
    readonly decorators: FieldsDecorator[],
  ) {}

  /**
   * Rewrites the map GraphQLSchema's constructor made (the roots and what it reached from them
   * and from the directives, introspection's types last) into buildASTSchema's order: the
   * document's types (`order`), then the rest as the constructor had them.
   */
  arrange(map: Record<string, GraphQLNamedType>): void {
    const collected = Object.keys(map);
    const found = collected.map((name) => map[name]!);
    for (let index = 0; index < collected.length; index += 1) delete map[collected[index]!];
    const { order, made, namedType } = this;
    for (let index = 0; index < order.length; index += 1) {
      const name = order[index]!;
      const type = made.get(name);
      if (type) {
        map[name] = type;
        continue;
      }
      Object.defineProperty(map, name, {
        configurable: true,
        enumerable: true,
        get() {
          const value = namedType(name)!;
          Object.defineProperty(map, name, { configurable: true, enumerable: true, writable: true, value });
          return value;
        },
      });
    }
    for (let index = 0; index < collected.length; index += 1) if (!(collected[index]! in map)) map[collected[index]!] = found[index]!;
  }

  /** The object and interface types that implement the interface, in the type map's order, as GraphQLSchema's constructor lists them. */
  implementations(name: string): { objects: GraphQLObjectType[]; interfaces: GraphQLInterfaceType[] } {
    let implementations = this.implementationsOf.get(name);
    if (implementations) return implementations;
    implementations = { objects: [], interfaces: [] };
    for (let index = 0; index < this.order.length; index += 1) {
      const encoded = this.encodedTypes.get(this.order[index]!);
      if (!encoded || (encoded[0] !== 'O' && encoded[0] !== 'I') || !((encoded[4] || []) as string[]).includes(name)) continue;
      const type = this.namedType(encoded[1] as string)!;
      if (encoded[0] === 'O') implementations.objects.push(type as GraphQLObjectType);
      else implementations.interfaces.push(type as GraphQLInterfaceType);
    }
    this.implementationsOf.set(name, implementations);
    return implementations;
  }
}

class LazySchema extends GraphQLSchema {
  readonly #lazy: LazyTypes;
  constructor(config: GraphQLSchemaConfig, lazy: LazyTypes) {
    super(config);
    this.#lazy = lazy;
  }
  override getImplementations(interfaceType: GraphQLInterfaceType): { objects: readonly GraphQLObjectType[]; interfaces: readonly GraphQLInterfaceType[] } {
    return this.#lazy.implementations(interfaceType.name);
  }
  /** The names of the types made so far (tests: what a request makes). */
  madeTypes(): string[] {
    return [...this.#lazy.made.keys()];
  }
  addFieldsDecorator(decorator: FieldsDecorator): void {
    this.#lazy.decorators.push(decorator);
  }
}

/**
 * The document's types in the order GraphQLSchema's constructor collects them from the list of
 * them all, as buildASTSchema gives it: each type where the document defines it, and a standard
 * scalar the document does not define right after the first type that names it (in the
 * constructor's walk: a type's interfaces, then each field's type and its arguments' types; an
 * input's fields; a union's members). So the type map, and what introspection and printSchema
 * list, come out as buildASTSchema's. The walk stops once every standard scalar the text could
 * name is placed: in this project's document, within the first few types. A name the document
 * does not define is refused when a field that uses it is built (codegen writes the document from
 * a validated schema, and tests/unit/schema-builder.test.ts builds every field of it).
 */
function collectionOrder(definitions: readonly Encoded[][], text: string): string[] {
  // A reference is a JSON string of the name in its wrappers: a name absent from every such string is not referenced.
  const pending = new Set(specifiedScalarTypes.map((scalar) => scalar.name).filter((name) => new RegExp(`"\\[*${name}[!\\]]*"`).test(text)));
  const order: string[] = [];
  for (let index = 0; index < definitions.length; index += 1) {
    const letter = definitions[index]![0];
    if (letter !== 'D' && letter !== 'G') pending.delete(definitions[index]![1] as string);
  }
  const visit = (reference: string) => {
    // The name inside the wrappers (`[ID!]!`: ID).
    let start = 0;
    while (reference.charCodeAt(start) === 91 /* [ */) start += 1;
    let end = reference.length;
    while (end > start && (reference.charCodeAt(end - 1) === 33 /* ! */ || reference.charCodeAt(end - 1) === 93) /* ] */) end -= 1;
    const name = start === 0 && end === reference.length ? reference : reference.slice(start, end);
    if (pending.delete(name)) order.push(name);
  };
  const visitArguments = (encoded: Encoded | undefined) => {
    const list = (encoded || []) as Encoded[][];
    for (let index = 0; index < list.length && pending.size > 0; index += 1) visit(list[index]![1] as string);
  };
  for (let index = 0; index < definitions.length; index += 1) {
    const encoded = definitions[index]!;
    const letter = encoded[0];
    if (letter === 'D' || letter === 'G') continue;
    order.push(encoded[1] as string);
    if (pending.size === 0 || letter === 'U') continue;
    if (letter === 'O' || letter === 'I') {
      const fields = (encoded[5] || []) as Encoded[][];
      for (let item = 0; item < fields.length && pending.size > 0; item += 1) {
        visit(fields[item]![1] as string);
        visitArguments(fields[item]![3]);
      }
    }
    if (letter === 'N') visitArguments(encoded[4]);
  }
  return order;
}

/** A change to a type's fields once they are built: a resolver put on, a resolver wrapped. */
export type FieldsDecorator = (type: GraphQLObjectType | GraphQLInterfaceType, fields: GraphQLFieldMap<unknown, unknown>) => void;

/**
 * Applies the decorator to the fields of every object and interface type of the schema (but
 * introspection's), in the order decorators are given, once per type: for a schema this module
 * built, to each type's fields when they are built (for those built already, when next asked
 * for); for any other schema, to every type's fields now.
 */
export function decorateFields(schema: GraphQLSchema, decorator: FieldsDecorator): void {
  if (schema instanceof LazySchema) {
    schema.addFieldsDecorator(decorator);
    return;
  }
  const types = Object.values(schema.getTypeMap());
  for (let index = 0; index < types.length; index += 1) {
    const type = types[index]!;
    if ((isObjectType(type) || isInterfaceType(type)) && !type.name.startsWith('__')) decorator(type, type.getFields());
  }
}

/** The names of a type's fields as the schema declares them, without building the fields of a type this module built. */
export function declaredFieldNames(type: GraphQLObjectType | GraphQLInterfaceType): readonly string[] {
  return lazyFieldsOf(type)?.names() ?? Object.keys(type.getFields());
}

/** The lazy fields of an object or interface type this module made; undefined for any other type. */
function lazyFieldsOf(type: GraphQLNamedType | undefined): LazyFields | undefined {
  return type instanceof LazyObjectType || type instanceof LazyInterfaceType ? (type as InstanceType<typeof LazyObjectType>).lazyFields : undefined;
}

/** What of the schema has been made (tests: what a request makes): the named types, and those whose fields are built. */
export function madeSoFar(schema: GraphQLSchema): { types: string[]; fields: string[] } {
  if (!(schema instanceof LazySchema)) throw new Error('not a schema built by buildSchemaFromDocument');
  const types = schema.madeTypes();
  const fields = types.filter((name) => {
    const type = schema.getType(name);
    if (type instanceof LazyInputObjectType) return type.fieldsBuilt();
    return lazyFieldsOf(type)?.built ?? false;
  });
  return { types, fields };
}

/** True while GraphQLSchema's constructor collects the types: a lazy type then shows no fields (they are not cached). */
let collecting = false;
const NO_FIELDS = Object.freeze(Object.create(null) as Record<string, never>);

/** A type's encoded fields, whether they are built, and how many of the schema's decorators they have had. */
class LazyFields {
  built = false;
  private applied = 0;
  constructor(
    private readonly decorators: readonly FieldsDecorator[],
    private readonly encoded: Encoded | undefined,
  ) {}

  names(): string[] {
    return ((this.encoded || []) as Encoded[][]).map((field) => field[0] as string);
  }

  /** The built fields, with every decorator registered so far applied once (a decorator may ask for the fields again). */
  decorated<T extends GraphQLFieldMap<unknown, unknown>>(type: GraphQLObjectType | GraphQLInterfaceType, fields: T): T {
    this.built = true;
    while (this.applied < this.decorators.length) {
      const decorator = this.decorators[this.applied]!;
      this.applied += 1;
      decorator(type, fields);
    }
    return fields;
  }
}

/**
 * An object or interface type whose fields are built on first use, decorated (`LazyFields`),
 * and hidden from GraphQLSchema's constructor while it collects the types.
 */
function withLazyFields<T extends GraphQLObjectType | GraphQLInterfaceType, C>(Base: new (config: C) => T) {
  // Both bases have the same getFields; typed as one so the class can extend either.
  const Typed = Base as unknown as new (config: C) => GraphQLObjectType;
  class Lazy extends Typed {
    readonly #lazy: LazyFields;
    constructor(config: C, lazy: LazyFields) {
      super(config);
      this.#lazy = lazy;
    }
    override getFields(): GraphQLFieldMap<unknown, unknown> {
      return collecting ? NO_FIELDS : this.#lazy.decorated(this, super.getFields());
    }
    get lazyFields(): LazyFields {
      return this.#lazy;
    }
  }
  return Lazy as unknown as { new (config: C, lazy: LazyFields): T & { readonly lazyFields: LazyFields }; [Symbol.hasInstance](value: unknown): boolean };
}

const LazyObjectType = withLazyFields<GraphQLObjectType, GraphQLObjectTypeConfig<unknown, unknown>>(GraphQLObjectType);
const LazyInterfaceType = withLazyFields<GraphQLInterfaceType, GraphQLInterfaceTypeConfig<unknown, unknown>>(GraphQLInterfaceType);

class LazyInputObjectType extends GraphQLInputObjectType {
  #built = false;
  constructor(config: GraphQLInputObjectTypeConfig) {
    super(config);
  }
  override getFields(): GraphQLInputFieldMap {
    if (collecting) return NO_FIELDS;
    this.#built = true;
    return super.getFields();
  }
  fieldsBuilt(): boolean {
    return this.#built;
  }
}

type Operation = 'query' | 'mutation' | 'subscription';

const NO_ARGUMENTS: GraphQLFieldConfigArgumentMap = Object.freeze({});

function enumValuesOf(encoded: Encoded | undefined): GraphQLEnumValueConfigMap {
  const values: GraphQLEnumValueConfigMap = {};
  const list = (encoded || []) as Encoded[][];
  for (let item = 0; item < list.length; item += 1) {
    // [name, description, directives]
    const value = list[item]!;
    values[value[0] as string] = { description: (value[1] || undefined) as string | undefined, deprecationReason: value.length > 2 ? deprecationOf(value[2]) : undefined };
  }
  return values;
}

const descriptionOf = (encoded: Encoded | undefined): string | undefined => (encoded ? (encoded as string) : undefined);

function deprecationOf(directives: Encoded | undefined): string | undefined {
  if (!directives) return undefined;
  return getDirectiveValues(GraphQLDeprecatedDirective, { directives: expandDirectives(directives) })?.reason as string | undefined;
}
