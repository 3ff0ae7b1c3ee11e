import { existsSync, readFileSync } from 'node:fs';

/**
 * The GB/T 2260 division table (province, city, county, town/street), read lazily from
 * `regions.tsv` beside this module, or beside the bundle in Lambda, where the build copies it.
 * Loading it on first use rather than at import keeps it off the cold start of requests that
 * never touch a region.
 */

export const REGION_LEVELS = ['PROVINCE', 'CITY', 'COUNTY', 'TOWN'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

const LEVEL_BY_LENGTH: Readonly<Record<number, RegionLevel>> = { 2: 'PROVINCE', 4: 'CITY', 6: 'COUNTY', 9: 'TOWN' };
const PARENT_LENGTHS: Readonly<Record<RegionLevel, readonly number[]>> = {
  PROVINCE: [],
  CITY: [2],
  COUNTY: [4, 2],
  TOWN: [6, 4, 2],
};

export interface Region {
  readonly code: string;
  readonly name: string;
  readonly level: RegionLevel;
  readonly parentCode: string | null;
}

interface RegionIndex {
  readonly byCode: ReadonlyMap<string, Region>;
  readonly childrenByCode: ReadonlyMap<string, readonly Region[]>;
}

let index: RegionIndex | undefined;

export function regionLevelOf(code: string): RegionLevel | undefined {
  return /^\d+$/.test(code) ? LEVEL_BY_LENGTH[code.length] : undefined;
}

function load(): RegionIndex {
  // Beside the source module it sits in data/; the Lambda build copies it next to the bundle.
  // Beside the source (data/), beside a single-file bundle, or beside the entry of a code-split one (this module in chunks/).
  const candidates = ['./data/regions.tsv', './regions.tsv', '../regions.tsv'].map((path) => new URL(path, import.meta.url));
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) throw new Error(`region table not found (looked at ${candidates.join(', ')})`);
  const tsv = readFileSync(found, 'utf8');
  const byCode = new Map<string, Region>();
  const childrenByCode = new Map<string, Region[]>();
  // Rows are sorted by code, so every parent is indexed before its children.
  for (const line of tsv.split('\n')) {
    if (!line) continue;
    const tab = line.indexOf('\t');
    const code = line.slice(0, tab);
    const level = regionLevelOf(code);
    if (!level) continue;
    const parentCode = PARENT_LENGTHS[level].map((length) => code.slice(0, length)).find((c) => byCode.has(c)) ?? null;
    const region: Region = { code, name: line.slice(tab + 1), level, parentCode };
    byCode.set(code, region);
    if (parentCode) {
      const siblings = childrenByCode.get(parentCode);
      if (siblings) siblings.push(region);
      else childrenByCode.set(parentCode, [region]);
    }
  }
  return { byCode, childrenByCode };
}

function regions(): RegionIndex {
  index ??= load();
  return index;
}

export function findRegion(code: string): Region | undefined {
  return regions().byCode.get(code);
}

export function childRegions(code: string): readonly Region[] {
  return regions().childrenByCode.get(code) ?? [];
}

/** Every province's code (2 digits), in code order: the national centre's reads go province by province. */
export function provinceCodes(): readonly string[] {
  provinces ??= [...regions().byCode.values()].filter((region) => region.level === 'PROVINCE').map((region) => region.code);
  return provinces;
}
let provinces: readonly string[] | undefined;

/** The region and its ancestors, province first. */
export function regionPath(code: string): readonly Region[] {
  const path: Region[] = [];
  for (let region = findRegion(code); region; region = region.parentCode ? findRegion(region.parentCode) : undefined) {
    path.unshift(region);
  }
  return path;
}
