import type { MutationResolvers, QueryResolvers } from '#generated/graphql.ts';

/** Analytics resolvers return the GraphQL shape itself: the service computes every figure. */
export const analyticsQueries: Pick<
  QueryResolvers,
  'incidentSummary' | 'incidentRegionBreakdown' | 'incidentTrend' | 'creationSummary' | 'creationRegionBreakdown' | 'designationTrend'
> = {
  incidentSummary: (_parent, { regionCode, period }, { analytics }) => analytics.incidentSummary(regionCode, period),
  incidentRegionBreakdown: (_parent, { regionCode, period, sortBy, descending }, { analytics }) =>
    analytics.incidentRegionBreakdown(regionCode, period, sortBy ?? 'COUNT', descending ?? true),
  incidentTrend: (_parent, { regionCode, from, to, granularity }, { analytics }) => analytics.incidentTrend(regionCode, from, to, granularity ?? 'MONTH'),
  creationSummary: (_parent, { regionCode, period }, { analytics }) => analytics.creationSummary(regionCode, period),
  creationRegionBreakdown: (_parent, { regionCode, period }, { analytics }) => analytics.creationRegionBreakdown(regionCode, period),
  designationTrend: (_parent, { regionCode, fromYear, toYear }, { analytics }) => analytics.designationTrend(regionCode, fromYear, toYear),
};

export const analyticsMutations: Pick<MutationResolvers, 'recomputeAggregates'> = {
  recomputeAggregates: async (_parent, { regionCode }, { analytics }) => {
    const report = await analytics.recompute(regionCode);
    const figures = report.communityFigures.differences.map(({ communityId, regionCode: region, period, attribute, stored, recounted }) => ({
      family: 'COMMUNITY_FIGURES' as const,
      regionCode: region,
      communityId,
      period,
      shard: 0,
      attribute,
      stored,
      recounted,
    }));
    return { ...report, differences: [...report.differences.map((difference) => ({ ...difference, communityId: null })), ...figures] };
  },
};
