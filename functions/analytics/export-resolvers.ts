import type { QueryResolvers } from '#generated/graphql.ts';

/** The CSV export: the request's AggregateExportService builds the file (policy first), stores it and signs a link. */
export const exportQueries: Pick<QueryResolvers, 'aggregateExport'> = {
  aggregateExport: (_parent, { regionCode, period }, { aggregateExports }) => aggregateExports.export(regionCode, period),
};
