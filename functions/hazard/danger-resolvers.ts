import { NotFoundError } from '#core/errors.ts';
import { chinaToday } from '#core/taxonomy.ts';
import type { HiddenDangerResolvers, MutationResolvers, QueryResolvers } from '#generated/graphql.ts';
import { daysOverdue } from './danger-lifecycle.ts';

export const hiddenDangerQueries: Pick<QueryResolvers, 'hiddenDanger' | 'hiddenDangers' | 'escalatedHazards'> = {
  hiddenDanger: (_parent, { id }, { hiddenDangers }) => hiddenDangers.get(id),
  hiddenDangers: (_parent, { communityId, ...args }, { hiddenDangers }) => hiddenDangers.list(communityId, args),
  escalatedHazards: (_parent, { regionCode, ...args }, { hiddenDangers }) => hiddenDangers.escalated(regionCode, args),
};

export const hiddenDangerMutations: Pick<MutationResolvers, 'recordHiddenDanger' | 'startRectification' | 'reportRectified' | 'verifyHiddenDanger' | 'rejectVerification'> = {
  recordHiddenDanger: (_parent, { input }, { hiddenDangers }) => hiddenDangers.create(input),
  startRectification: (_parent, { input }, { hiddenDangers }) => hiddenDangers.startRectification(input),
  reportRectified: (_parent, { input }, { hiddenDangers }) => hiddenDangers.reportRectified(input),
  verifyHiddenDanger: (_parent, { input }, { hiddenDangers }) => hiddenDangers.verify(input),
  rejectVerification: (_parent, { input }, { hiddenDangers }) => hiddenDangers.rejectVerification(input),
};

export const HiddenDanger: HiddenDangerResolvers = {
  community: (danger, _args, { communities }) => communities.get(danger.communityId),
  subject: (danger) => danger.subject ?? null,
  inspectionId: (danger) => danger.inspectionId ?? null,
  residentReport: (danger, _args, { residentReports }) => (danger.reportId ? residentReports.get(danger.reportId) : null),
  // The inspection of the same community that found it (an id of another's, or none recorded, reads null).
  inspection: async (danger, _args, { inspections }) => {
    if (!danger.inspectionId) return null;
    const inspection = await inspections.get(danger.inspectionId).catch((error: unknown) => (error instanceof NotFoundError ? null : Promise.reject(error)));
    return inspection && inspection.communityId === danger.communityId ? inspection : null;
  },
  overdue: (danger) => daysOverdue(danger, chinaToday()) > 0,
  daysOverdue: (danger) => daysOverdue(danger, chinaToday()),
  photoEvidenceIds: (danger) => [...danger.photoEvidenceIds],
  rectificationNote: (danger) => danger.rectificationNote ?? null,
  rectifiedAt: (danger) => danger.rectifiedAt ?? null,
  verifiedAt: (danger) => danger.verifiedAt ?? null,
  rejectionReason: (danger) => danger.rejectionReason ?? null,
  history: (danger, args, { audit }) => audit.history('HiddenDanger', danger.id, danger.communityId, args),
  evidence: (danger, args, { evidence }) => evidence.ofOwner({ ownerType: 'HIDDEN_DANGER', ownerId: danger.id, communityId: danger.communityId }, args),
};
