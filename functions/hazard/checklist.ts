import * as z from 'zod';
import enterprise from './checklists/enterprise.v1.json' with { type: 'json' };
import gasServiceLine from './checklists/gas-service-line.v1.json' with { type: 'json' };
import oldCompound from './checklists/old-compound.v1.json' with { type: 'json' };
import publicPlace from './checklists/public-place.v1.json' with { type: 'json' };
import restaurant from './checklists/restaurant.v1.json' with { type: 'json' };
import school from './checklists/school.v1.json' with { type: 'json' };
import septicTank from './checklists/septic-tank.v1.json' with { type: 'json' };
import shop from './checklists/shop.v1.json' with { type: 'json' };
import transformerBox from './checklists/transformer-box.v1.json' with { type: 'json' };
import { AQT_ELEMENTS } from '#evidence/model.ts';
import { HAZARD_SOURCE_KINDS, type HazardSourceKind, SUPERVISED_UNIT_KINDS, type SupervisedUnitKind } from './kinds.ts';

/**
 * An inspection checklist (检查表) as data: one JSON file per unit or hazard-source kind
 * (functions/hazard/checklists/), validated by this schema and the integrity checks below when
 * the module loads (checklists.ts), as the scoring sheets are. An inspection answers each item
 * PASS, FAIL or NOT_APPLICABLE, and NOT_APPLICABLE only where the item allows it: an item every
 * unit of the kind must meet ("exits unobstructed") cannot be waved away.
 *
 *   subject   SUPERVISED_UNIT or HAZARD_SOURCE, and the kind of it the checklist is for
 *   items     id (a slug, stable: results name it), text (Chinese) and textEn, the AQ/T 9001
 *             element it bears on (8 monitoring, 3 risk, 7 emergency, 6 training, 10 archives, …),
 *             and whether it may be NOT_APPLICABLE
 *   source    where the texts come from (ours, from common practice, unless it says otherwise)
 */
export const CHECKLIST_SUBJECTS = ['SUPERVISED_UNIT', 'HAZARD_SOURCE'] as const;
export type ChecklistSubject = (typeof CHECKLIST_SUBJECTS)[number];
export type ChecklistKind = SupervisedUnitKind | HazardSourceKind;

export const CHECK_OUTCOMES = ['PASS', 'FAIL', 'NOT_APPLICABLE'] as const;
export type CheckOutcome = (typeof CHECK_OUTCOMES)[number];

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `at most ${max} characters`);
const slug = z.string().regex(/^[a-z][a-z0-9-]{1,39}$/, 'must be a lowercase slug (a-z, 0-9, -), 2 to 40 characters');
const HAN = /\p{Script=Han}/u;

export const checklistItemSchema = z
  .object({
    id: slug,
    text: text(200),
    textEn: text(300),
    element: z.enum(AQT_ELEMENTS),
    notApplicableAllowed: z.boolean(),
    /** When N/A is allowed: which units it does not concern ("no LPG used on the premises"). */
    notApplicableWhen: text(200).optional(),
  })
  .strict();
export type ChecklistItem = z.infer<typeof checklistItemSchema>;

export const checklistSchema = z
  .object({
    subject: z.enum(CHECKLIST_SUBJECTS),
    kind: z.enum([...SUPERVISED_UNIT_KINDS, ...HAZARD_SOURCE_KINDS]),
    version: z.number().int().min(1).max(9999),
    title: text(100),
    titleEn: text(200),
    source: text(1000),
    items: z.array(checklistItemSchema).min(1, 'a checklist has at least one item').max(60, 'at most 60 items'),
  })
  .strict();
export type Checklist = z.infer<typeof checklistSchema>;

export interface ChecklistIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * Validates a checklist: the zod schema, then what it cannot say: the kind is one of its
 * subject's, item ids unique, the Chinese text Chinese and the English text not, N/A explained
 * exactly where it is allowed, and at least one item that is never N/A (an inspection answered
 * N/A throughout records nothing). One issue per path (the first found there), so a file's
 * report lists each place once.
 */
export function validateChecklist(value: unknown): { checklist: Checklist; issues?: undefined } | { checklist?: undefined; issues: ChecklistIssue[] } {
  const parsed = checklistSchema.safeParse(value);
  if (!parsed.success) return { issues: onePerPath(parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }))) };
  const checklist = parsed.data;
  const issues: ChecklistIssue[] = [];
  const kinds: readonly string[] = checklist.subject === 'SUPERVISED_UNIT' ? SUPERVISED_UNIT_KINDS : HAZARD_SOURCE_KINDS;
  if (!kinds.includes(checklist.kind)) issues.push({ path: 'kind', message: `${checklist.kind} is not a kind of ${checklist.subject}: one of ${kinds.join(', ')}` });
  if (!HAN.test(checklist.title)) issues.push({ path: 'title', message: 'the title is written in Chinese (titleEn in English)' });
  if (HAN.test(checklist.titleEn)) issues.push({ path: 'titleEn', message: 'must be English' });
  const ids = new Set<string>();
  checklist.items.forEach((item, index) => {
    if (ids.has(item.id)) issues.push({ path: `items.${index}.id`, message: `${item.id} appears twice` });
    ids.add(item.id);
    if (!HAN.test(item.text)) issues.push({ path: `items.${index}.text`, message: 'the text is written in Chinese (textEn in English)' });
    if (HAN.test(item.textEn)) issues.push({ path: `items.${index}.textEn`, message: 'must be English' });
    if (item.notApplicableAllowed && !item.notApplicableWhen) issues.push({ path: `items.${index}.notApplicableWhen`, message: 'an item that may be N/A says when' });
    if (!item.notApplicableAllowed && item.notApplicableWhen) issues.push({ path: `items.${index}.notApplicableWhen`, message: 'only an item that may be N/A says when' });
  });
  if (checklist.items.every((item) => item.notApplicableAllowed)) issues.push({ path: 'items', message: 'at least one item is never N/A' });
  return issues.length > 0 ? { issues: onePerPath(issues) } : { checklist };
}

function onePerPath(issues: readonly ChecklistIssue[]): ChecklistIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => !seen.has(issue.path) && seen.add(issue.path));
}

/** A checklist's key: `RESTAURANT@1`. */
export const checklistRef = (checklist: Pick<Checklist, 'kind' | 'version'>) => `${checklist.kind}@${checklist.version}`;

export interface CheckResult {
  readonly itemId: string;
  readonly outcome: CheckOutcome;
  /** What was found; required on FAIL (it becomes the hidden danger's "what is wrong"). */
  readonly note?: string | null;
}

/**
 * Whether an inspection's answers fit its checklist: every item answered once, no item the
 * checklist lacks, N/A only on items that allow it, a note on every FAIL. Issues name the field
 * (`results.3.outcome`) as a BAD_USER_INPUT names it.
 */
export function resultIssues(checklist: Checklist, results: readonly CheckResult[]): { readonly field: string; readonly message: string }[] {
  const issues: { field: string; message: string }[] = [];
  const items = new Map(checklist.items.map((item) => [item.id, item]));
  const answered = new Set<string>();
  results.forEach((result, index) => {
    const item = items.get(result.itemId);
    if (!item) {
      issues.push({ field: `results.${index}.itemId`, message: `${checklistRef(checklist)} has no item ${result.itemId}` });
      return;
    }
    if (answered.has(result.itemId)) issues.push({ field: `results.${index}.itemId`, message: `${result.itemId} is answered twice` });
    answered.add(result.itemId);
    if (result.outcome === 'NOT_APPLICABLE' && !item.notApplicableAllowed) issues.push({ field: `results.${index}.outcome`, message: `${result.itemId} applies to every ${checklist.kind}: PASS or FAIL` });
    if (result.outcome === 'FAIL' && !result.note?.trim()) issues.push({ field: `results.${index}.note`, message: 'a failed item says what was found' });
  });
  const missing = checklist.items.filter((item) => !answered.has(item.id)).map((item) => item.id);
  if (missing.length > 0) issues.push({ field: 'results', message: `unanswered: ${missing.join(', ')}` });
  return issues;
}

/**
 * The checklists shipped with the code, validated here at module load: a bad file stops the
 * process that loads it, naming the file and every issue. A file's name is its kind and version
 * (`restaurant.v1.json` holds RESTAURANT@1), so a file cannot hold another kind's list.
 */
const FILES: readonly (readonly [file: string, content: unknown])[] = [
  ['enterprise.v1.json', enterprise],
  ['shop.v1.json', shop],
  ['restaurant.v1.json', restaurant],
  ['school.v1.json', school],
  ['public-place.v1.json', publicPlace],
  ['septic-tank.v1.json', septicTank],
  ['gas-service-line.v1.json', gasServiceLine],
  ['transformer-box.v1.json', transformerBox],
  ['old-compound.v1.json', oldCompound],
];

/** The file name a checklist must have: `public-place.v1.json` for PUBLIC_PLACE@1. */
export const checklistFileName = (checklist: Pick<Checklist, 'kind' | 'version'>) => `${checklist.kind.toLowerCase().replaceAll('_', '-')}.v${checklist.version}.json`;

/** A checklist file's content as a checklist, or an error naming the file and every issue. */
export function loadChecklistFile(file: string, content: unknown): Checklist {
  const result = validateChecklist(content);
  const issues = result.issues ?? (checklistFileName(result.checklist) === file ? [] : [{ path: 'kind', message: `${checklistRef(result.checklist)} belongs in ${checklistFileName(result.checklist)}` }]);
  if (issues.length > 0 || !result.checklist) {
    throw new Error(`functions/hazard/checklists/${file} is not a valid checklist: ${issues.map((issue) => `${issue.path || '(checklist)'}: ${issue.message}`).join('; ')}`);
  }
  return deepFreeze(result.checklist);
}

function deepFreeze(checklist: Checklist): Checklist {
  for (const item of checklist.items) Object.freeze(item);
  Object.freeze(checklist.items);
  return Object.freeze(checklist);
}

let bundled: { readonly all: readonly Checklist[]; readonly byRef: ReadonlyMap<string, Checklist> } | undefined;

/**
 * The checklists bundled with the code, validated on first use (as the scoring sheets are,
 * review/bundled-sheets.ts): zod over every file at the application's load was 8 ms of every
 * cold request, most of which read no checklist. A file that fails still fails the first use.
 */
export function bundledChecklists(): readonly Checklist[] {
  return loadBundled().all;
}

function loadBundled(): { readonly all: readonly Checklist[]; readonly byRef: ReadonlyMap<string, Checklist> } {
  if (bundled) return bundled;
  const all = Object.freeze(FILES.map(([file, content]) => loadChecklistFile(file, content)));
  const byRef = new Map(all.map((checklist) => [checklistRef(checklist), checklist]));
  if (byRef.size !== all.length) throw new Error('functions/hazard/checklists/: two files hold the same checklist version');
  bundled = { all, byRef };
  return bundled;
}

/** The latest bundled checklist of a kind, or undefined (OTHER and kinds without a file: the inspection records no checklist). */
export function bundledChecklist(kind: ChecklistKind, version?: number): Checklist | undefined {
  const { all, byRef } = loadBundled();
  if (version !== undefined) return byRef.get(`${kind}@${version}`);
  return all.filter((checklist) => checklist.kind === kind).reduce<Checklist | undefined>((best, checklist) => (!best || checklist.version > best.version ? checklist : best), undefined);
}
