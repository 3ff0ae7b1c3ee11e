import * as z from 'zod';

/**
 * Free text as the platform stores it: the one rule every string field of every input follows
 * (names, file names, descriptions, reasons, external ids). What no field takes:
 *
 * - control characters: NUL and the rest of C0 (a terminal obeys ESC sequences), DEL, C1; a long
 *   text keeps its line breaks (CRLF and CR become LF) and tabs, a single-line name takes neither;
 * - lone surrogates (half a UTF-16 pair: not a character, and not valid UTF-8 once stored);
 * - text-direction controls (U+202E shows `report\u202Efdp.exe` as `reportexe.pdf`): embeddings,
 *   overrides, isolates and the invisible direction marks;
 * - noncharacters (U+FFFE, U+FFFF, U+FDD0–U+FDEF);
 * - text that is empty once spaces and invisible characters (zero-width spaces and joiners,
 *   word joiners, BOMs, soft hyphens, Hangul fillers…) are taken away.
 *
 * Zero-width joiners inside visible text stay (emoji sequences need them).
 */

const C0_C1_EXCEPT_TAB_LF = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/u;
const LINE_BREAK_OR_TAB = /[\t\n\u2028\u2029]/u;
const DIRECTION_CONTROL = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
const LONE_SURROGATE = /\p{Cs}/u;
const NONCHARACTER = /[\uFDD0-\uFDEF\uFFFE\uFFFF]/u;
/** Whitespace, format characters (zero-width, BOM, soft hyphen, …) and the blank-looking letters. */
const INVISIBLE = /[\s\p{Cf}\u034F\u115F\u1160\u17B4\u17B5\u180B-\u180F\u2800\u3164\uFE00-\uFE0F\uFFA0]/gu;

export interface TextRule {
  /** Whether line breaks and tabs are allowed (long texts) or refused (names, single-line values). */
  readonly multiline: boolean;
}

const codePoint = (character: string): string => `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/** Why `value` is not acceptable text, or undefined when it is. Messages never quote the value. */
export function textIssue(value: string, rule: TextRule): string | undefined {
  const control = C0_C1_EXCEPT_TAB_LF.exec(value);
  if (control) return `must not contain control characters (${codePoint(control[0])})`;
  if (!rule.multiline) {
    const lineBreak = LINE_BREAK_OR_TAB.exec(value);
    if (lineBreak) return `must be a single line, without line breaks or tabs (${codePoint(lineBreak[0])})`;
  }
  const surrogate = LONE_SURROGATE.exec(value);
  if (surrogate) return `must not contain a lone surrogate (${codePoint(surrogate[0])}): the text is not valid Unicode`;
  const direction = DIRECTION_CONTROL.exec(value);
  if (direction) return `must not contain text-direction controls (${codePoint(direction[0])})`;
  const nonCharacter = NONCHARACTER.exec(value);
  if (nonCharacter) return `must not contain noncharacters (${codePoint(nonCharacter[0])})`;
  return undefined;
}

/** True when nothing visible is left once spaces and invisible characters are taken away. */
export function isBlank(value: string): boolean {
  return value.replace(INVISIBLE, '') === '';
}

function textSchema(max: number, rule: TextRule) {
  const schema = rule.multiline ? z.string().overwrite((value) => value.replace(/\r\n?/g, '\n')) : z.string();
  return schema
    .trim()
    .superRefine((value, context) => {
      const issue = textIssue(value, rule);
      if (issue) context.addIssue({ code: 'custom', message: issue, continue: false });
      else if (isBlank(value)) context.addIssue({ code: 'custom', message: 'must not be empty', continue: false });
    })
    .max(max, `at most ${max} characters`);
}

/** A single-line text: a name, a unit, an organisation, a file name. Trimmed; at most `max` UTF-16 units. */
export const line = (max: number) => textSchema(max, { multiline: false });

/** A long text: a description, findings, an outcome, a reason. Keeps line breaks (as LF) and tabs; trimmed. */
export const prose = (max: number) => textSchema(max, { multiline: true });
