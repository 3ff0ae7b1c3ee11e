import type { InspectionDueResolvers, InspectionResolvers, MutationResolvers, QueryResolvers } from '#generated/graphql.ts';
import { NotFoundError } from '#core/errors.ts';
import { hiddenDangerPosition } from './danger-repository.ts';
import type { HazardSource, SupervisedUnit } from './model.ts';

/** A subject removed since (a supervised unit is deleted): null. The inspection's read was authorized on the same community by the same rules. */
const unlessGone = <T>(read: Promise<T>): Promise<T | null> => read.catch((error: unknown) => (error instanceof NotFoundError ? null : Promise.reject(error)));

export const inspectionQueries: Pick<QueryResolvers, 'inspection' | 'inspections' | 'inspectionsDue'> = {
  inspection: (_parent, { id }, { inspections }) => inspections.get(id),
  inspections: (_parent, { communityId, ...args }, { inspections }) => inspections.inspections(communityId, args),
  inspectionsDue: (_parent, { communityId, ...args }, { inspections }) => inspections.inspectionsDue(communityId, args),
};

export const inspectionMutations: Pick<MutationResolvers, 'recordInspection'> = {
  recordInspection: (_parent, { input }, { inspections }) => inspections.record(input),
};

// The subject of an inspection or a due entry: its listing authorized the community, the hazard service reads it again as the caller.
export const Inspection: InspectionResolvers = {
  community: (inspection, _args, { communities }) => communities.get(inspection.communityId),
  supervisedUnit: (inspection, _args, { hazards }): Promise<SupervisedUnit | null> | null => (inspection.subjectType === 'SUPERVISED_UNIT' ? unlessGone(hazards.getUnit(inspection.subjectId)) : null),
  hazardSource: (inspection, _args, { hazards }): Promise<HazardSource | null> | null => (inspection.subjectType === 'HAZARD_SOURCE' ? unlessGone(hazards.getSource(inspection.subjectId)) : null),
  checklistKind: (inspection) => inspection.checklistKind ?? null,
  checklistVersion: (inspection) => inspection.checklistVersion ?? null,
  results: (inspection) => inspection.results.map((result) => ({ ...result, note: result.note ?? null })),
  note: (inspection) => inspection.note ?? null,
  dueOn: (inspection) => inspection.dueOn ?? null,
  onSchedule: (inspection) => inspection.onSchedule ?? null,
  // Each read through the danger service as the caller; a danger of another community naming this inspection is not its.
  dangers: async (inspection, _args, { inspections, hiddenDangers }) =>
    (await Promise.all((await inspections.dangerIdsOf(inspection)).map((id) => unlessGone(hiddenDangers.get(id)))))
      .filter((danger): danger is NonNullable<typeof danger> => danger !== null && danger.communityId === inspection.communityId)
      .sort((a, b) => (hiddenDangerPosition(a) < hiddenDangerPosition(b) ? -1 : 1)),
  history: (inspection, args, { audit }) => audit.history('Inspection', inspection.id, inspection.communityId, args),
  evidence: (inspection, args, { evidence }) => evidence.ofOwner({ ownerType: 'INSPECTION', ownerId: inspection.id, communityId: inspection.communityId }, args),
};

export const InspectionDue: InspectionDueResolvers = {
  community: (entry, _args, { communities }) => communities.get(entry.communityId),
  supervisedUnit: (entry, _args, { hazards }): Promise<SupervisedUnit> | null => (entry.subjectType === 'SUPERVISED_UNIT' ? hazards.getUnit(entry.subjectId) : null),
  hazardSource: (entry, _args, { hazards }): Promise<HazardSource> | null => (entry.subjectType === 'HAZARD_SOURCE' ? hazards.getSource(entry.subjectId) : null),
};
