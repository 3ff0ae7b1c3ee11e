import type { QueryResolvers, Resolvers } from '#generated/graphql.ts';
import type { AppContext } from '#graphql/context.ts';

export const auditQueries: Pick<QueryResolvers, 'auditLog'> = {
  auditLog: (_parent, args, { audit }) => audit.log(args),
};

type HistoryArgs = { readonly first?: number | null; readonly after?: string | null };
type Owned = { readonly id: string; readonly communityId: string; readonly importAudit?: unknown };

/** `history` of a record type: the record was resolved, so the caller may read it (an imported incident names its import's entry). */
function historyOf(recordType: string) {
  return {
    history: (record: Owned, args: HistoryArgs, { audit }: AppContext) =>
      audit.history(recordType, record.id, record.communityId, args, typeof record.importAudit === 'string' ? record.importAudit : undefined),
  };
}

export const historyFields = {
  Community: {
    history: (community: { readonly id: string }, args: HistoryArgs, { audit }: AppContext) =>
      audit.history('Community', community.id, community.id, args),
  },
  Project: historyOf('Project'),
  Intervention: historyOf('Intervention'),
  Incident: historyOf('Incident'),
  Activity: historyOf('Activity'),
  Survey: historyOf('Survey'),
  Certification: historyOf('Certification'),
  Evidence: historyOf('Evidence'),
} satisfies Partial<Resolvers>;
