/**
 * The kinds of issue 12's registered things, as the rules (checklists, frequencies) name them.
 * Constants only, so the register's model (model.ts), the checklist files and the due-date rules
 * share one list; the register's zod schemas build their enums from these.
 */

/** Supervised units (监管对象): what a checklist for a unit is written for. */
export const SUPERVISED_UNIT_KINDS = ['ENTERPRISE', 'SHOP', 'RESTAURANT', 'SCHOOL', 'PUBLIC_PLACE', 'OTHER'] as const;
export type SupervisedUnitKind = (typeof SUPERVISED_UNIT_KINDS)[number];

/** Hazard sources (危险源). OTHER carries a description on the record. */
export const HAZARD_SOURCE_KINDS = [
  'SEPTIC_TANK', // 化粪池
  'GAS_SERVICE_LINE', // 煤气进户管线
  'TRANSFORMER_BOX', // 高压变电箱
  'MANHOLE', // 窨井
  'LPG_CYLINDERS', // 液化石油气钢瓶
  'WAREHOUSE', // 仓库
  'CONSTRUCTION_SITE', // 建筑工地
  'WATER_BODY', // 水域
  'OLD_COMPOUND', // 老旧小区 (fire hazards)
  'SCHOOL_SURROUNDINGS', // 校园周边
  'OTHER',
] as const;
export type HazardSourceKind = (typeof HAZARD_SOURCE_KINDS)[number];

/** A unit's supervision grade (ABCD分级分类): D the closest watched, A the least. */
export const UNIT_GRADES = ['A', 'B', 'C', 'D'] as const;
export type UnitGrade = (typeof UNIT_GRADES)[number];

/** China's four risk colours of a hazard source, from the gravest: 重大 red, 较大 orange, 一般 yellow, 低 blue. */
export const RISK_LEVELS = ['RED', 'ORANGE', 'YELLOW', 'BLUE'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];
