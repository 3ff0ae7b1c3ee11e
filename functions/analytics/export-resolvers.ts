import type { MutationResolvers, QueryResolvers } from '#generated/graphql.ts';

/**
 * The aggregate export (the CSV, or with format XLSX the workbook): the request's
 * AggregateExportService builds the file (policy first), stores it and signs a link. It writes a
 * file, so it is a mutation; the query of the same name is kept, deprecated and CSV only, for a
 * deprecation period. Either is allowed once per request (graphql/limits.ts).
 */
export const exportMutations: Pick<MutationResolvers, 'aggregateExport'> = {
  aggregateExport: (_parent, { regionCode, period, format }, { aggregateExports }) => aggregateExports.export(regionCode, period, format ?? 'CSV'),
};

export const exportQueries: Pick<QueryResolvers, 'aggregateExport'> = {
  aggregateExport: (_parent, { regionCode, period }, { aggregateExports }) => aggregateExports.export(regionCode, period),
};
