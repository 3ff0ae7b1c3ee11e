import city from './sheets/city.v1.json' with { type: 'json' };
import isccc from './sheets/isccc.v1.json' with { type: 'json' };
import nationalOnsite from './sheets/national-onsite.v1.json' with { type: 'json' };
import type { CertificationLevel } from '#certification/model.ts';
import { type ScoringSheet, sheetRef, validateSheet } from './sheet.ts';

/**
 * The sheet versions shipped with the code (functions/review/sheets/): validated on first use
 * (bundledSheets), a bad file failing with the file's name and every issue. An
 * ADMIN publishes later versions to the table (sheet-service.ts); a bundled version can never be
 * published over.
 */
const FILES: readonly (readonly [file: string, content: unknown])[] = [
  ['national-onsite.v1.json', nationalOnsite],
  ['city.v1.json', city],
  ['isccc.v1.json', isccc],
];

/** A sheet file's content as a sheet, or an error naming the file and every issue. */
export function loadSheetFile(file: string, content: unknown): ScoringSheet {
  const result = validateSheet(content);
  if (result.issues) {
    throw new Error(`functions/review/sheets/${file} is not a valid scoring sheet: ${result.issues.map((issue) => `${issue.path || '(sheet)'}: ${issue.message}`).join('; ')}`);
  }
  return Object.freeze(result.sheet);
}

let loaded: { readonly sheets: readonly ScoringSheet[]; readonly byRef: ReadonlyMap<string, ScoringSheet> } | undefined;

/**
 * The bundled sheets, validated on first use rather than at module load: validating three sheets
 * with zod cost every cold start of the GraphQL function 50 ms (bench/, foundation) though few
 * requests read a sheet. A bad file still fails every request that reads one, naming the file,
 * and tests/unit/suggestions.test.ts loads them all.
 */
function load(): NonNullable<typeof loaded> {
  if (loaded) return loaded;
  const sheets = Object.freeze(FILES.map(([file, content]) => loadSheetFile(file, content)));
  const byRef = new Map(sheets.map((sheet) => [sheetRef(sheet), sheet]));
  if (byRef.size !== sheets.length) throw new Error('functions/review/sheets/: two files hold the same sheet version');
  loaded = { sheets, byRef };
  return loaded;
}

/** Every bundled sheet version. */
export const bundledSheets = (): readonly ScoringSheet[] => load().sheets;

/** The bundled sheet `id@version`, or undefined. */
export const bundledSheet = (id: string, version: number): ScoringSheet | undefined => load().byRef.get(`${id}@${version}`);

/** The highest bundled version of a sheet, or undefined. */
export const latestBundledSheet = (id: string): ScoringSheet | undefined =>
  bundledSheets().filter((sheet) => sheet.id === id).reduce<ScoringSheet | undefined>((best, sheet) => (!best || sheet.version > best.version ? sheet : best), undefined);

/** The sheet a self-assessment of a level is made on by default (its latest version). */
export const DEFAULT_SHEET_IDS: Readonly<Record<CertificationLevel, string>> = {
  NATIONAL: 'national-onsite',
  CITY: 'city',
  INTERNATIONAL: 'isccc',
};
