import {
  buildSchema,
  type GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isSpecifiedDirective,
  isSpecifiedScalarType,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { typeDefs } from '#generated/type-defs.ts';

/**
 * The contract a partner reads in the IDE's docs explorer and in the generated client: every
 * type, field, argument, input field and enum value (and interface, union, scalar, directive)
 * of schema/*.graphql carries a description. The schema is the one the server runs, built from
 * the generated typeDefs, so an element added in any file is covered without listing it here.
 */

/** Schema coordinates of the elements without a non-blank description: `Query.incident(id)`, `Sex.FEMALE`. */
function undescribed(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  const blank = (description: string | null | undefined) => (description ?? '').trim() === '';
  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type) || isSpecifiedScalarType(type)) continue;
    if (blank(type.description)) missing.push(type.name);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (blank(field.description)) missing.push(`${type.name}.${field.name}`);
        for (const arg of field.args) {
          if (blank(arg.description)) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (blank(field.description)) missing.push(`${type.name}.${field.name}`);
      }
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) {
        if (blank(value.description)) missing.push(`${type.name}.${value.name}`);
      }
    }
  }
  for (const directive of schema.getDirectives()) {
    if (isSpecifiedDirective(directive)) continue;
    if (blank(directive.description)) missing.push(`@${directive.name}`);
    for (const arg of directive.args) {
      if (blank(arg.description)) missing.push(`@${directive.name}(${arg.name})`);
    }
  }
  return missing.sort();
}

/** The words of a name: `economicLoss` → `economic loss`, `AGE_5_14` → `age 5 14`. */
const wordsOf = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/_/g, ' ').toLowerCase().trim();

/**
 * Descriptions that say nothing the name does not: "The kind." on `kind`, "Status" on `status`.
 * A partner reading one learns nothing; say what it is of, its unit or format, who sets it.
 */
function restatingTheName(schema: GraphQLSchema): string[] {
  const found: string[] = [];
  const restates = (name: string, description: string | null | undefined) =>
    description != null && description.toLowerCase().replace(/[.`'"]/g, '').replace(/^(the|a|an) /, '').trim() === wordsOf(name);
  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type) || isSpecifiedScalarType(type)) continue;
    if (restates(type.name, type.description)) found.push(type.name);
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (restates(field.name, field.description)) found.push(`${type.name}.${field.name}`);
        for (const arg of 'args' in field ? field.args : []) {
          if (restates(arg.name, arg.description)) found.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) {
        if (restates(value.name, value.description)) found.push(`${type.name}.${value.name}`);
      }
    }
  }
  return found.sort();
}

describe('schema descriptions', () => {
  it('finds every kind of undescribed element, by its coordinate', () => {
    const schema = buildSchema(`
      "Described."
      type Query {
        "Described."
        community("Described." id: ID!, first: Int): Community
        node(id: ID!): Node
        search: SearchResult
      }
      type Community implements Node { id: ID! "   " name: String }
      interface Node { "Described." id: ID! }
      union SearchResult = Community
      scalar Money
      input CommunityInput { name: String "Described." code: String }
      "Described."
      enum Sex { "Described." FEMALE MALE }
      directive @audited(reason: String) on FIELD_DEFINITION
    `);
    expect(undescribed(schema)).toEqual([
      '@audited',
      '@audited(reason)',
      'Community',
      'Community.id',
      'Community.name',
      'CommunityInput',
      'CommunityInput.name',
      'Money',
      'Node',
      'Query.community(first)',
      'Query.node',
      'Query.node(id)',
      'Query.search',
      'SearchResult',
      'Sex.MALE',
    ]);
  });

  it('finds the descriptions that only restate the name', () => {
    const schema = buildSchema(`
      "Described."
      type Query {
        "The kind."
        kind: String
        "Economic loss"
        economicLoss: Int
        "The kind of activity the line counts."
        activityKind: String
        "Described."
        region("Region code" regionCode: String): String
      }
      "Described."
      enum Sex { "Female" FEMALE "男 male" MALE }
    `);
    expect(restatingTheName(schema)).toEqual(['Query.economicLoss', 'Query.kind', 'Query.region(regionCode)', 'Sex.FEMALE']);
  });

  it('leaves the built-in scalars, directives and introspection types to GraphQL', () => {
    expect(undescribed(buildSchema('"Described." type Query { "Described." ok: Boolean }'))).toEqual([]);
  });

  it('has a description on every element of the API schema', () => {
    const schema = buildSchema(typeDefs);
    expect(Object.keys(schema.getTypeMap()).length).toBeGreaterThan(100);
    const missing = undescribed(schema);
    expect(missing, `${missing.length} schema elements have no description: describe them in schema/*.graphql, then npm run codegen`).toEqual([]);
  });

  it('has no description that only restates its element\'s name', () => {
    expect(restatingTheName(buildSchema(typeDefs))).toEqual([]);
  });
});
