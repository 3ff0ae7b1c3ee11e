import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApolloServerErrorCode } from '@apollo/server/errors';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '#core/errors.ts';
import { PUBLIC_ERROR_CODES } from '#graphql/error-codes.ts';

/**
 * The list of error codes (the README's table) against the code: every code an AppError, a
 * refusal of the doors or the limits, or Apollo Server can put in `extensions.code` is listed,
 * with a status and when it happens.
 */
const FUNCTIONS = fileURLToPath(new URL('../../functions/', import.meta.url));

function sources(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' || entry.name === 'client' ? [] : sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The codes the functions set: `code: 'X'` in an error's extensions or a refusal, `code = 'X'` in an AppError class. */
function codesInTheCode(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of sources(FUNCTIONS)) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/\bcode(?:: | = )'([A-Z][A-Z_]+)'/g)) found.set(match[1]!, file.slice(FUNCTIONS.length));
  }
  return found;
}

describe('the error codes', () => {
  const listed = new Set(PUBLIC_ERROR_CODES.map((entry) => entry.code));

  it('lists every code the functions set', () => {
    const found = codesInTheCode();
    expect(found.size).toBeGreaterThan(5);
    const missing = [...found].filter(([code]) => !listed.has(code)).map(([code, file]) => `${code} (${file})`);
    expect(missing).toEqual([]);
  });

  it('lists every AppError code and every code of Apollo Server', () => {
    for (const code of [...ERROR_CODES, ...Object.values(ApolloServerErrorCode)]) expect(listed, code).toContain(code);
  });

  it("is the README's table: each code in it with its status, and no code the list lacks", () => {
    const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
    const table = readme.slice(readme.indexOf('| `extensions.code` | HTTP status | When |')).split('\n\n', 1)[0] ?? '';
    const rows = [...table.matchAll(/^\| `([A-Z][A-Z_]+)` \| ([^|]+) \|/gm)].map((row) => [row[1]!, row[2]!.trim()] as const);
    expect(rows.map(([code]) => code).sort()).toEqual([...listed].sort());
    for (const [code, status] of rows) expect(status, code).toContain(PUBLIC_ERROR_CODES.find((entry) => entry.code === code)!.status);
  });

  it('lists each code once, with a status and when it happens', () => {
    expect(PUBLIC_ERROR_CODES.length).toBe(listed.size);
    for (const entry of PUBLIC_ERROR_CODES) {
      expect(entry.status, entry.code).toMatch(/\d{3}/);
      expect(entry.when.length, entry.code).toBeGreaterThan(20);
    }
  });
});
