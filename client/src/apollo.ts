/**
 * Apollo Client 4 for the Safe Community API: the InMemoryCache configuration the schema needs,
 * and a client with the platform's transport settings (bearer token, GET for queries).
 *
 * What the cache is told, and why:
 * - possibleTypes (generated from the SDL): a fragment on an interface (`... on Node`) matches
 *   every type that implements it.
 * - Entities (types with `id: ID!`) are normalised by `__typename` + `id`: select `id` in every
 *   selection of an entity (the fragments in operations/ do) and two queries that bring the same
 *   community, incident or certification update one record.
 * - Value objects (no id: a promotion committee, a stage change, a figure set, a page info) are
 *   part of their parent: `keyFields: false` and `merge: true`, so two queries that select
 *   different fields of the same committee add up instead of replacing each other (which is what
 *   Apollo warns about as "Cache data may be lost"). Lists of value objects are merged element by
 *   element where the element has a key within its list (LIST_KEYS: a cause, a stage, a level…).
 * - Ids that are not unique per type are not used as cache ids: a scoring sheet is one sheet
 *   version (id + version), a sheet item or checklist item is unique only within its sheet.
 * - A region is keyed by its GB/T 2260 code (what queries select), by its id when only that was selected.
 * - Connections (`first`/`after`, `edges`, `pageInfo`) use relayStylePagination: one list per set
 *   of filter arguments (everything but first/after), `fetchMore({ variables: { after:
 *   pageInfo.endCursor } })` appends the next page, and a read without `after` starts the list
 *   again. A screen that shows one page at a time (page 2 replacing page 1) should read with
 *   `fetchPolicy: 'network-only'` or give the field `keyArgs: false` and no merge.
 * - Reads of one entity by id (community(id), incident(id), node(id), …) are answered from the
 *   cache when any earlier query stored that entity with the fields asked for.
 */
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import type { FieldFunctionOptions, FieldMergeFunction, FieldPolicy, Reference, StoreObject, TypePolicies, TypePolicy } from '@apollo/client/cache';
import { SetContextLink } from '@apollo/client/link/context';
import { stripIgnoredCharacters } from 'graphql';
import { relayStylePagination } from '@apollo/client/utilities';
import type { GraphQLExecutor } from './upload.js';
import { anonymousListFields, anonymousTypes, connectionFields, entityQueryFields, possibleTypes } from './gql/cache-shape.js';

/**
 * Value objects that sit in lists, and the fields that tell one element of the list from another
 * (unique within the list, not across the schema). An element whose key fields were not all
 * selected is replaced, as Apollo does by default.
 */
export const LIST_KEYS: Readonly<Record<string, readonly string[]>> = {
  // A community's record
  StageChange: ['stage', 'on'],
  CommitteeMember: ['organisation', 'role'],
  WorkingGroup: ['name'],
  ProjectGoal: ['indicator'],
  IncidentChange: ['kind', 'version'],
  IncidentFieldChange: ['field'],
  AuditFieldChange: ['field'],
  ChainStep: ['action', 'at'],
  ArchiveElement: ['element'],
  FormField: ['name'],
  IncidentImportRow: ['row'],
  InspectionChecklistItem: ['id'],
  // Figures: one element per value of a dimension
  IncidentCauseFigures: ['cause'],
  IncidentIntentFigures: ['intent'],
  IncidentPlaceFigures: ['place'],
  IncidentRegionFigures: ['region'],
  IncidentTrendPoint: ['period'],
  CommunityStageCount: ['stage'],
  CertificationLevelFigures: ['level'],
  DesignationYear: ['year'],
  ProjectStatusCount: ['status'],
  ProjectCategoryFigures: ['category'],
  InterventionStatusCount: ['status'],
  InterventionKindFigures: ['kind'],
  ActivityKindFigures: ['kind'],
  CreationRegionFigures: ['region'],
  InspectionSubjectTypeCount: ['subjectType'],
  HiddenDangerSeverityCount: ['severity'],
  HiddenDangerFoundByCount: ['foundBy'],
  HiddenDangerStateCount: ['state'],
  HazardLevelCount: ['level'],
  HazardKindFigures: ['kind'],
  HazardStatusCount: ['status'],
  ReviewLevelCount: ['level'],
  ReviewChainStepFigures: ['step'],
  ReviewScoreFigures: ['level'],
  ReviewElementFigures: ['element'],
};

/**
 * Types with an `id` that is not a cache id on its own: keyed by several fields when all of them
 * were selected, otherwise kept inside their parent.
 */
const COMPOSITE_KEYS: Readonly<Record<string, readonly string[]>> = {
  // One sheet version: `national-onsite` version 1 and version 2 are different sheets.
  ScoringSheet: ['id', 'version'],
};

/**
 * Types whose `id` is not theirs: unique only inside their parent (a sheet item `1.1`), or the id of
 * the record they point to or record (a link, a hidden danger's subject, a deletion's record).
 */
const EMBEDDED_WITH_ID = ['ScoringSheetItem', 'AssessmentLink', 'HiddenDangerSubject', 'DeletedIncident'];

/** The InMemoryCache type policies of the schema (see the module comment). */
export function createTypePolicies(): TypePolicies {
  const policies: Record<string, TypePolicy & { fields: Record<string, FieldPolicy> }> = {};
  const policy = (typename: string) => {
    policies[typename] ??= { fields: {} };
    return policies[typename];
  };

  for (const typename of [...anonymousTypes, ...EMBEDDED_WITH_ID]) Object.assign(policy(typename), { keyFields: false, merge: true });
  for (const [typename, fields] of Object.entries(COMPOSITE_KEYS)) Object.assign(policy(typename), { keyFields: keyWhenSelected(typename, fields), merge: true });
  // A division by its GB/T 2260 code, what queries select (`region { code name }`), or else by its id.
  Object.assign(policy('Region'), { keyFields: regionKey, merge: true });

  for (const [typename, fields] of Object.entries(anonymousListFields)) {
    for (const [field, elementType] of Object.entries(fields)) {
      const keys = LIST_KEYS[elementType];
      if (keys) policy(typename).fields[field] = { merge: mergeListBy(keys) };
    }
  }
  for (const [typename, fields] of Object.entries(connectionFields)) {
    for (const [field, filters] of Object.entries(fields)) policy(typename).fields[field] = relayStylePagination(filters.length > 0 ? [...filters] : false);
  }
  for (const [field, typename] of Object.entries(entityQueryFields)) {
    policy('Query').fields[field] = { read: possibleTypes[typename] ? readNodeById(possibleTypes[typename]) : readEntityById(typename) };
  }
  if (possibleTypes.Node) policy('Query').fields.nodes = { read: readNodesById(possibleTypes.Node) };
  return policies;
}

/** An InMemoryCache for the Safe Community schema. */
export function createCache(): InMemoryCache {
  return new InMemoryCache({ possibleTypes: { ...possibleTypes } as Record<string, string[]>, typePolicies: createTypePolicies() });
}

export interface SafeCommunityClientOptions {
  /** The GraphQL endpoint, e.g. `http://localhost:4000/graphql` or the stage's API URL + `/graphql`. */
  readonly url: string;
  /** The bearer token (a Cognito ID token in AWS; `npm run token` locally), or a function that returns the current one. */
  readonly token: string | (() => string | Promise<string>);
  /** Queries over GET (cacheable by the browser and proxies; mutations always POST). Default true. */
  readonly useGETForQueries?: boolean;
  /** A fetch of your own (tests count requests with it); the global fetch otherwise. */
  readonly fetch?: typeof fetch;
  /** A cache of your own; createCache() otherwise. */
  readonly cache?: InMemoryCache;
}

/** An ApolloClient with the platform's settings: the bearer token on every request, GET for queries, the type policies. */
export function createApolloClient(options: SafeCommunityClientOptions): ApolloClient {
  const token = typeof options.token === 'function' ? options.token : () => options.token as string;
  const authorization = new SetContextLink(async (previous) => ({
    headers: { ...previous.headers, authorization: `Bearer ${await token()}` },
  }));
  const http = new HttpLink({
    uri: options.url,
    useGETForQueries: options.useGETForQueries ?? true,
    // Documents without indentation and newlines: a GET URL half as long (CommunityRecords: 2.6 kB → 1.2 kB).
    print: (document, print) => stripIgnoredCharacters(print(document)),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  return new ApolloClient({ link: ApolloLink.from([authorization, http]), cache: options.cache ?? createCache() });
}

/** A cache id from several fields when every one of them was selected; otherwise the object stays inside its parent. */
function keyWhenSelected(typename: string, fields: readonly string[]): TypePolicy['keyFields'] {
  return (object: Readonly<StoreObject>) => {
    const values = fields.map((field) => object[field]);
    if (values.some((value) => value === undefined || value === null)) return false;
    return `${typename}:${JSON.stringify(Object.fromEntries(fields.map((field, index) => [field, values[index]])))}`;
  };
}

/** `Region:{"code":"371702"}` when the code was selected, `Region:<id>` when only the id was, else inside its parent. */
function regionKey(region: Readonly<StoreObject>): string | false {
  if (typeof region.code === 'string') return `Region:${JSON.stringify({ code: region.code })}`;
  if (typeof region.id === 'string') return `Region:${region.id}`;
  return false;
}

/**
 * Merges a list of value objects element by element: an incoming element takes the fields the
 * other queries stored for the element with the same key (and, inside it, the fields of its own
 * value objects and keyed lists); the incoming list decides which elements there are and their
 * order. Apollo merges nothing inside a list by itself: without this, a second query's selection
 * of `byCause { current { deaths } }` would drop the first query's `count`.
 */
export function mergeListBy(keys: readonly string[]): FieldMergeFunction<readonly StoreObject[] | null, readonly StoreObject[] | null> {
  return (existing, incoming) => (existing && incoming ? (mergeKeyedList(existing, incoming, keys) as StoreObject[]) : incoming);
}

function mergeKeyedList(existing: readonly unknown[], incoming: readonly unknown[], keys: readonly string[]): unknown[] {
  const keyOf = (element: unknown) => {
    if (!isEmbedded(element)) return undefined;
    const values = keys.map((key) => element[key]);
    return values.some((value) => value === undefined) ? undefined : JSON.stringify(values);
  };
  const stored = new Map<string, unknown>();
  for (const element of existing) {
    const key = keyOf(element);
    if (key !== undefined) stored.set(key, element);
  }
  return incoming.map((element) => {
    const key = keyOf(element);
    return key === undefined ? element : mergeEmbedded(stored.get(key), element);
  });
}

/** Incoming over existing, field by field, into value objects of the same type and keyed lists; references and scalars are replaced. */
function mergeEmbedded(existing: unknown, incoming: unknown): unknown {
  if (Array.isArray(existing) && Array.isArray(incoming)) {
    const typename = incoming.find(isEmbedded)?.__typename;
    const keys = typeof typename === 'string' ? LIST_KEYS[typename] : undefined;
    return keys ? mergeKeyedList(existing, incoming, keys) : incoming;
  }
  if (!isEmbedded(existing) || !isEmbedded(incoming) || existing.__typename !== incoming.__typename) return incoming;
  const merged: Record<string, unknown> = { ...existing };
  for (const [field, value] of Object.entries(incoming)) merged[field] = field in existing ? mergeEmbedded(existing[field], value) : value;
  return merged;
}

/** A value object stored inside its parent (not a reference to a normalised entity). */
function isEmbedded(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !('__ref' in value);
}

/** community(id) and the like: the entity another query stored, when it has the fields asked for. */
function readEntityById(typename: string) {
  return (existing: unknown, { args, toReference }: FieldFunctionOptions) => {
    if (existing !== undefined) return existing;
    const id = args?.id;
    return typeof id === 'string' ? toReference({ __typename: typename, id }) : undefined;
  };
}

/** node(id): ids are opaque, so the cache looks for the id under every type that implements Node. */
function readNodeById(typenames: readonly string[]) {
  return (existing: unknown, { args, toReference, canRead }: FieldFunctionOptions) => {
    if (existing !== undefined) return existing;
    const id = args?.id;
    return typeof id === 'string' ? findNode(id, typenames, toReference, canRead) : undefined;
  };
}

/** nodes(ids): answered from the cache only when every id is there (a missing one may be NOT_FOUND: only the server knows). */
function readNodesById(typenames: readonly string[]) {
  return (existing: unknown, { args, toReference, canRead }: FieldFunctionOptions) => {
    if (existing !== undefined) return existing;
    const ids = args?.ids;
    if (!Array.isArray(ids)) return undefined;
    const found = ids.map((id: unknown) => (typeof id === 'string' ? findNode(id, typenames, toReference, canRead) : undefined));
    return found.every((reference) => reference !== undefined) ? found : undefined;
  };
}

function findNode(id: string, typenames: readonly string[], toReference: FieldFunctionOptions['toReference'], canRead: FieldFunctionOptions['canRead']): Reference | undefined {
  for (const typename of typenames) {
    const reference = toReference({ __typename: typename, id });
    if (reference && canRead(reference)) return reference;
  }
  return undefined;
}

/**
 * The upload helper's GraphQLExecutor on an ApolloClient: queries bypass the cache (the helper
 * polls) but write what they read into it, so screens showing the evidence update too.
 */
export function apolloExecutor(client: ApolloClient): GraphQLExecutor {
  return async (document, variables, { signal }) => {
    const context = signal ? { fetchOptions: { signal } } : {};
    const operation = document.definitions.find((definition) => definition.kind === 'OperationDefinition');
    if (operation?.kind === 'OperationDefinition' && operation.operation === 'mutation') {
      const { data } = await client.mutate({ mutation: document, variables, context } as ApolloClient.MutateOptions<never, never>);
      return data as never;
    }
    const { data } = await client.query({ query: document, variables, context, fetchPolicy: 'network-only' } as ApolloClient.QueryOptions<never, never>);
    return data as never;
  };
}
