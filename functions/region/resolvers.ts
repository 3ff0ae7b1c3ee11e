import type { QueryResolvers, RegionResolvers } from '#generated/graphql.ts';
import { authorizeRegionRead } from '#core/auth/policy.ts';
import { BadUserInputError } from '#core/errors.ts';
import { taggedId } from '#core/ids.ts';
import { childRegions, findRegion, regionPath } from './region-table.ts';

export const regionQueries: Pick<QueryResolvers, 'region'> = {
  region: (_parent, { code }, { principal }) => {
    authorizeRegionRead(principal);
    const region = findRegion(code);
    if (!region) throw BadUserInputError.field('code', `${code} is not a GB/T 2260 division code`);
    return region;
  },
};

export const Region: RegionResolvers = {
  // A division's global id is its code under the region tag (ids.ts): node(id:) reads it back without a read.
  id: (region) => taggedId('region', region.code),
  fullName: (region) => regionPath(region.code).map((ancestor) => ancestor.name).join(' '),
  parent: (region) => (region.parentCode ? (findRegion(region.parentCode) ?? null) : null),
  children: (region) => [...childRegions(region.code)],
};
