import { existsSync, readFileSync } from 'node:fs';

/**
 * The GB/T 2260 division table (province, city, county, town/street), read lazily from
 * `regions.tsv` beside this module, or beside the bundle in Lambda, where the build copies it.
 * Loading it on first use rather than at import keeps it off the cold start of requests that
 * never touch a region.
 *
 * One region by its code (`findRegion`, `regionPath`: what a community's `region` and most reads
 * need) is a binary search of the table's text, whose rows are sorted by code: a request's first
 * lookup reads the file and nothing more. The whole index of 44,703 regions and their children is
 * built only for what needs it (`childRegions`, `provinceCodes`): building it was 120 ms and most
 * of the garbage collection of a cold `community(id)`.
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
let table: Buffer | undefined;
/** Regions found by search before the index is built, by code (at most the table's rows; a code not found is searched again). */
const searched = new Map<string, Region>();

export function regionLevelOf(code: string): RegionLevel | undefined {
  return /^\d+$/.test(code) ? LEVEL_BY_LENGTH[code.length] : undefined;
}

/** The table's bytes: UTF-8 rows `code<TAB>name`, sorted by code (scripts/build-regions.ts writes it so). */
function tableBytes(): Buffer {
  if (table !== undefined) return table;
  // Beside the source (data/), beside a single-file bundle, or beside the entry of a code-split one (this module in chunks/).
  const candidates = ['./data/regions.tsv', './regions.tsv', '../regions.tsv'].map((path) => new URL(path, import.meta.url));
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) throw new Error(`region table not found (looked at ${candidates.join(', ')})`);
  table = readFileSync(found);
  return table;
}

function load(): RegionIndex {
  const tsv = tableBytes().toString('utf8');
  const byCode = new Map<string, Region>();
  const childrenByCode = new Map<string, Region[]>();
  // Rows are sorted by code, so every parent is indexed before its children.
  for (const line of tsv.split('\n')) {
    if (!line) continue;
    const tab = line.indexOf('\t');
    const code = line.slice(0, tab);
    const level = regionLevelOf(code);
    if (!level) continue;
    const parentCode = nearestParent(code, level, (candidate) => byCode.has(candidate));
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

/** A region's parent: the nearest ancestor the table has (a town under a city without counties has the city). */
function nearestParent(code: string, level: RegionLevel, exists: (code: string) => boolean): string | null {
  return PARENT_LENGTHS[level].map((length) => code.slice(0, length)).find(exists) ?? null;
}

function regions(): RegionIndex {
  index ??= load();
  return index;
}

const NEWLINE = 0x0a;
const TAB = 0x09;

/**
 * The name of the row with this code, by binary search over the sorted rows of the table's bytes
 * (codes are ASCII digits, so byte order is code order); only the row found is decoded.
 */
function nameInTable(bytes: Buffer, code: string): string | undefined {
  let low = 0;
  let high = bytes.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const start = middle === 0 ? 0 : bytes.lastIndexOf(NEWLINE, middle - 1) + 1;
    let end = bytes.indexOf(NEWLINE, start);
    if (end < 0) end = bytes.length;
    if (end === start) {
      high = start;
      continue;
    }
    let tab = bytes.indexOf(TAB, start);
    if (tab < 0 || tab > end) tab = end;
    const rowCode = bytes.toString('latin1', start, tab);
    if (rowCode === code) return bytes.toString('utf8', Math.min(tab + 1, end), end);
    if (rowCode < code) low = end + 1;
    else high = start;
  }
  return undefined;
}

export function findRegion(code: string): Region | undefined {
  if (index) return index.byCode.get(code);
  const known = searched.get(code);
  if (known) return known;
  const level = regionLevelOf(code);
  const name = level ? nameInTable(tableBytes(), code) : undefined;
  if (!level || name === undefined) return undefined;
  const parentCode = nearestParent(code, level, (candidate) => findRegion(candidate) !== undefined);
  const region: Region = { code, name, level, parentCode };
  searched.set(code, region);
  return region;
}

/** Whether the whole index has been built (tests: a lookup by code does not build it). */
export function regionIndexBuilt(): boolean {
  return index !== undefined;
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
