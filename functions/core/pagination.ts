import { BadUserInputError } from './errors.ts';

/**
 * Relay cursor connections. A cursor is the opaque, base64url-encoded sort position of a node
 * within its listing; the listing checks that a cursor it is given belongs to it.
 */
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
/**
 * The longest cursor a listing issues, with room to spare: a position is a sort key of at most
 * a date, a region code and an id (about 100 characters), base64url-encoded. Anything longer, or
 * with characters base64url has not, is no cursor of ours: BAD_USER_INPUT naming `after`, before
 * any read.
 */
export const MAX_CURSOR_LENGTH = 512;
const CURSOR = /^[A-Za-z0-9_-]+$/;
const CURSOR_MESSAGE = 'is not a cursor this listing issued';

/** Why `value` cannot be a cursor, or undefined when it can (whether it belongs to the listing is the listing's check). */
export function cursorIssue(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > MAX_CURSOR_LENGTH || !CURSOR.test(value)) return CURSOR_MESSAGE;
  return undefined;
}

export interface PageRequest {
  readonly first: number;
  readonly after?: string;
}

export interface Edge<T> {
  readonly cursor: string;
  readonly node: T;
}

export interface Connection<T> {
  readonly edges: readonly Edge<T>[];
  readonly pageInfo: {
    readonly hasNextPage: boolean;
    readonly hasPreviousPage: boolean;
    readonly startCursor: string | null;
    readonly endCursor: string | null;
  };
  /** Resolved only when the query asks for it: counting costs reads. */
  readonly totalCount: () => Promise<number>;
}

export function pageRequest(first: number | null | undefined, after: string | null | undefined): PageRequest {
  const size = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE_SIZE) {
    throw BadUserInputError.field('first', `must be a whole number from 0 to ${MAX_PAGE_SIZE}`);
  }
  if (after != null && cursorIssue(after)) throw BadUserInputError.field('after', CURSOR_MESSAGE);
  return after == null ? { first: size } : { first: size, after };
}

export function encodeCursor(position: string): string {
  return Buffer.from(position, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string {
  if (cursorIssue(cursor)) throw BadUserInputError.field('after', CURSOR_MESSAGE);
  const position = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!position || encodeCursor(position) !== cursor) {
    throw BadUserInputError.field('after', CURSOR_MESSAGE);
  }
  return position;
}

export function connectionOf<T>(
  page: readonly { position: string; node: T }[],
  hasNextPage: boolean,
  hadCursor: boolean,
  totalCount: () => Promise<number>,
): Connection<T> {
  const edges = page.map(({ position, node }) => ({ cursor: encodeCursor(position), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage,
      hasPreviousPage: hadCursor,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount,
  };
}

/**
 * A page of a small, fully loaded list (an editor's communities, a community's projects):
 * entries sorted by position, the cursor is the last position seen.
 */
export function pageInMemory<T>(entries: readonly { position: string; node: T }[], page: PageRequest): Connection<T> {
  const ordered = [...entries].sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
  const after = page.after === undefined ? undefined : decodeCursor(page.after);
  const rest = after === undefined ? ordered : ordered.filter((entry) => entry.position > after);
  return connectionOf(rest.slice(0, page.first), rest.length > page.first, after !== undefined, async () => ordered.length);
}
