import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { childRegions, findRegion, type Region, regionIndexBuilt, regionPath } from '#region/region-table.ts';

/**
 * A region by its code is found by a binary search of the table's sorted text, not by building
 * the index of all 44,703 regions (region-table.ts): here the search is held to the index for
 * every row, and for codes the table does not have. The file's module state is this test's own
 * (vitest isolates each file), so the first lookups run before anything has built the index.
 */
const rows = readFileSync(new URL('../../functions/region/data/regions.tsv', import.meta.url), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => line.split('\t') as [string, string]);

describe('the region table (region-table.ts)', () => {
  it('finds every region by its code without building the index, as the index has it', () => {
    const searched = new Map<string, Region | undefined>(rows.map(([code]) => [code, findRegion(code)]));
    const paths = ['110101001', '441900003', '429004', '65'].map((code) => regionPath(code).map((region) => region.code));
    const missing = ['', '1', '99', '11010', '1101011', '110101001999', '99999999', 'abc', '110101 '].map((code) => findRegion(code));
    expect(regionIndexBuilt()).toBe(false);

    childRegions('11');
    expect(regionIndexBuilt()).toBe(true);
    for (const [code, name] of rows) {
      expect(searched.get(code), code).toEqual(findRegion(code));
      expect(searched.get(code)?.name, code).toBe(name);
    }
    expect(paths).toEqual(['110101001', '441900003', '429004', '65'].map((code) => regionPath(code).map((region) => region.code)));
    expect(paths[0]).toEqual(['11', '1101', '110101', '110101001']);
    expect(missing).toEqual(missing.map(() => undefined));
  });
});
