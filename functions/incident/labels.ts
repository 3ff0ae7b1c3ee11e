import {
  ACCIDENT_TYPES,
  type AccidentType,
  INCIDENT_SEVERITIES,
  INJURY_ACTIVITIES,
  INJURY_CAUSES,
  INJURY_INTENTS,
  INJURY_PLACES,
  type IncidentSeverity,
  type InjuryActivity,
  type InjuryCause,
  type InjuryIntent,
  type InjuryPlace,
  VICTIM_AGE_GROUPS,
  VICTIM_SEXES,
  type VictimAgeGroup,
  type VictimSex,
} from './model.ts';

/**
 * The Chinese labels of the incident classification: the one table the aggregate export, the
 * briefings, the import (which accepts them in enum cells) and its XLSX template (its drop-down
 * lists) read. The words are the surveillance card's (全国伤害监测报告卡) and GB 6441-86's.
 */

export const CAUSE_LABELS: Readonly<Record<InjuryCause, string>> = {
  FALL: '跌倒/坠落',
  ROAD_TRAFFIC: '道路交通',
  BLUNT_FORCE: '钝器',
  ANIMAL_BITE: '动物伤',
  CUT: '刀/锐器',
  BURN: '烧烫伤',
  POISONING: '中毒',
  DROWNING: '溺水',
  SUFFOCATION: '窒息',
  ELECTRIC_SHOCK: '触电',
  FIRE: '火灾',
  MACHINERY: '机械',
  OTHER: '其他',
};

export const INTENT_LABELS: Readonly<Record<InjuryIntent, string>> = {
  UNINTENTIONAL: '非故意',
  SELF_HARM: '自残/自杀',
  ASSAULT: '暴力/攻击',
  UNKNOWN: '不详',
};

export const PLACE_LABELS: Readonly<Record<InjuryPlace, string>> = {
  HOME: '家中',
  ROAD: '公路/街道',
  SCHOOL: '学校、幼儿园',
  PUBLIC_PLACE: '公共场所',
  SPORTS_VENUE: '体育和运动场所',
  COMMERCIAL: '贸易和服务场所',
  WORKPLACE: '工业和建筑场所',
  FARMLAND: '农场/农田',
  WATER: '水域',
  OTHER: '其他',
  UNKNOWN: '不详',
};

export const ACTIVITY_LABELS: Readonly<Record<InjuryActivity, string>> = {
  WORK: '工作',
  FARMING: '务农',
  HOUSEWORK: '家务',
  STUDY: '学习',
  SPORT: '体育活动',
  LEISURE: '休闲活动',
  VITAL_ACTIVITY: '生命活动',
  TRAVEL: '驾乘交通工具',
  WALKING: '步行',
  OTHER: '其他',
  UNKNOWN: '不详',
};

/** GB 6441-86's 20 accident types, under the standard's own names. */
export const ACCIDENT_TYPE_LABELS: Readonly<Record<AccidentType, string>> = {
  STRUCK_BY_OBJECT: '物体打击',
  VEHICLE: '车辆伤害',
  MACHINERY: '机械伤害',
  LIFTING: '起重伤害',
  ELECTROCUTION: '触电',
  DROWNING: '淹溺',
  SCALD_BURN: '灼烫',
  FIRE: '火灾',
  FALL_FROM_HEIGHT: '高处坠落',
  COLLAPSE: '坍塌',
  ROOF_FALL: '冒顶片帮',
  WATER_INRUSH: '透水',
  BLASTING: '放炮',
  GUNPOWDER_EXPLOSION: '火药爆炸',
  GAS_EXPLOSION: '瓦斯爆炸',
  BOILER_EXPLOSION: '锅炉爆炸',
  PRESSURE_VESSEL_EXPLOSION: '容器爆炸',
  OTHER_EXPLOSION: '其它爆炸',
  POISONING_AND_ASPHYXIATION: '中毒和窒息',
  OTHER_INJURY: '其它伤害',
};

export const SEVERITY_LABELS: Readonly<Record<IncidentSeverity, string>> = {
  NONE: '无人员伤亡',
  MINOR: '轻伤',
  SERIOUS: '重伤',
  FATAL: '死亡',
};

export const AGE_GROUP_LABELS: Readonly<Record<VictimAgeGroup, string>> = {
  AGE_0_4: '0-4岁',
  AGE_5_14: '5-14岁',
  AGE_15_24: '15-24岁',
  AGE_25_44: '25-44岁',
  AGE_45_59: '45-59岁',
  AGE_60_74: '60-74岁',
  AGE_75_PLUS: '75岁及以上',
  UNKNOWN: '不详',
};

export const SEX_LABELS: Readonly<Record<VictimSex, string>> = {
  MALE: '男',
  FEMALE: '女',
  UNKNOWN: '不详',
};

/** The enum fields of an incident, each with its codes in the schema's order and their labels. */
export const INCIDENT_ENUMS = {
  cause: { codes: INJURY_CAUSES, labels: CAUSE_LABELS },
  intent: { codes: INJURY_INTENTS, labels: INTENT_LABELS },
  place: { codes: INJURY_PLACES, labels: PLACE_LABELS },
  activity: { codes: INJURY_ACTIVITIES, labels: ACTIVITY_LABELS },
  accidentType: { codes: ACCIDENT_TYPES, labels: ACCIDENT_TYPE_LABELS },
  severity: { codes: INCIDENT_SEVERITIES, labels: SEVERITY_LABELS },
  victimAgeGroup: { codes: VICTIM_AGE_GROUPS, labels: AGE_GROUP_LABELS },
  victimSex: { codes: VICTIM_SEXES, labels: SEX_LABELS },
} as const;
export type IncidentEnumField = keyof typeof INCIDENT_ENUMS;

/**
 * The code a cell means: the code itself in any case, or its Chinese label, each without the
 * spaces around it (full-width ones too); undefined when it is neither.
 */
export function enumCodeOf(field: IncidentEnumField, cell: string): string | undefined {
  const { codes, labels } = INCIDENT_ENUMS[field];
  const value = cell.replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');
  const upper = value.toUpperCase();
  if ((codes as readonly string[]).includes(upper)) return upper;
  return (codes as readonly string[]).find((code) => (labels as Readonly<Record<string, string>>)[code] === value);
}

/** `跌倒/坠落 (FALL)、道路交通 (ROAD_TRAFFIC) …`: what an enum cell may hold, for a message or an instruction. */
export function allowedValuesOf(field: IncidentEnumField): string {
  const { codes, labels } = INCIDENT_ENUMS[field];
  return (codes as readonly string[]).map((code) => `${(labels as Readonly<Record<string, string>>)[code]} (${code})`).join('、');
}
