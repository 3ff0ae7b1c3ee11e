import { formatFen } from '#core/money.ts';
import type {
  CommunityResolvers,
  IncidentChangeResolvers,
  IncidentFieldChange,
  IncidentImportReportResolvers,
  IncidentImportRowResolvers,
  IncidentResolvers,
  MutationResolvers,
  QueryResolvers,
} from '#generated/graphql.ts';
import { type Incident as IncidentModel, type IncidentChangeRecord, INCIDENT_FIELD_NAMES } from './model.ts';

export const incidentQueries: Pick<QueryResolvers, 'incident' | 'incidents' | 'incidentChanges'> = {
  incident: (_parent, { id }, { incidents }) => incidents.get(id),
  incidents: (_parent, { communityId, ...args }, { incidents }) => incidents.list(communityId, args),
  incidentChanges: (_parent, { incidentId }, { incidents }) => incidents.changesOfId(incidentId),
};

export const incidentMutations: Pick<MutationResolvers, 'createIncident' | 'correctIncident' | 'deleteIncident' | 'importIncidents'> = {
  createIncident: (_parent, { input }, { incidents }) => incidents.create(input),
  correctIncident: (_parent, { input }, { incidents }) => incidents.correct(input),
  deleteIncident: (_parent, { input }, { incidents }) => incidents.delete(input),
  importIncidents: (_parent, { communityId, records }, { incidents }) => incidents.importRecords(communityId, records),
};

export const communityIncidentFields: Pick<CommunityResolvers, 'incidents' | 'recentIncidents'> = {
  incidents: (community, args, { incidents }) => incidents.ofCommunity(community, args),
  recentIncidents: (community, { first }, { incidents }) => incidents.recent(community, first),
};

export const Incident: IncidentResolvers = {
  community: (incident, _args, { communities }) => communities.get(incident.communityId),
  // Analysts read of the victim only the age group and sex (policy: canSeeIncidentDetails).
  description: (incident, _args, { incidents }) => incidents.descriptionOf(incident),
  changes: (incident, _args, { incidents }) => incidents.changesOf(incident),
};

export const IncidentChange: IncidentChangeResolvers = {
  fields: (change) => fieldChanges(change),
};

export const IncidentImportReport: IncidentImportReportResolvers = {
  rows: (report) => [...report.rows],
};

export const IncidentImportRow: IncidentImportRowResolvers = {
  errors: (row) => [...row.errors],
};

/** The fields that differ between the two versions of a change, as text. */
function fieldChanges(change: IncidentChangeRecord): IncidentFieldChange[] {
  return INCIDENT_FIELD_NAMES.flatMap((field) => {
    const before = asText(change.before, field);
    const after = change.after ? asText(change.after, field) : null;
    return before === after ? [] : [{ field, before, after }];
  });
}

function asText(incident: Partial<IncidentModel>, field: (typeof INCIDENT_FIELD_NAMES)[number]): string | null {
  const value = incident[field];
  if (value === undefined || value === null) return null;
  if (field === 'economicLoss') return formatFen(value as number);
  return String(value);
}
