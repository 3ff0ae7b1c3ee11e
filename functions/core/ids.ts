import * as z from 'zod';
import { BadUserInputError } from './errors.ts';

/**
 * The id rule. Every id the platform issues is a UUID (a survey's is `<communityId>:<year>`), so
 * an id is 1 to 64 characters: letters, digits and `-`, `_`, `.`, `:`, starting with a letter or
 * a digit. A value outside the rule cannot name anything: it is BAD_USER_INPUT naming the argument
 * or input field, refused before any read. A value inside it that names nothing (or nothing the
 * caller may see) is NOT_FOUND, as before. Keys are built as `<KIND>#<id>`, so `#` never occurs
 * in an id, and no id comes near DynamoDB's 2,048-byte key limit.
 */
export const MAX_ID_LENGTH = 64;
const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;
const ID_MESSAGE = `must be an id: 1 to ${MAX_ID_LENGTH} letters, digits, '-', '_', '.' or ':'`;

/** Why `value` cannot be an id, or undefined when it can. */
export function idIssue(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_ID_LENGTH || !ID.test(value)) return ID_MESSAGE;
  return undefined;
}

/** The shared zod schema of an id field (`communityId`, `input.id`, `ownerId`, …). */
export const idSchema = z.string().refine((value) => idIssue(value) === undefined, ID_MESSAGE);

/** An id argument checked by the rule: the id, or BAD_USER_INPUT naming `field`. */
export function parseId(value: unknown, field: string): string {
  const issue = idIssue(value);
  if (issue) throw BadUserInputError.field(field, issue);
  return value as string;
}
