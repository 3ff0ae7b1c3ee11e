import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { packedJson, unpackedJson } from '#core/db/packed.ts';

describe('a list kept as gzipped JSON in one attribute', () => {
  const rows = Array.from({ length: 49 }, (_, n) => ({ id: `inc_${n}`, description: `第${n}号 老人在家中跌倒（镕、堃、𠀀）`, injured: n % 3, deaths: null }));

  it('reads back as written, Chinese text and astral characters included, in a tenth of the bytes', () => {
    const packed = packedJson(rows);
    expect(unpackedJson(packed)).toEqual(rows);
    expect(packed.length).toBeLessThan(JSON.stringify(rows).length / 5);
  });

  it('reads what was stored before it: plain JSON text, a list as DynamoDB returns it', () => {
    expect(unpackedJson(JSON.stringify(rows))).toEqual(rows);
    expect(unpackedJson(rows)).toEqual(rows);
    expect(unpackedJson(undefined)).toBeUndefined();
  });

  it('refuses bytes that are not gzipped JSON rather than reading them as something else', () => {
    expect(() => unpackedJson(new TextEncoder().encode('[1,2,3]'))).toThrow();
    expect(() => unpackedJson(gzipSync('not json'))).toThrow(SyntaxError);
  });
});
