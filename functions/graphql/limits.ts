import { ApolloArmor } from '@escape.tech/graphql-armor';
import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  getOperationAST,
  GraphQLError,
  type GraphQLEnumType,
  type GraphQLField,
  type GraphQLFormattedError,
  type GraphQLInputObjectType,
  type GraphQLInterfaceType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { ApolloServerPlugin, GraphQLRequest } from '@apollo/server';
import { type ComplexityEstimator, getComplexity } from 'graphql-query-complexity';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '#core/pagination.ts';
import { MAX_IMPORT_RECORDS } from '#incident/import-limits.ts';
import type { AppContext } from './context.ts';

/** Ids one `nodes` call may ask for (node.ts refuses more before reading): a page, as every list of the API. */
export const MAX_NODE_IDS = 100;

/**
 * What one request may ask for, checked before anything runs (README, "Request limits"). Each
 * refusal is a GraphQL error with `extensions.code` QUERY_TOO_COMPLEX; the request body's size is
 * the doors' check (`body.ts`), before the body is even parsed.
 *
 * - tokens: graphql-js's own parser limit (`maxTokens`, the count graphql-armor's max-tokens
 *   plugin makes, applied in the one parse instead of a second one), so a 100,000-alias
 *   document stops being parsed at token 1,001 and is never validated;
 * - depth, aliases, directives: graphql-armor's rules, counting fragments where they are spread;
 * - cost: graphql-query-complexity with the estimator below, on the operation that runs, with its
 *   variables, fragments expanded where spread;
 * - at most one aggregateExport and one generateBriefing per operation (each writes a file).
 */
export const REQUEST_LIMITS = {
  /** Bytes of a request body (1 MB); a larger body is refused before it is parsed. */
  bodyBytes: 1_000_000,
  tokens: 1_000,
  /** Fields nested in one another, the leaf included: `{ a { b } }` is 2. */
  depth: 12,
  aliases: 15,
  directives: 20,
  /** The cost budget of one request, in the units of `COST`. */
  cost: 250_000,
  /** Selections graphql-query-complexity may visit (fragments expanded): a fragment bomb stops here. */
  selections: 5_000,
  /** Fields that write a file, allowed once per operation. */
  oncePerOperation: ['aggregateExport', 'generateBriefing'],
} as const;

/**
 * The cost of a request is an estimate, before execution, of what it makes the server do and
 * send: every object it may return costs `object`, every scalar or enum value `leaf` (nearly
 * nothing), a list counts each of its elements (see `listSize`), a connection costs `listing`
 * plus `first` times what each edge costs, `totalCount` is a count query, and a mutation field
 * is a write. Structural wrappers (edges, page info) cost nothing of their own; introspection's
 * objects are answered from memory and cost like a value (`introspection`).
 */
export const COST = { object: 10, leaf: 1, listing: 10, count: 10, write: 100, introspection: 1 } as const;

/** Lists without `first` count this many elements unless `LIST_SIZES` (or their enum) says otherwise. */
export const DEFAULT_LIST_SIZE = DEFAULT_PAGE_SIZE;

/**
 * Lists without `first`, with what bounds them: the model's maximum where it has one, the enum
 * a figure list is keyed by, the longest analytics series, the largest division. Lists of enum
 * values count the enum's size by themselves.
 */
export const LIST_SIZES: Readonly<Record<string, number>> = {
  'PromotionCommittee.members': 200,
  'PromotionCommittee.workingGroups': 100,
  'Project.goals': 50,
  'Project.partnerAgencies': 50,
  'Activity.materials': 50,
  // Arbitrarily many in principle (an assumption, not a limit): the demo's largest project has 13, its average 2.6.
  'Project.interventions': 15,
  // The largest GB/T 2260 division has 52 children.
  'Region.children': 60,
  'IncidentRegionBreakdown.children': 60,
  'CreationRegionBreakdown.children': 60,
  // At most 10 years of months, 30 years of designations, the survey years a period touches.
  'IncidentTrend.points': 120,
  'DesignationTrend.years': 30,
  'SurveyFigures.years': 10,
  // One row per record sent (at most MAX_IMPORT_RECORDS); the field's own arguments size it.
  'IncidentImportReport.rows': MAX_IMPORT_RECORDS,
  // Built in memory from the row itself (no read): a refused row carries one or two. Counting 20
  // made the answer to a legitimate 1,000-row import (the mutation's maximum) cost over the budget.
  'IncidentImportRow.errors': 3,
  // A sheet has at most 100 items (sheet.ts); the bundled ones 45 to 50, with 1 to 3 parts each.
  'Assessment.items': 50,
  'Assessment.indicators': 12,
  'Assessment.zeroItems': 50,
  'AssessmentItem.parts': 3,
  'AssessmentItem.links': 10,
  // Scoring sheets: the bundled three and what an ADMIN published (a handful); at most 12
  // indicators, 100 items over them (the bundled: 2 to 5 per indicator), 1 to 3 parts, 4 grades.
  'Query.scoringSheets': 10,
  'ScoringSheet.indicators': 12,
  'ScoringSheetIndicator.items': 10,
  'ScoringSheetItem.parts': 3,
  'ScoringSheet.scale': 4,
  'ScoringSheet.versions': 10,
  // The chain: at most 4 levels; steps grow with returns (each return and resubmission adds two).
  'CertificationChain.route': 4,
  'CertificationChain.steps': 20,
  'Certification.rectifyItems': 50,
};

/** Figure lists with one element per value of an enum. */
const LIST_ENUMS: Readonly<Record<string, string>> = {
  'IncidentSummary.byCause': 'InjuryCause',
  'IncidentSummary.byIntent': 'InjuryIntent',
  'IncidentSummary.byPlace': 'InjuryPlace',
  'CommunityFigures.byStage': 'CommunityStage',
  'ProjectFigures.byStatus': 'ProjectStatus',
  'ProjectFigures.byCategory': 'ProjectCategory',
  'ProjectFigures.interventionsByStatus': 'InterventionStatus',
  'ProjectFigures.interventionsByKind': 'InterventionKind',
  'ActivityFigures.byKind': 'ActivityKind',
  'CreationSummary.certifications': 'CertificationLevel',
  'DesignationYear.byLevel': 'CertificationLevel',
  'EvidenceArchive.elements': 'AqtElement',
  'ReviewApplicationFigures.byLevel': 'CertificationLevel',
  'ReviewApplicationFigures.steps': 'ReviewChainStep',
  'ReviewChainStepFigures.byLevel': 'CertificationLevel',
  'ReviewFigures.selfAssessments': 'CertificationLevel',
  'ReviewFigures.onSite': 'CertificationLevel',
  // The elements with data: at most the twelve.
  'ReviewFigures.weakestElements': 'AqtElement',
};

/** At most this many elements whatever `first` says (the resolver refuses more). */
const FIRST_MAXIMUM: Readonly<Record<string, number>> = { 'Community.recentIncidents': 10 };

/** Leaf fields that cost more than a value: counting reads the listing. */
const LEAF_COSTS: Readonly<Record<string, number>> = { totalCount: COST.count };

export type LimitName = 'tokens' | 'depth' | 'aliases' | 'directives' | 'cost' | 'selections' | 'oncePerOperation';

/** A request refused by a limit: QUERY_TOO_COMPLEX, HTTP 400. */
export class QueryTooComplexError extends GraphQLError {
  constructor(
    message: string,
    readonly limit: LimitName,
  ) {
    super(message, { extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 } } });
    this.name = 'QueryTooComplexError';
  }
}

/** What a refusal says: what was exceeded and by how much, except in production. */
function refusalMessage(detail: string, revealLimits: boolean): string {
  return revealLimits ? detail : 'The request exceeds the limits of this API.';
}

/** The response's `extensions.cost`. */
export interface CostReport {
  /** The request's estimated cost, null when it could not be estimated (it did not parse, or its variables are invalid). */
  readonly requested: number | null;
  readonly limit: number;
}

/**
 * The validation rules of the depth, alias, directive and once-per-operation limits. graphql-armor
 * reports through our callback (not its own BAD_USER_INPUT), so the code is ours.
 */
export function limitValidationRules(revealLimits: boolean): ValidationRule[] {
  const refuse =
    (limit: LimitName) =>
    (context: ValidationContext | null, error: GraphQLError): void => {
      const detail = error.message.replace(/^Syntax Error: /, '');
      context?.reportError(new QueryTooComplexError(refusalMessage(detail, revealLimits), limit));
    };
  const common = { exposeLimits: revealLimits, propagateOnRejection: false } as const;
  const armor = new ApolloArmor({
    maxDepth: { ...common, n: REQUEST_LIMITS.depth, flattenFragments: true, ignoreIntrospection: true, onReject: [refuse('depth')] },
    // Every alias counts, `__typename`'s too (graphql-armor lets those through by default).
    maxAliases: { ...common, n: REQUEST_LIMITS.aliases, allowList: [], onReject: [refuse('aliases')] },
    maxDirectives: { ...common, n: REQUEST_LIMITS.directives, onReject: [refuse('directives')] },
    // Tokens are the parser's (parseOptions.maxTokens), cost is computed with the variables
    // (costPlugin), suggestions are Apollo's to hide (hideSchemaDetailsFromClientErrors).
    maxTokens: { enabled: false },
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  });
  return [...(armor.protect().validationRules as ValidationRule[]), oncePerOperationRule(revealLimits)];
}

/**
 * A field in `REQUEST_LIMITS.oncePerOperation` (aggregateExport, query or mutation) at most once in
 * an operation's root selection, fragments included: a second is refused before anything runs.
 */
function oncePerOperationRule(revealLimits: boolean): ValidationRule {
  return (context) => ({
    OperationDefinition(operation) {
      const counts = new Map<string, number>();
      const seen = new Set<string>();
      const walk = (selectionSet: SelectionSetNode): void => {
        for (const selection of selectionSet.selections) {
          if (selection.kind === Kind.FIELD) {
            const name = selection.name.value;
            if ((REQUEST_LIMITS.oncePerOperation as readonly string[]).includes(name)) counts.set(name, (counts.get(name) ?? 0) + 1);
          } else if (selection.kind === Kind.INLINE_FRAGMENT) {
            walk(selection.selectionSet);
          } else {
            const fragment = context.getFragment(selection.name.value);
            // Spread twice, a fragment is counted twice; a cycle is GraphQL's own validation error.
            if (fragment && !seen.has(fragment.name.value)) {
              seen.add(fragment.name.value);
              walk(fragment.selectionSet);
              seen.delete(fragment.name.value);
            }
          }
        }
      };
      walk(operation.selectionSet);
      for (const [name, count] of counts) {
        if (count > 1) {
          const detail = `${name} is allowed once per request, found ${count}`;
          context.reportError(new QueryTooComplexError(refusalMessage(detail, revealLimits), 'oncePerOperation'));
        }
      }
    },
  });
}

/**
 * Type checks that hold across copies of graphql-js. The schema's types come from the copy
 * Apollo and graphql-tools load, which need not be this module's (vitest gives our sources the ES
 * build and dependencies the CommonJS one), and graphql's own `isObjectType` … throw on a type of
 * another copy: every graphql-js type names its class in Symbol.toStringTag, which survives
 * minification too.
 */
function kindOf(type: unknown): string | undefined {
  return (type as { [Symbol.toStringTag]?: string } | undefined)?.[Symbol.toStringTag];
}
const isObjectType = (type: unknown): type is GraphQLObjectType => kindOf(type) === 'GraphQLObjectType';
const isInterfaceType = (type: unknown): type is GraphQLInterfaceType => kindOf(type) === 'GraphQLInterfaceType';
const isInputObjectType = (type: unknown): type is GraphQLInputObjectType => kindOf(type) === 'GraphQLInputObjectType';
const isEnumType = (type: unknown): type is GraphQLEnumType => kindOf(type) === 'GraphQLEnumType';
const isLeafType = (type: unknown): boolean => isEnumType(type) || kindOf(type) === 'GraphQLScalarType';
function getNamedType(type: GraphQLOutputType): GraphQLNamedType {
  let named: GraphQLOutputType = type;
  while ('ofType' in named && named.ofType) named = named.ofType as GraphQLOutputType;
  return named as GraphQLNamedType;
}
/** Whether the field's type, its non-null wrapper aside, is a list. */
function isListField(type: GraphQLOutputType): boolean {
  const nullable = kindOf(type) === 'GraphQLNonNull' ? (type as { ofType: unknown }).ofType : type;
  return kindOf(nullable) === 'GraphQLList';
}

/** Sizes of the introspection lists, from the schema itself: their average, so a whole introspection costs what it returns. */
interface IntrospectionSizes {
  readonly [field: string]: number;
}

const introspectionSizesOf = new WeakMap<GraphQLSchema, IntrospectionSizes>();

function introspectionSizes(schema: GraphQLSchema): IntrospectionSizes {
  let sizes = introspectionSizesOf.get(schema);
  if (sizes) return sizes;
  const types = Object.values(schema.getTypeMap());
  let fields = 0;
  let args = 0;
  let inputFields = 0;
  let enumValues = 0;
  let interfaces = 0;
  let possibleTypes = 0;
  for (const type of types) {
    if (isObjectType(type) || isInterfaceType(type)) {
      const own = Object.values(type.getFields());
      fields += own.length;
      args += own.reduce((sum, field) => sum + field.args.length, 0);
      interfaces += type.getInterfaces().length;
    }
    if (isInterfaceType(type)) possibleTypes += schema.getPossibleTypes(type).length;
    if (isInputObjectType(type)) inputFields += Object.keys(type.getFields()).length;
    if (isEnumType(type)) enumValues += type.getValues().length;
  }
  const directives = schema.getDirectives();
  const perType = (total: number) => Math.max(1, Math.ceil(total / types.length));
  sizes = {
    '__Schema.types': types.length,
    '__Schema.directives': directives.length,
    '__Type.fields': perType(fields),
    '__Type.inputFields': perType(inputFields),
    '__Type.enumValues': perType(enumValues),
    '__Type.interfaces': perType(interfaces),
    '__Type.possibleTypes': perType(possibleTypes),
    '__Field.args': Math.max(1, Math.ceil(args / Math.max(1, fields))),
    '__Directive.args': Math.max(1, Math.ceil(directives.reduce((sum, directive) => sum + directive.args.length, 0) / Math.max(1, directives.length))),
  };
  introspectionSizesOf.set(schema, sizes);
  return sizes;
}

/** `first` as a listing takes it: default when absent, within 0..maximum (the resolver refuses anything else before reading). */
function firstOf(args: Record<string, unknown>, maximum = MAX_PAGE_SIZE): number {
  const first = args.first;
  if (typeof first !== 'number' || !Number.isFinite(first)) return Math.min(DEFAULT_PAGE_SIZE, maximum);
  return Math.min(Math.max(Math.floor(first), 0), maximum);
}

function isConnection(type: GraphQLNamedType): boolean {
  return isObjectType(type) && type.name.endsWith('Connection') && 'edges' in type.getFields();
}

/**
 * Child lists sized by the arguments of the field that returns their parent: a connection's
 * edges by its `first`, an import report's rows by the records sent. The child counts one
 * element; the parent multiplies it.
 */
function sizedChildren(type: GraphQLNamedType, args: Record<string, unknown>): ReadonlyMap<string, number> {
  if (isConnection(type)) return new Map([['edges', firstOf(args)]]);
  if (type.name === 'IncidentImportReport') {
    const records = Array.isArray(args.records) ? Math.min(args.records.length, MAX_IMPORT_RECORDS) : MAX_IMPORT_RECORDS;
    return new Map([['rows', records]]);
  }
  return new Map();
}

function sizedByParent(parent: string, field: string): boolean {
  return (parent.endsWith('Connection') && field === 'edges') || (parent === 'IncidentImportReport' && field === 'rows');
}

/** Types that only wrap what they hold: they cost nothing of their own. */
function isWrapper(type: GraphQLNamedType): boolean {
  return type.name === 'PageInfo' || (isObjectType(type) && type.name.endsWith('Edge') && 'node' in type.getFields());
}

/**
 * The estimator: one per computation, since it remembers what each field node cost so a parent
 * can multiply the part its arguments size (a connection's edges).
 */
function costEstimator(schema: GraphQLSchema, fragments: ReadonlyMap<string, FragmentDefinitionNode>): ComplexityEstimator {
  const costs = new WeakMap<FieldNode, number>();
  const mutationType = schema.getMutationType();

  /** What the selected child fields called `name` cost, through inline fragments and spreads. */
  const selectedCost = (selectionSet: SelectionSetNode | undefined, name: string, seen = new Set<string>()): number => {
    let total = 0;
    for (const selection of selectionSet?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value === name) total += costs.get(selection) ?? 0;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        total += selectedCost(selection.selectionSet, name, seen);
      } else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        total += selectedCost(fragments.get(selection.name.value)?.selectionSet, name, seen);
        seen.delete(selection.name.value);
      }
    }
    return total;
  };

  const listSize = (parent: string, field: GraphQLField<unknown, unknown>, args: Record<string, unknown>): number => {
    const key = `${parent}.${field.name}`;
    if (sizedByParent(parent, field.name)) return 1;
    if (field.args.some((arg) => arg.name === 'first')) return firstOf(args, FIRST_MAXIMUM[key] ?? MAX_PAGE_SIZE);
    // One element per id asked for (node.ts refuses more than MAX_NODE_IDS before reading).
    if (key === 'Query.nodes') return Array.isArray(args.ids) ? Math.min(args.ids.length, MAX_NODE_IDS) : MAX_NODE_IDS;
    const named = getNamedType(field.type);
    const enumName = LIST_ENUMS[key];
    const keyedBy = enumName ? schema.getType(enumName) : isEnumType(named) ? named : undefined;
    if (keyedBy && isEnumType(keyedBy)) return keyedBy.getValues().length;
    // Introspection's lists are sized from the whole schema (every type and field built): only an operation that introspects pays for it.
    return LIST_SIZES[key] ?? (parent.startsWith('__') ? introspectionSizes(schema)[key] : undefined) ?? DEFAULT_LIST_SIZE;
  };

  return ({ type, field, node, args, childComplexity }) => {
    let cost: number;
    if (field.name === '__typename') {
      cost = 0;
    } else {
      const named = getNamedType(field.type);
      const own = isLeafType(named)
        ? (LEAF_COSTS[field.name] ?? COST.leaf)
        : named.name.startsWith('__')
          ? COST.introspection
          : isConnection(named)
            ? COST.listing
            : isWrapper(named)
              ? 0
              : COST.object;
      let children = childComplexity;
      for (const [child, size] of sizedChildren(named, args)) children += (size - 1) * selectedCost(node.selectionSet, child);
      const count = isListField(field.type) ? listSize(type.name, field, args) : 1;
      cost = (type === mutationType ? COST.write : 0) + count * (own + children);
    }
    costs.set(node, cost);
    return cost;
  };
}

export type CostOutcome =
  | { readonly kind: 'estimated'; readonly requested: number }
  /** The variables do not fit the operation: execution refuses them, nothing runs. */
  | { readonly kind: 'unknown' }
  | { readonly kind: 'refused'; readonly error: QueryTooComplexError; readonly requested: number | null };

/**
 * The cost of the operation a request runs (the one `operationName` names), with its variables,
 * fragments counted where they are spread, introspection fields like any other.
 */
export function estimateCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | undefined,
  revealLimits: boolean,
): CostOutcome {
  const operation: OperationDefinitionNode | null | undefined = getOperationAST(document, operationName);
  if (!operation) return { kind: 'unknown' };
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  // Only the operation that runs, with every fragment (unused ones cost nothing).
  const single: DocumentNode = { kind: Kind.DOCUMENT, definitions: [operation, ...fragments.values()] };
  let requested: number;
  try {
    requested = getComplexity({
      schema,
      query: single,
      variables: variables ?? {},
      estimators: [costEstimator(schema, fragments)],
      maxQueryNodes: REQUEST_LIMITS.selections,
    });
  } catch (error) {
    // GraphQL errors of graphql-query-complexity's copy of graphql: see kindOf.
    if (!(error instanceof Error) || error.name !== 'GraphQLError') throw error;
    // graphql-query-complexity's own node limit: fragments spread into fragments, many times over.
    if (NODE_LIMIT_MESSAGE.test(error.message)) {
      const detail = `the request selects more than ${REQUEST_LIMITS.selections} fields once its fragments are spread`;
      return { kind: 'refused', requested: null, error: new QueryTooComplexError(refusalMessage(detail, revealLimits), 'selections') };
    }
    // Variables that do not fit the operation: execution refuses them before any resolver runs.
    return { kind: 'unknown' };
  }
  if (requested > REQUEST_LIMITS.cost) {
    const detail = `the request's cost is ${requested}, above the budget of ${REQUEST_LIMITS.cost}`;
    return { kind: 'refused', requested, error: new QueryTooComplexError(refusalMessage(detail, revealLimits), 'cost') };
  }
  return { kind: 'estimated', requested };
}

/** graphql-query-complexity's message when `maxQueryNodes` stops it. */
const NODE_LIMIT_MESSAGE = /maximum allowed number of nodes/;

/** graphql-js's message when the parser's `maxTokens` stops it. */
const TOKEN_LIMIT_MESSAGE = /Document contains more th(?:at|an) \d+ tokens/;

/**
 * A limit's refusal as the response shows it, or undefined when `error` is no refusal: our own
 * errors (wrapped by Apollo as validation errors), and the parser's token limit.
 */
export function formatLimitError(formatted: GraphQLFormattedError, error: unknown, revealLimits: boolean): GraphQLFormattedError | undefined {
  // Apollo wraps our error (a validation error, or one of its own copy of GraphQLError): see kindOf.
  const original = (error as { originalError?: unknown } | undefined)?.originalError;
  const refusal = original instanceof QueryTooComplexError ? original : error instanceof QueryTooComplexError ? error : undefined;
  if (refusal) {
    return {
      message: refusal.message,
      ...(formatted.locations && revealLimits ? { locations: formatted.locations } : {}),
      extensions: { code: 'QUERY_TOO_COMPLEX', ...(revealLimits ? { limit: refusal.limit } : {}) },
    };
  }
  if (formatted.extensions?.code === 'GRAPHQL_PARSE_FAILED' && TOKEN_LIMIT_MESSAGE.test(formatted.message)) {
    const detail = `the request has more than ${REQUEST_LIMITS.tokens} tokens`;
    return { message: refusalMessage(detail, revealLimits), extensions: { code: 'QUERY_TOO_COMPLEX', ...(revealLimits ? { limit: 'tokens' } : {}) } };
  }
  return undefined;
}

const COST_CACHE_PER_DOCUMENT = 32;
const COST_CACHE_MAX_KEY = 2048;

/**
 * Computes each request's cost once its operation is known (refusing it above the budget) and
 * reports `extensions.cost { requested limit }` on every response to a parsed document.
 */
export function costPlugin(revealLimits: boolean): ApolloServerPlugin<AppContext> {
  /**
   * A document's estimates, by operation name and variables (the server has one schema). Apollo
   * hands every request of one query text the same parsed document (its document store), and a
   * front end sends the same few queries over and over, so a warm request finds its estimate here
   * instead of walking its selections again (a tenth of a warm community(id): bench/,
   * foundation). Refusals are not kept (each request throws its own error); nor are estimates for
   * variables longer than COST_CACHE_MAX_KEY (an import's rows, say), and a document keeps at
   * most COST_CACHE_PER_DOCUMENT.
   */
  const estimates = new WeakMap<DocumentNode, Map<string, CostOutcome>>();
  const cachedEstimate = (schema: GraphQLSchema, document: DocumentNode, { operationName, variables }: GraphQLRequest): CostOutcome => {
    const key = `${operationName ?? ''}\u0000${JSON.stringify(variables ?? {})}`;
    if (key.length > COST_CACHE_MAX_KEY) return estimateCost(schema, document, operationName, variables, revealLimits);
    let byRequest = estimates.get(document);
    if (!byRequest) {
      byRequest = new Map();
      estimates.set(document, byRequest);
    }
    const known = byRequest.get(key);
    if (known) return known;
    const outcome = estimateCost(schema, document, operationName, variables, revealLimits);
    if (outcome.kind !== 'refused') {
      if (byRequest.size >= COST_CACHE_PER_DOCUMENT) byRequest.delete(byRequest.keys().next().value as string);
      byRequest.set(key, outcome);
    }
    return outcome;
  };
  return {
    async requestDidStart() {
      let report: CostReport | undefined;
      const reportOf = (outcome: CostOutcome): CostReport => ({
        requested: outcome.kind === 'unknown' ? null : outcome.requested,
        limit: REQUEST_LIMITS.cost,
      });
      return {
        async didResolveOperation({ schema, document, request }) {
          const outcome = cachedEstimate(schema, document, request);
          report = reportOf(outcome);
          if (outcome.kind === 'refused') throw outcome.error;
        },
        async willSendResponse({ schema, document, request, response }) {
          if (response.body.kind !== 'single') return;
          // A document refused in validation (depth, aliases …) still shows what it would cost.
          if (!report) {
            let outcome: CostOutcome = { kind: 'unknown' };
            try {
              if (document) outcome = estimateCost(schema, document, request.operationName, request.variables, revealLimits);
            } catch {
              // An estimate for the response's extensions only: the request has been answered.
            }
            report = reportOf(outcome);
          }
          const result = response.body.singleResult;
          result.extensions = { ...result.extensions, cost: report };
        },
      };
    },
  };
}
