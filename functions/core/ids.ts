import { createHash, randomUUID } from 'node:crypto';
import * as z from 'zod';
import { BadUserInputError } from './errors.ts';

/**
 * The id rule. Every id the platform issues is a tagged UUID, `inc_<uuid>` (a survey's is
 * `svy_<communityId>:<year>`, see NODE_KINDS below), and older ones are bare UUIDs, so an id is
 * 1 to 64 characters: letters, digits and `-`, `_`, `.`, `:`, starting with a letter or
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

/**
 * Global object identification. Every entity id is born type-tagged, `<tag>_<uuid>` (e.g.
 * `inc_0b6d…`): the stored id, the API's id and the global id of `node(id)` are one string, so
 * nothing translates between them. Clients treat ids as opaque; the tag is what lets `node(id)`
 * find the type of a record without reading it. Ids made before tags (and ids tests make up)
 * still pass the id rule above and name their records everywhere; `node()` answers NOT_FOUND.
 */
export const NODE_KINDS = {
  community: { tag: 'com', type: 'Community' },
  incident: { tag: 'inc', type: 'Incident' },
  project: { tag: 'prj', type: 'Project' },
  intervention: { tag: 'itv', type: 'Intervention' },
  activity: { tag: 'act', type: 'Activity' },
  survey: { tag: 'svy', type: 'Survey' },
  certification: { tag: 'cer', type: 'Certification' },
  assessment: { tag: 'asm', type: 'Assessment' },
  evidence: { tag: 'evd', type: 'Evidence' },
  auditEntry: { tag: 'aud', type: 'AuditEntry' },
  notification: { tag: 'ntf', type: 'Notification' },
  gridCell: { tag: 'grd', type: 'GridCell' },
  hazardSource: { tag: 'hzs', type: 'HazardSource' },
  supervisedUnit: { tag: 'unt', type: 'SupervisedUnit' },
  hiddenDanger: { tag: 'hdg', type: 'HiddenDanger' },
  inspection: { tag: 'ins', type: 'Inspection' },
  residentReport: { tag: 'rpt', type: 'ResidentReport' },
  reviewPack: { tag: 'pck', type: 'ReviewPack' },
  importJob: { tag: 'imj', type: 'IncidentImportJob' },
  region: { tag: 'rgn', type: 'Region' },
} as const satisfies Record<string, { readonly tag: string; readonly type: string }>;

export type NodeKind = keyof typeof NODE_KINDS;
export type NodeTypeName = (typeof NODE_KINDS)[NodeKind]['type'];

const KIND_OF_TAG: ReadonlyMap<string, NodeKind> = new Map(Object.entries(NODE_KINDS).map(([kind, { tag }]) => [tag, kind as NodeKind]));

/** `<tag>_<suffix>`: the tagged id of a record of `kind` whose own part is `suffix` (a UUID, a survey's `<communityId>:<year>`, a region code). */
export function taggedId(kind: NodeKind, suffix: string): string {
  return `${NODE_KINDS[kind].tag}_${suffix}`;
}

/** A new record's id: a random UUID under its kind's tag. */
export function newId(kind: NodeKind): string {
  return taggedId(kind, randomUUID());
}

/** The kind an id was born as (the tag before its first `_`); undefined for an untagged id or an unknown tag. */
export function nodeKindOf(id: string): NodeKind | undefined {
  const separator = id.indexOf('_');
  if (separator <= 0) return undefined;
  return KIND_OF_TAG.get(id.slice(0, separator));
}

/** A UUID derived from `name` (RFC 9562 version 8, SHA-256 of the name): the same name always gives the same UUID. */
export function nameBasedUuid(name: string): string {
  const hex = createHash('sha256').update(name).digest('hex');
  const variant = ((Number.parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * An audit entry's id. Entries are stored under their record's history (keys.ts auditKeys), not
 * under their id, so the id carries where the entry is also listed: its province's log (gsi2,
 * partition by the region's first 2 digits, sorted by `<at>#<id>`). `aud_<province>.<at as 17
 * digits>.<uuid>` (61 characters) lets `node(id)` read the entry with one Query of one item. An
 * entry of no region (a scoring sheet's publication) has province `00` and is in no log.
 */
export function auditEntryId(regionCode: string, at: string, uuid: string = randomUUID()): string {
  const province = /^\d{2}/.test(regionCode) ? regionCode.slice(0, 2) : '00';
  return taggedId('auditEntry', `${province}.${at.replace(/\D/g, '').slice(0, 17).padEnd(17, '0')}.${uuid}`);
}

/** Where an audit entry id says its entry is listed: its province's log at `<at>`; undefined for any other id. */
export function auditEntryLocation(id: string): { readonly province: string; readonly at: string } | undefined {
  const match = /^aud_(\d{2})\.(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{3})\.[0-9a-f-]{36}$/.exec(id);
  if (!match || match[1] === '00') return undefined;
  const [, province, year, month, day, hour, minute, second, millisecond] = match;
  return { province: province as string, at: `${year}-${month}-${day}T${hour}:${minute}:${second}.${millisecond}Z` };
}

/** A survey's id is its community and year under its tag (`svy_<communityId>:<year>`): a second survey of a year cannot be created. */
export const surveyId = (communityId: string, year: number) => taggedId('survey', `${communityId}:${year}`);

/**
 * The audit entry of an incident's correction or deletion, named beforehand so the incident can
 * list its entries (`changeKeys`): an audit entry id (auditEntryId, where it is listed) around a
 * name-based UUID of the incident, kind and version, so it is unique among all audit entries and
 * the same whenever it is derived. (Here, not in db/keys.ts: that module holds constants and key
 * shapes only, which infra/ reads.)
 */
export const incidentChangeEntryId = (incidentId: string, regionCode: string, at: string, kind: 'CORRECTED' | 'DELETED', version: number): string =>
  auditEntryId(regionCode, at, nameBasedUuid(`incident-change\u0000${incidentId}\u0000${kind}\u0000${version}`));
