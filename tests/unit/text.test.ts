import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvLine, neutraliseCell, toCsvText } from '#core/csv.ts';
import { briefMessage, MAX_MESSAGE_LENGTH, NotFoundError, QUOTE_PREFIX } from '#core/errors.ts';
import { idIssue } from '#core/ids.ts';
import { cursorIssue, encodeCursor } from '#core/pagination.ts';
import { isBlank, line, prose, textIssue } from '#core/text.ts';

/** The shared rules in core, offline: text, ids and cursors, brief messages, CSV cells. */
describe('the text rule (core/text.ts)', () => {
  const name = line(100);
  const description = prose(2000);

  it.each([
    ['NUL', 'abc\u0000def', 'U+0000'],
    ['ESC (a terminal escape sequence)', '\u001b[2J\u001b[31m清屏', 'U+001B'],
    ['BEL', 'ding\u0007', 'U+0007'],
    ['DEL', 'a\u007fb', 'U+007F'],
    ['a C1 control (CSI)', 'a\u009bb', 'U+009B'],
    ['a lone high surrogate', 'a\ud800b', 'U+D800'],
    ['a lone low surrogate', '\udc00社区', 'U+DC00'],
    ['a right-to-left override', 'report\u202efdp.exe', 'U+202E'],
    ['a right-to-left isolate', '\u2067abc\u2069', 'U+2067'],
    ['a right-to-left mark', 'a\u200fb', 'U+200F'],
    ['a noncharacter', 'a\uffffb', 'U+FFFF'],
  ])('refuses %s in names and in long texts, naming the code point', (_label, value, codePoint) => {
    for (const schema of [name, description]) {
      const result = schema.safeParse(value);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toContain(codePoint);
    }
  });

  it.each([
    ['zero-width spaces', '\u200b\u200b\u200b'],
    ['a BOM and a word joiner', '\ufeff\u2060'],
    ['ideographic spaces and a zero-width joiner', '\u3000\u200d\u3000'],
    ['a Hangul filler', '\u3164'],
    ['spaces only', '   '],
  ])('refuses text that is only %s as empty', (_label, value) => {
    expect(isBlank(value)).toBe(true);
    expect(name.safeParse(value).error?.issues[0]?.message).toBe('must not be empty');
    expect(description.safeParse(value).error?.issues[0]?.message).toBe('must not be empty');
  });

  it('keeps line breaks and tabs in long texts (CRLF and CR as LF), refuses them in names', () => {
    expect(description.parse('第一行\r\n第二行\r第三行\n\t缩进')).toBe('第一行\n第二行\n第三行\n\t缩进');
    for (const value of ['何楼\n街道', '何楼\t街道', '何楼\r街道', '何楼\u2028街道']) {
      expect(name.safeParse(value).success, JSON.stringify(value)).toBe(false);
    }
  });

  it('accepts ordinary Chinese, emoji (with joiners), and punctuation, trimmed', () => {
    expect(name.parse('  西城街道办事处（试点）  ')).toBe('西城街道办事处（试点）');
    expect(name.parse('家庭👨‍👩‍👧安全')).toBe('家庭👨‍👩‍👧安全');
    expect(textIssue('=HYPERLINK("x")', { multiline: false })).toBeUndefined();
    expect(name.safeParse('x'.repeat(101)).error?.issues[0]?.message).toBe('at most 100 characters');
  });
});

describe('the id and cursor rules (core/ids.ts, core/pagination.ts)', () => {
  it('takes UUIDs, survey ids and short names; refuses long, empty and odd values', () => {
    for (const id of ['52f5e748-02df-4b9d-85c6-6502a92aed5c', '52f5e748-02df-4b9d-85c6-6502a92aed5c:2010', 'no-such-community']) {
      expect(idIssue(id), id).toBeUndefined();
    }
    for (const id of ['', 'x'.repeat(65), 'x'.repeat(3000), 'COMMUNITY#x', 'a b', '../etc', '社区', 'a\u0000']) {
      expect(idIssue(id), id.slice(0, 20)).toBeDefined();
    }
  });

  it('takes the cursors listings issue; refuses 1 MB and non-base64url values', () => {
    expect(cursorIssue(encodeCursor('371702002#52f5e748-02df-4b9d-85c6-6502a92aed5c'))).toBeUndefined();
    expect(cursorIssue('A'.repeat(1_000_000))).toBeDefined();
    expect(cursorIssue('not a cursor!')).toBeDefined();
    expect(cursorIssue('')).toBeDefined();
  });
});

describe('brief messages (core/errors.ts)', () => {
  it('quotes a 1 MB value as a short prefix, twice over in 1 KB', () => {
    const huge = 'y'.repeat(1_000_000);
    const graphqlMessage = `Variable "$f" got invalid value "${huge}"; Int cannot represent non-integer value: "${huge}"`;
    const started = performance.now();
    const brief = briefMessage(graphqlMessage);
    expect(performance.now() - started).toBeLessThan(500);
    expect(brief.length).toBeLessThan(200);
    expect(brief).toBe(`Variable "$f" got invalid value "${'y'.repeat(QUOTE_PREFIX)}…"; Int cannot represent non-integer value: "${'y'.repeat(QUOTE_PREFIX)}…"`);
  });

  it('cuts unquoted echoes and caps every message; short messages stay as they are', () => {
    expect(briefMessage(`code: ${'9'.repeat(100_000)} is not a GB/T 2260 division code`)).toBe(`code: ${'9'.repeat(QUOTE_PREFIX)}… is not a GB/T 2260 division code`);
    expect(briefMessage('word '.repeat(1000)).length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH + 1);
    const ordinary = 'input.stage: cannot move from PLANNED to DESIGNATED; allowed: LAUNCHED';
    expect(briefMessage(ordinary)).toBe(ordinary);
    expect(new NotFoundError('community', 'x'.repeat(5000)).message.length).toBeLessThan(100);
  });

  it('never cuts a surrogate pair in half', () => {
    const brief = briefMessage(`"${'😀'.repeat(100)}"`);
    expect(brief).not.toMatch(/\p{Cs}/u);
  });
});

describe('CSV cells (core/csv.ts)', () => {
  it("prefixes ' to text that starts with =, +, -, @, tab or CR (OWASP), and nothing else", () => {
    expect(['=1+1', '+86 10', '-2+3', '@SUM(A1)', '\tx', '\rx'].map(neutraliseCell)).toEqual(["'=1+1", "'+86 10", "'-2+3", "'@SUM(A1)", "'\tx", "'\rx"]);
    expect(['西城街道', 'a=b', ' =x', '', '2009'].map(neutraliseCell)).toEqual(['西城街道', 'a=b', ' =x', '', '2009']);
  });

  it('writes numbers as numbers (negative ones too) and reads back with a real parser', () => {
    const text = toCsvText(
      [
        ['地区 Region', '同比% Change %', 'note'],
        ['牡丹区', -12.1, '=HYPERLINK("http://evil.example","点我")'],
        ['西城街道, 菏泽', 0, '-"quoted"\n第二行'],
      ],
      { bom: true, crlf: true },
    );
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text).toContain('\r\n');
    expect(text).toContain(',-12.1,');
    const rows = parse(text, { bom: true }) as string[][];
    expect(rows).toEqual([
      ['地区 Region', '同比% Change %', 'note'],
      ['牡丹区', '-12.1', '\'=HYPERLINK("http://evil.example","点我")'],
      ['西城街道, 菏泽', '0', '\'-"quoted"\n第二行'],
    ]);
    expect(csvLine(['@x', 1, null])).toBe("'@x,1,\n");
  });
});
