import { authorizeRegionRead } from '#core/auth/policy.ts';
import { AppError, BadUserInputError, ForbiddenError, NotFoundError } from '#core/errors.ts';
import { NODE_KINDS, type NodeKind, type NodeTypeName, nodeKindOf, parseId } from '#core/ids.ts';
import type { NodeResolvers, QueryResolvers } from '#generated/graphql.ts';
import { findRegion } from '#region/region-table.ts';
import type { AppContext } from './context.ts';
import { MAX_NODE_IDS } from './limits.ts';


/**
 * Global object identification (Relay): `node(id)` and `nodes(ids)`. The id's tag names its kind
 * (ids.ts), so no read guesses the type; each kind is read by its type's own service read, the one
 * its own query (`incident(id:)`, …) uses, so authorization is exactly that query's (policy.ts) and
 * reads of one kind batch in that service's DataLoader: `nodes` of 100 incidents is one
 * BatchGetItem of incidents (and one of their communities), not 100 GetItems.
 */
type NodeRecord = object;
type NodeRead = (context: AppContext, id: string) => Promise<NodeRecord | undefined>;

const READS: Readonly<Record<NodeKind, NodeRead>> = {
  community: (context, id) => context.communities.get(id),
  incident: (context, id) => context.incidents.get(id),
  project: (context, id) => context.projects.get(id),
  intervention: (context, id) => context.projects.getIntervention(id),
  activity: (context, id) => context.activities.get(id),
  survey: (context, id) => context.activities.getSurvey(id),
  certification: (context, id) => context.certifications.get(id),
  assessment: (context, id) => context.assessments.get(id),
  evidence: (context, id) => context.evidence.get(id),
  // As its listings show it (AuditService.get); an entry from before tags is NOT_FOUND.
  auditEntry: (context, id) => context.audit.get(id),
  notification: (context, id) => context.notifications.get(id),
  gridCell: (context, id) => context.hazards.getCell(id),
  hazardSource: (context, id) => context.hazards.getSource(id),
  supervisedUnit: (context, id) => context.hazards.getUnit(id),
  hiddenDanger: (context, id) => context.hiddenDangers.get(id),
  inspection: (context, id) => context.inspections.get(id),
  residentReport: (context, id) => context.residentReports.get(id),
  reviewPack: (context, id) => context.reviewPacks.get(id),
  importJob: (context, id) => context.importJobs.get(id),
  region: async (context, id) => {
    authorizeRegionRead(context.principal);
    return findRegion(id.slice(NODE_KINDS.region.tag.length + 1));
  },
};

/** The type each record `node`/`nodes` returned was read as: the kind its id named, carried beside the record. */
const typeOfRecord = new WeakMap<NodeRecord, NodeTypeName>();

export const NODE_NOT_FOUND_MESSAGE = 'nothing you may see has this id';

/**
 * What `node` answers for every id the caller cannot see: one message whatever the reason (no
 * such object, an untagged id, another scope, a deleted record), naming no type.
 */
export class NodeNotFoundError extends AppError {
  readonly code = 'NOT_FOUND';
  constructor(options?: ErrorOptions) {
    super(NODE_NOT_FOUND_MESSAGE, options);
    this.name = 'NodeNotFoundError';
  }
}

/**
 * The record behind a global id, or NodeNotFoundError. A type's own read answers NOT_FOUND for a
 * record out of the caller's scope and FORBIDDEN for one in scope the role may not read (an
 * incident's evidence for an analyst): through `node` both are "nothing you may see has this id",
 * so neither the record's existence nor its type leaks. Other errors (a fault) pass as they are.
 */
async function readNode(context: AppContext, id: string): Promise<NodeRecord> {
  const kind = nodeKindOf(id);
  if (!kind) throw new NodeNotFoundError();
  let record: NodeRecord | undefined;
  try {
    record = await READS[kind](context, id);
  } catch (error) {
    if (error instanceof NotFoundError || error instanceof ForbiddenError) throw new NodeNotFoundError({ cause: error });
    throw error;
  }
  if (!record) throw new NodeNotFoundError();
  typeOfRecord.set(record, NODE_KINDS[kind].type);
  return record;
}

export const nodeQueries: Pick<QueryResolvers, 'node' | 'nodes'> = {
  node: (_parent, { id }, context) => readNode(context, parseId(id, 'id')) as never,
  nodes: (_parent, { ids }, context) => {
    if (ids.length > MAX_NODE_IDS) throw BadUserInputError.field('ids', `at most ${MAX_NODE_IDS} ids, got ${ids.length}`);
    const parsed = ids.map((id, index) => parseId(id, `ids.${index}`));
    // Every read starts in this tick, so each service's DataLoader batches its kind's ids together.
    // A list item that rejects is null in the answer, with its error at ['nodes', index].
    return parsed.map((id) => readNode(context, id)) as never;
  },
};

export const Node: NodeResolvers = {
  __resolveType: (record) => {
    const type = typeOfRecord.get(record);
    // Only node and nodes return a Node, and both record the type of what they return.
    if (!type) throw new Error('a Node was returned without the kind it was read as');
    return type;
  },
};
