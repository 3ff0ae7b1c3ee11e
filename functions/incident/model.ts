import { auditKeys } from '#core/db/keys.ts';
import { incidentChangeEntryId } from '#core/ids.ts';
import { createHash } from 'node:crypto';
import * as z from 'zod';
import { count, fen, line, prose, recordId, versionNumber } from '#core/taxonomy.ts';

/**
 * Accident and injury records (事故与伤害记录, AQ/T 9001 element 9). The classification follows
 * China's national injury surveillance card (全国伤害监测报告卡): the cause (mechanism) and the
 * intent are kept apart, with the place and the activity at the time. Work-related accidents
 * also carry their GB 6441-86 accident type; severity follows GB 6441-86's 轻伤 / 重伤 / 死亡, with
 * NONE for an accident without casualties (property loss only).
 */

/** 伤害原因 (mechanism). */
export const INJURY_CAUSES = [
  'FALL', // 跌倒/坠落
  'ROAD_TRAFFIC', // 道路交通
  'BLUNT_FORCE', // 钝器
  'ANIMAL_BITE', // 动物伤 (incl. dog bites)
  'CUT', // 刀/锐器
  'BURN', // 烧烫伤
  'POISONING', // 中毒 (incl. pesticides)
  'DROWNING', // 溺水
  'SUFFOCATION', // 窒息
  'ELECTRIC_SHOCK', // 触电
  'FIRE', // 火灾
  'MACHINERY', // 机械 (incl. agricultural machinery)
  'OTHER',
] as const;
export type InjuryCause = (typeof INJURY_CAUSES)[number];

/** 伤害意图. */
export const INJURY_INTENTS = [
  'UNINTENTIONAL', // 非故意
  'SELF_HARM', // 自残/自杀
  'ASSAULT', // 暴力/攻击
  'UNKNOWN',
] as const;
export type InjuryIntent = (typeof INJURY_INTENTS)[number];

/** 伤害发生地点, as the surveillance card groups them, in the programme's words. */
export const INJURY_PLACES = [
  'HOME', // 家中
  'ROAD', // 公路/街道
  'SCHOOL', // 学校、幼儿园
  'PUBLIC_PLACE', // 公共场所 (公共居住场所, parks, religious sites)
  'SPORTS_VENUE', // 体育和运动场所
  'COMMERCIAL', // 贸易和服务场所 (markets, shops)
  'WORKPLACE', // 工业和建筑场所 (factories, construction sites, warehouses)
  'FARMLAND', // 农场/农田
  'WATER', // 水域 (rivers, ponds, reservoirs)
  'OTHER',
  'UNKNOWN',
] as const;
export type InjuryPlace = (typeof INJURY_PLACES)[number];

/** 伤害发生时活动. */
export const INJURY_ACTIVITIES = [
  'WORK', // 工作 (paid work)
  'FARMING', // 务农
  'HOUSEWORK', // 家务
  'STUDY', // 学习
  'SPORT', // 体育活动
  'LEISURE', // 休闲活动
  'VITAL_ACTIVITY', // 生命活动: eating, sleeping, personal care
  'TRAVEL', // 驾乘交通工具
  'WALKING', // 步行
  'OTHER',
  'UNKNOWN',
] as const;
export type InjuryActivity = (typeof INJURY_ACTIVITIES)[number];

/** GB 6441-86《企业职工伤亡事故分类》: the 20 accident types of workplace accidents. */
export const ACCIDENT_TYPES = [
  'STRUCK_BY_OBJECT', // 1 物体打击
  'VEHICLE', // 2 车辆伤害
  'MACHINERY', // 3 机械伤害
  'LIFTING', // 4 起重伤害
  'ELECTROCUTION', // 5 触电
  'DROWNING', // 6 淹溺
  'SCALD_BURN', // 7 灼烫
  'FIRE', // 8 火灾
  'FALL_FROM_HEIGHT', // 9 高处坠落
  'COLLAPSE', // 10 坍塌
  'ROOF_FALL', // 11 冒顶片帮
  'WATER_INRUSH', // 12 透水
  'BLASTING', // 13 放炮
  'GUNPOWDER_EXPLOSION', // 14 火药爆炸
  'GAS_EXPLOSION', // 15 瓦斯爆炸
  'BOILER_EXPLOSION', // 16 锅炉爆炸
  'PRESSURE_VESSEL_EXPLOSION', // 17 容器爆炸
  'OTHER_EXPLOSION', // 18 其它爆炸
  'POISONING_AND_ASPHYXIATION', // 19 中毒和窒息
  'OTHER_INJURY', // 20 其它伤害
] as const;
export type AccidentType = (typeof ACCIDENT_TYPES)[number];

/** GB 6441-86 severity, with NONE for an accident without casualties (property loss only). */
export const INCIDENT_SEVERITIES = [
  'NONE', // 无人员伤亡
  'MINOR', // 轻伤
  'SERIOUS', // 重伤
  'FATAL', // 死亡
] as const;
export type IncidentSeverity = (typeof INCIDENT_SEVERITIES)[number];

/** Age groups of the (principal) victim: fine where the programme's high-risk groups are (children, elderly). */
export const VICTIM_AGE_GROUPS = [
  'AGE_0_4',
  'AGE_5_14',
  'AGE_15_24',
  'AGE_25_44',
  'AGE_45_59',
  'AGE_60_74',
  'AGE_75_PLUS',
  'UNKNOWN',
] as const;
export type VictimAgeGroup = (typeof VICTIM_AGE_GROUPS)[number];

export const VICTIM_SEXES = ['MALE', 'FEMALE', 'UNKNOWN'] as const;
export type VictimSex = (typeof VICTIM_SEXES)[number];

/** Incidents before this are taken for typing mistakes (the programme began in China in 2002). */
export const EARLIEST_OCCURRENCE = '1980-01-01T00:00:00.000Z';
/** Clocks of partner devices run a little ahead; an occurrence this far past now is still "now". */
const CLOCK_SKEW_MS = 5 * 60_000;
/** Counts above this are taken for typing mistakes. */
const MAX_PEOPLE = 100_000;

const OFFSET_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;
const LOCAL_DATE_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?)$/;

/**
 * An instant: a Date (what the DateTime scalar hands over) or an RFC 3339 string with an offset.
 * A date-time without an offset (what spreadsheets export) is China Standard Time, UTC+8, the
 * one time zone of the programme. Normalised to ISO 8601 UTC with milliseconds, which sorts.
 */
export const instant = z.union([z.date(), z.string()]).transform((value, context): string => {
  let date: Date | undefined;
  if (value instanceof Date) date = value;
  else {
    const trimmed = value.trim();
    const local = LOCAL_DATE_TIME.exec(trimmed);
    if (OFFSET_DATE_TIME.test(trimmed)) date = new Date(trimmed);
    else if (local) date = new Date(`${local[1]}T${local[2]}+08:00`);
    // Reject calendar overflow (2024-02-30 would otherwise roll into March).
    if (date && !Number.isNaN(date.getTime()) && !sameCalendarDay(trimmed, date, local !== null)) date = undefined;
  }
  if (!date || Number.isNaN(date.getTime())) {
    context.addIssue({ code: 'custom', message: 'must be a date-time, e.g. 2024-05-01T14:30:00+08:00 (without an offset: Beijing time)' });
    return z.NEVER;
  }
  return date.toISOString();
});

function sameCalendarDay(text: string, date: Date, beijing: boolean): boolean {
  const offset = beijing ? 8 * 60 : offsetMinutes(text);
  const shifted = new Date(date.getTime() + offset * 60_000).toISOString().slice(0, 10);
  return shifted === text.slice(0, 10);
}

function offsetMinutes(text: string): number {
  const match = /([+-])(\d{2}):(\d{2})$/.exec(text);
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

export const occurredAt = instant.superRefine((value, context) => {
  if (Date.parse(value) > Date.now() + CLOCK_SKEW_MS) context.addIssue({ code: 'custom', message: 'must not be in the future' });
  else if (value < EARLIEST_OCCURRENCE) context.addIssue({ code: 'custom', message: `must not be before ${EARLIEST_OCCURRENCE.slice(0, 10)}` });
});

const people = count(MAX_PEOPLE);

/** An identifier from the source system (a register number, a spreadsheet row key), unique within a community. */
export const externalId = line(100);

/** The fields of an incident that describe what happened. */
const incidentFields = {
  occurredAt,
  cause: z.enum(INJURY_CAUSES),
  intent: z.enum(INJURY_INTENTS),
  place: z.enum(INJURY_PLACES),
  activity: z.enum(INJURY_ACTIVITIES),
  accidentType: z.enum(ACCIDENT_TYPES).optional(),
  severity: z.enum(INCIDENT_SEVERITIES),
  deaths: people,
  injured: people,
  /** Direct economic loss in fen (the Money scalar's integer form). */
  economicLoss: fen.optional(),
  victimAgeGroup: z.enum(VICTIM_AGE_GROUPS).optional(),
  victimSex: z.enum(VICTIM_SEXES).optional(),
  description: prose(2000).optional(),
};

export const INCIDENT_FIELD_NAMES = Object.keys(incidentFields) as (keyof typeof incidentFields)[];

type IncidentFacts = {
  readonly place: InjuryPlace;
  readonly activity: InjuryActivity;
  readonly accidentType?: AccidentType | undefined;
  readonly severity: IncidentSeverity;
  readonly deaths: number;
  readonly injured: number;
  readonly victimAgeGroup?: VictimAgeGroup | undefined;
  readonly victimSex?: VictimSex | undefined;
};

/** True when GB 6441-86 applies: an accident at a workplace, or while at work elsewhere (e.g. on the road). */
export function isWorkRelated(facts: Pick<IncidentFacts, 'place' | 'activity'>): boolean {
  return facts.place === 'WORKPLACE' || facts.activity === 'WORK';
}

/**
 * The rules between fields; each names the field to fix. Used on create, on every import row and
 * on the corrected whole of an incident, so all three agree.
 */
export function incidentConsistencyIssues(facts: IncidentFacts): { field: keyof IncidentFacts; message: string }[] {
  const issues: { field: keyof IncidentFacts; message: string }[] = [];
  if (facts.deaths > 0 && facts.severity !== 'FATAL') issues.push({ field: 'severity', message: 'must be FATAL when deaths is above 0' });
  if (facts.severity === 'FATAL' && facts.deaths === 0) issues.push({ field: 'deaths', message: 'must be at least 1 when severity is FATAL' });
  if ((facts.severity === 'MINOR' || facts.severity === 'SERIOUS') && facts.injured === 0) {
    issues.push({ field: 'injured', message: `must be at least 1 when severity is ${facts.severity}` });
  }
  if (facts.severity === 'NONE') {
    if (facts.injured > 0) issues.push({ field: 'injured', message: 'must be 0 when severity is NONE (no casualties)' });
    if (facts.victimAgeGroup !== undefined) issues.push({ field: 'victimAgeGroup', message: 'an incident without casualties has no victim' });
    if (facts.victimSex !== undefined) issues.push({ field: 'victimSex', message: 'an incident without casualties has no victim' });
  }
  if (facts.accidentType !== undefined && !isWorkRelated(facts)) {
    issues.push({ field: 'accidentType', message: 'is for work-related accidents only (place WORKPLACE or activity WORK)' });
  }
  if (facts.accidentType === undefined && facts.place === 'WORKPLACE') {
    issues.push({ field: 'accidentType', message: 'is required for an accident at a workplace (GB 6441-86 type)' });
  }
  return issues;
}

function consistent(value: IncidentFacts, context: z.RefinementCtx): void {
  for (const issue of incidentConsistencyIssues(value)) context.addIssue({ code: 'custom', path: [issue.field], message: issue.message });
}

/** What happened, validated as a whole: the create input without its community, an import row, a corrected incident. */
export const incidentFactsSchema = z.object(incidentFields).superRefine(consistent);
export type IncidentFactsInput = z.output<typeof incidentFactsSchema>;

export const createIncidentInputSchema = z
  .object({ communityId: recordId, externalId: externalId.optional(), ...incidentFields })
  .superRefine(consistent);

/** One row of a bulk import: the facts and the source's identifier, which makes a re-sent row recognisable. */
export const importRecordSchema = z.object({ externalId, ...incidentFields }).superRefine(consistent);
export type ImportRecord = z.output<typeof importRecordSchema>;

const reason = prose(500);
const version = versionNumber;

/**
 * A correction: fields left out stay, null clears an optional field, and the reason is kept with
 * the record of the change. The corrected whole is checked again (incidentFactsSchema).
 */
export const correctIncidentInputSchema = z.object({
  id: recordId,
  version,
  reason,
  occurredAt: occurredAt.optional(),
  cause: incidentFields.cause.optional(),
  intent: incidentFields.intent.optional(),
  place: incidentFields.place.optional(),
  activity: incidentFields.activity.optional(),
  accidentType: z.enum(ACCIDENT_TYPES).nullable().optional(),
  severity: incidentFields.severity.optional(),
  deaths: people.optional(),
  injured: people.optional(),
  economicLoss: fen.nullable().optional(),
  victimAgeGroup: z.enum(VICTIM_AGE_GROUPS).nullable().optional(),
  victimSex: z.enum(VICTIM_SEXES).nullable().optional(),
  description: prose(2000).nullable().optional(),
});

export const deleteIncidentInputSchema = z.object({ id: recordId, version, reason });

export interface Incident {
  readonly id: string;
  readonly communityId: string;
  /** The community's division when the incident was recorded: what the analytics roll up by. */
  readonly regionCode: string;
  readonly externalId?: string;
  /** ISO 8601 UTC with milliseconds. */
  readonly occurredAt: string;
  readonly cause: InjuryCause;
  readonly intent: InjuryIntent;
  readonly place: InjuryPlace;
  readonly activity: InjuryActivity;
  readonly accidentType?: AccidentType;
  readonly severity: IncidentSeverity;
  readonly deaths: number;
  readonly injured: number;
  /** Fen. */
  readonly economicLoss?: number;
  readonly victimAgeGroup?: VictimAgeGroup;
  readonly victimSex?: VictimSex;
  readonly description?: string;
  /** Sort keys of its change records, oldest first: a page of incidents reads them in one BatchGetItem. */
  readonly changeKeys?: readonly string[];
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** The fields a correction can change, i.e. what a change record compares. */
export const CORRECTABLE_FIELDS = INCIDENT_FIELD_NAMES;
export type CorrectableField = (typeof CORRECTABLE_FIELDS)[number];

export type IncidentChangeKind = 'CORRECTED' | 'DELETED';

/**
 * A correction or deletion, as `incidentChanges` and `Incident.changes` show it: a view of the
 * incident's audit entries (CORRECT, DELETE), kept after a deletion. `before` and `after` hold the
 * fields the change touched (a deletion: every field that had a value).
 */
export interface IncidentChangeRecord {
  readonly incidentId: string;
  readonly communityId: string;
  readonly kind: IncidentChangeKind;
  readonly reason: string;
  /** The subject (user id) of who made the change. */
  readonly actor: string;
  readonly at: string;
  /** The incident's version the change produced (a deletion: the version deleted). */
  readonly version: number;
  readonly before: Partial<Incident>;
  readonly after?: Partial<Incident>;
}

/** The sort key of a change's audit entry in the incident's history: in time order, unique per version and kind. */
export function changeKey(change: Pick<IncidentChangeRecord, 'incidentId' | 'at' | 'version' | 'kind'>, regionCode: string): string {
  return auditKeys.position(change.at, incidentChangeEntryId(change.incidentId, regionCode, change.at, change.kind, change.version));
}

/** A content fingerprint of an imported row: a re-sent row matches it, a different row under the same externalId does not. */
export function fingerprintOf(record: IncidentFactsInput): string {
  const canonical = INCIDENT_FIELD_NAMES.map((field) => [field, record[field] ?? null]);
  return createHash('sha256').update(JSON.stringify(canonical)).digest('base64url');
}

/** The incident's position in its community's listing: newest first sorts by this, descending. */
export function incidentPosition(incident: Pick<Incident, 'occurredAt' | 'id'>): string {
  return `${incident.occurredAt}#${incident.id}`;
}

/** In a new incident or an import row, null and absent mean the same. */
export { withoutNulls } from '#core/validation.ts';
