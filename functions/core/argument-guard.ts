import {
  defaultFieldResolver,
  type GraphQLArgument,
  type GraphQLFieldMap,
  type GraphQLFieldResolver,
  type GraphQLInputObjectType,
  type GraphQLInputType,
  type GraphQLList,
  type GraphQLNamedType,
  type GraphQLNonNull,
  type GraphQLObjectType,
  type GraphQLScalarType,
} from 'graphql';
import { BadUserInputError } from './errors.ts';
import { idIssue } from './ids.ts';
import { cursorIssue } from './pagination.ts';

/**
 * The one place where every id and cursor a request carries is checked, before any resolver
 * runs and so before any DynamoDB call: each argument of type ID (and each ID field of an input
 * object, at any depth, in lists too) against the id rule (ids.ts), and each `after: String`
 * against the cursor rule (pagination.ts). A field gets the check when the schema is built, from
 * its argument types, so a new query or input with an ID is covered without a line of its own.
 *
 * A refused value is BAD_USER_INPUT naming the argument path: `id`, `communityId`,
 * `input.projectId`, `after`.
 */
type Check = (value: unknown, path: string) => void;

/*
 * The schema's types are told apart by their string tag, not by graphql's `is…` helpers: those
 * test `instanceof`, and the schema may be built by the CommonJS copy of graphql while this module
 * loads the ESM one (graphql then throws "from another module or realm").
 */
const tagOf = (value: unknown): string => Object.prototype.toString.call(value);
const isNonNull = (type: unknown): type is GraphQLNonNull<GraphQLInputType> => tagOf(type) === '[object GraphQLNonNull]';
const isList = (type: unknown): type is GraphQLList<GraphQLInputType> => tagOf(type) === '[object GraphQLList]';
const isScalar = (type: unknown): type is GraphQLScalarType => tagOf(type) === '[object GraphQLScalarType]';
const isInputObject = (type: unknown): type is GraphQLInputObjectType => tagOf(type) === '[object GraphQLInputObjectType]';
const isObject = (type: GraphQLNamedType): type is GraphQLObjectType => tagOf(type) === '[object GraphQLObjectType]';
const nullableOf = (type: GraphQLInputType): GraphQLInputType => (isNonNull(type) ? type.ofType : type);

const checkId: Check = (value, path) => {
  const issue = idIssue(value);
  if (issue) throw BadUserInputError.field(path, issue);
};

const checkCursor: Check = (value, path) => {
  const issue = cursorIssue(value);
  if (issue) throw BadUserInputError.field(path, issue);
};

/** The check a value of `type` needs, or undefined when nothing in it is an id. */
function checkOf(type: GraphQLInputType, seen: Map<string, Check | undefined>): Check | undefined {
  const nullable = nullableOf(type);
  if (isScalar(nullable)) return nullable.name === 'ID' ? checkId : undefined;
  if (isList(nullable)) {
    const element = checkOf(nullable.ofType, seen);
    if (!element) return undefined;
    return (value, path) => {
      if (!Array.isArray(value)) return element(value, path);
      value.forEach((item, index) => {
        if (item != null) element(item, `${path}.${index}`);
      });
    };
  }
  if (isInputObject(nullable)) {
    if (seen.has(nullable.name)) return seen.get(nullable.name) ?? ((value, path) => seen.get(nullable.name)?.(value, path));
    seen.set(nullable.name, undefined);
    const fields = Object.values(nullable.getFields()).flatMap((field) => {
      const check = checkOf(field.type, seen);
      return check ? [[field.name, check] as const] : [];
    });
    const check: Check | undefined =
      fields.length === 0
        ? undefined
        : (value, path) => {
            if (value === null || typeof value !== 'object') return;
            for (const [name, fieldCheck] of fields) {
              const fieldValue = (value as Record<string, unknown>)[name];
              if (fieldValue != null) fieldCheck(fieldValue, `${path}.${name}`);
            }
          };
    seen.set(nullable.name, check);
    return check;
  }
  return undefined;
}

function argumentCheck(argument: GraphQLArgument, seen: Map<string, Check | undefined>): Check | undefined {
  const nullable = nullableOf(argument.type);
  if (argument.name === 'after' && isScalar(nullable) && nullable.name === 'String') return checkCursor;
  return checkOf(argument.type, seen);
}

/**
 * The guard of a schema's fields: given a type's fields (as schema-builder.ts's `decorateFields`
 * hands them over, when they are built), wraps in place the resolver of every field of an object
 * type that takes an id or a cursor with the checks its arguments need. Fields without such
 * arguments are left as they are. One guard per schema: it remembers the input types it has
 * checked.
 */
export function argumentGuard(): (type: GraphQLNamedType, fields: GraphQLFieldMap<unknown, unknown>) => void {
  const seen = new Map<string, Check | undefined>();
  return (type, fields) => {
    if (!isObject(type) || type.name.startsWith('__')) return;
    for (const field of Object.values(fields)) {
      const checks = field.args.flatMap((argument) => {
        const check = argumentCheck(argument, seen);
        return check ? [[argument.name, check] as const] : [];
      });
      if (checks.length === 0) continue;
      const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args: Record<string, unknown>, context, info) => {
        for (const [name, check] of checks) {
          const value = args[name];
          if (value != null) check(value, name);
        }
        return resolve(source, args, context, info);
      };
    }
  };
}
