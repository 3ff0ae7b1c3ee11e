/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** What kind of activity (培训、演练、宣传). */
export type ActivityKind =
  /** 应急演练 Emergency drill */
  | 'DRILL'
  /** 安全检查 Safety inspection */
  | 'INSPECTION'
  /** 讲座 Lecture */
  | 'LECTURE'
  /** 宣传活动 Publicity campaign */
  | 'PUBLICITY_CAMPAIGN'
  /** 培训 Training */
  | 'TRAINING';

/**
 * A calendar period in China Standard Time: a year (`year`), a quarter (`year` and `quarter`), a
 * month (`year` and `month`), or a range of whole months (`from` and `to`, both "YYYY-MM",
 * inclusive, at most 10 years). Anything else is BAD_USER_INPUT.
 */
export type AnalyticsPeriodInput = {
  /** First month of a range, "YYYY-MM". */
  from?: string | null | undefined;
  /** 1 to 12, with year. */
  month?: number | null | undefined;
  /** 1 to 4, with year. */
  quarter?: number | null | undefined;
  /** Last month of a range, "YYYY-MM", inclusive. */
  to?: string | null | undefined;
  /** A calendar year, 1980 to 2199: alone, or with quarter or month; not with from and to. */
  year?: number | null | undefined;
};

/** The twelve elements of AQ/T 9001 (安全社区建设基本要求) that reviewers check: evidence supports one. */
export type AqtElement =
  /** 10 安全社区创建档案 creation archives */
  | 'ARCHIVES'
  /** 2 信息交流和全员参与 information exchange and participation of all */
  | 'COMMUNICATION_AND_PARTICIPATION'
  /** 11 预防与纠正措施 preventive and corrective actions */
  | 'CORRECTIVE_ACTIONS'
  /** 6 宣传教育与培训 publicity, education and training */
  | 'EDUCATION_AND_TRAINING'
  /** 7 应急预案和响应 emergency plans and response */
  | 'EMERGENCY_RESPONSE'
  /** 4 事故与伤害预防目标及计划 prevention goals and plans */
  | 'GOALS_AND_PLANS'
  /** 9 事故与伤害记录 accident and injury records */
  | 'INJURY_RECORDS'
  /** 8 监测与监督 monitoring and supervision */
  | 'MONITORING'
  /** 1 安全社区创建机构与职责 creation organisation and responsibilities */
  | 'ORGANISATION'
  /** 5 安全促进项目 safety promotion projects */
  | 'PROMOTION_PROJECTS'
  /** 12 评审与持续改进 review and continual improvement */
  | 'REVIEW_AND_IMPROVEMENT'
  /** 3 事故与伤害风险辨识及其评价 accident and injury risk identification and assessment */
  | 'RISK_ASSESSMENT';

/** The outcome of an application (评定结果). */
export type CertificationDecision =
  /** 命名 designated: the title is awarded */
  | 'DESIGNATED'
  /** 待定 pending: not decided yet */
  | 'PENDING'
  /** 限期整改 time-limited rectification: the application stays open until the re-score decides it */
  | 'RECTIFICATION'
  /**
   * 未通过 rejected: a first application sends the community back to IMPLEMENTING; a failed re-review
   * (复评) makes its title LAPSED
   */
  | 'REJECTED'
  /** the application was withdrawn */
  | 'WITHDRAWN';

/** The level of a Safe Community designation (安全社区命名). */
export type CertificationLevel =
  /** 市级安全社区 City Safe Community: endorsed by the county, scored and decided by the city */
  | 'CITY'
  /** 国际安全社区 International Safe Community (WHO/ISCCC): reviewed by ISCCC outside China's chain */
  | 'INTERNATIONAL'
  /**
   * 全国安全社区 National Safe Community: endorsed by county, city and province, decided by the national
   * promotion centre
   */
  | 'NATIONAL';

/** Where an application stands. */
export type CertificationPhase =
  /** designated, rejected or withdrawn */
  | 'DECIDED'
  /** waiting for a level of the chain to endorse it (or, at the last level, to accept it for review) */
  | 'ENDORSEMENT'
  /** accepted: the deciding level scores it on site (现场评审) and decides */
  | 'ON_SITE_REVIEW'
  /** the sheet gave RECTIFY: the deciding level re-scores what fell short by the deadline and decides */
  | 'RECTIFICATION'
  /** returned to the community, which amends its self-assessment or archive and resubmits */
  | 'RETURNED';

/** A step an application takes through its chain (逐级推荐). */
export type ChainAction =
  /** the last level accepted it for review */
  | 'ACCEPT'
  /** a level endorsed it (推荐) and sent it on */
  | 'ENDORSE'
  /** the community sent a returned application up again */
  | 'RESUBMIT'
  /** a level returned it to the community */
  | 'RETURN'
  /** the community's application */
  | 'SUBMIT';

/** A level of government in the endorsement chain (逐级推荐); a reviewer's region code gives theirs. */
export type ChainLevel =
  /** 市: 4 digits */
  | 'CITY'
  /** 区县: a reviewer with a 6-digit region code */
  | 'COUNTY'
  /** 全国安全社区促进中心: a reviewer without a region */
  | 'NATIONAL'
  /** 省: 2 digits */
  | 'PROVINCE';

/** A member organisation's part in the promotion committee. */
export type CommitteeRole =
  /** 主任 chair (the local head: "一把手工程") */
  | 'CHAIR'
  /** 成员 member */
  | 'MEMBER'
  /** 办公室 the secretariat that runs the committee's business */
  | 'SECRETARIAT'
  /** 副主任 vice-chair */
  | 'VICE_CHAIR'
  /** 工作组组长 lead of a working group */
  | 'WORKING_GROUP_LEAD';

/** Sectors a promotion committee draws its members from. */
export type CommitteeSector =
  /** 农业、农机 agriculture and agricultural machinery */
  | 'AGRICULTURE'
  /** 民政 civil affairs */
  | 'CIVIL_AFFAIRS'
  /** 教育 education */
  | 'EDUCATION'
  /** 企业 enterprises */
  | 'ENTERPRISE'
  /** 消防 fire and rescue */
  | 'FIRE'
  /** 党委政府 party committee and government */
  | 'GOVERNMENT'
  /** 卫生 health */
  | 'HEALTH'
  /** 宣传 publicity and media */
  | 'MEDIA'
  /** 其他 any other sector */
  | 'OTHER'
  /** 公安 police */
  | 'POLICE'
  /** 供电 power supply */
  | 'POWER_SUPPLY'
  /** 居（村）委会 residents' and village committees */
  | 'RESIDENTS'
  /** 安监 work safety supervision */
  | 'SAFETY_SUPERVISION'
  /** 交通 transport */
  | 'TRANSPORT'
  /** 志愿者 volunteers */
  | 'VOLUNTEERS';

/** What kind of body a community (创建单位) is. */
export type CommunityKind =
  /** 开发区、园区 development zone or industrial park */
  | 'DEVELOPMENT_ZONE'
  /** a county or district as a whole (区/县) */
  | 'DISTRICT'
  /** 企业主导型 enterprise-led community, e.g. 胜利油田滨南社区 */
  | 'ENTERPRISE_LED'
  /** 居民社区 residential community */
  | 'RESIDENTIAL'
  /** 街道办事处 street office */
  | 'STREET'
  /** 镇 town */
  | 'TOWN'
  /** 乡 township */
  | 'TOWNSHIP';

/**
 * The creation lifecycle: PLANNED → LAUNCHED (启动) → IMPLEMENTING (实施) → SELF_ASSESSED (自评) →
 * APPLIED (申报) → UNDER_REVIEW (现场评审) → DESIGNATED (命名). Backward moves: SELF_ASSESSED, APPLIED
 * or UNDER_REVIEW back to IMPLEMENTING; UNDER_REVIEW to LAPSED (a failed re-review); DESIGNATED to UNDER_REVIEW (复评), to LAPSED, or to LAUNCHED
 * (creation at the next level, e.g. a city-level safe community going national); LAPSED to LAUNCHED.
 * Moves into UNDER_REVIEW, DESIGNATED or LAPSED, and out of UNDER_REVIEW, are review decisions.
 */
export type CommunityStage =
  /** 申报 applied for a designation (applyForCertification moves it here) */
  | 'APPLIED'
  /** 命名 designated a Safe Community (decideCertification DESIGNATED moves it here); a review decision */
  | 'DESIGNATED'
  /** 实施 implementing: projects and interventions under way */
  | 'IMPLEMENTING'
  /** 失效 lapsed: a designation whose re-review failed; a review decision */
  | 'LAPSED'
  /** 启动 launched: the creation has started */
  | 'LAUNCHED'
  /** 计划 planned: the creation is not launched yet (the default for a new community) */
  | 'PLANNED'
  /** 自评 self-assessed: a self-assessment submitted (submitting it moves the community here) */
  | 'SELF_ASSESSED'
  /** 现场评审 under review: accepted for on-site review, or a designation being re-reviewed (复评); a review decision */
  | 'UNDER_REVIEW';

/**
 * A correction: send the `version` you read and a reason. Fields left out stay, null clears an
 * optional field; the corrected incident must follow the rules of CreateIncidentInput. The
 * community and the externalId cannot change.
 */
export type CorrectIncidentInput = {
  /**
   * GB 6441-86 accident type: required when place is WORKPLACE, allowed otherwise only when activity
   * is WORK. Left out: unchanged; null clears it.
   */
  accidentType?: WorkplaceAccidentType | null | undefined;
  /** Activity at the time (发生时活动). WORK allows accidentType wherever it happened. Left out: unchanged. */
  activity?: InjuryActivity | null | undefined;
  /** Cause (伤害原因), the mechanism of the injury. Left out: unchanged. */
  cause?: InjuryCause | null | undefined;
  /** People killed, 0 to 100,000; above 0 only with severity FATAL. Left out: unchanged. */
  deaths?: number | null | undefined;
  /**
   * What happened, at most 2,000 characters (line breaks kept). Personal text: analysts never read it.
   * Left out: unchanged; null clears it.
   */
  description?: string | null | undefined;
  /**
   * Direct economic loss (直接经济损失): Money, decimal yuan as a string ("1200.50"), at most
   * 100000000000.00; omit or null when not assessed. Left out: unchanged; null clears it.
   */
  economicLoss?: string | null | undefined;
  /** The incident to correct. */
  id: string;
  /** Injured people who survived, 0 to 100,000. Left out: unchanged. */
  injured?: number | null | undefined;
  /** Intent (伤害意图). Left out: unchanged. */
  intent?: InjuryIntent | null | undefined;
  /**
   * When it happened: a DateTime with an offset, from 1980-01-01 on and not in the future (5 minutes
   * of clock skew allowed). Left out: unchanged.
   */
  occurredAt?: string | null | undefined;
  /** Place (发生地点). WORKPLACE requires accidentType. Left out: unchanged. */
  place?: InjuryPlace | null | undefined;
  /** Why (at most 500 characters); kept in the record of the change. */
  reason: string;
  /**
   * Severity (GB 6441-86): FATAL exactly when deaths ≥ 1; MINOR and SERIOUS need injured ≥ 1; NONE
   * needs injured 0 and no victim fields. Left out: unchanged.
   */
  severity?: IncidentSeverity | null | undefined;
  /** The version you read; another version is CONFLICT (someone changed it since: read it again). */
  version: number;
  /**
   * Age group of the principal victim; omit when not recorded (not allowed with severity NONE). Left
   * out: unchanged; null clears it.
   */
  victimAgeGroup?: VictimAgeGroup | null | undefined;
  /**
   * Sex of the principal victim; omit when not recorded (not allowed with severity NONE). Left out:
   * unchanged; null clears it.
   */
  victimSex?: VictimSex | null | undefined;
};

/**
 * A new incident. Rules between fields (each error names its field): deaths > 0 requires severity
 * FATAL and FATAL requires deaths ≥ 1; MINOR and SERIOUS require injured ≥ 1; NONE requires injured
 * 0 and no victim fields; accidentType is required when place is WORKPLACE and allowed otherwise only
 * when activity is WORK. occurredAt must not be in the future (nor before 1980).
 */
export type CreateIncidentInput = {
  /** GB 6441-86 accident type: required when place is WORKPLACE, allowed otherwise only when activity is WORK. */
  accidentType?: WorkplaceAccidentType | null | undefined;
  /** Activity at the time (发生时活动). WORK allows accidentType wherever it happened. */
  activity: InjuryActivity;
  /** Cause (伤害原因), the mechanism of the injury. */
  cause: InjuryCause;
  /** The community it happened in: yours (COMMUNITY_EDITOR) or any (ADMIN). */
  communityId: string;
  /** People killed, 0 to 100,000; above 0 only with severity FATAL. */
  deaths: number;
  /** What happened, at most 2,000 characters (line breaks kept). Personal text: analysts never read it. */
  description?: string | null | undefined;
  /**
   * Direct economic loss (直接经济损失): Money, decimal yuan as a string ("1200.50"), at most
   * 100000000000.00; omit or null when not assessed.
   */
  economicLoss?: string | null | undefined;
  /** Optional here; when given, unique within the community (a second one is CONFLICT). */
  externalId?: string | null | undefined;
  /** Injured people who survived, 0 to 100,000. */
  injured: number;
  /** Intent (伤害意图). */
  intent: InjuryIntent;
  /**
   * When it happened: a DateTime with an offset, from 1980-01-01 on and not in the future (5 minutes
   * of clock skew allowed).
   */
  occurredAt: string;
  /** Place (发生地点). WORKPLACE requires accidentType. */
  place: InjuryPlace;
  /**
   * Severity (GB 6441-86): FATAL exactly when deaths ≥ 1; MINOR and SERIOUS need injured ≥ 1; NONE
   * needs injured 0 and no victim fields.
   */
  severity: IncidentSeverity;
  /** Age group of the principal victim; omit when not recorded (not allowed with severity NONE). */
  victimAgeGroup?: VictimAgeGroup | null | undefined;
  /** Sex of the principal victim; omit when not recorded (not allowed with severity NONE). */
  victimSex?: VictimSex | null | undefined;
};

/**
 * A deletion: the record of it (with every field the incident had) stays, and a re-import of its
 * externalId does not recreate it.
 */
export type DeleteIncidentInput = {
  /** The incident to delete. */
  id: string;
  /** Why (at most 500 characters); kept in the record of the deletion. */
  reason: string;
  /** The version you read; another version is CONFLICT. */
  version: number;
};

/** What a level of the chain does with the application waiting for it. */
export type EndorseAction =
  /** 推荐: send it to the next level; at the last level, accept it for on-site review */
  | 'ENDORSE'
  /** back to the community */
  | 'RETURN';

/** A step by the level of the chain the application waits for. */
export type EndorseCertificationInput = {
  /** Endorse (or, at the last level, accept) or return it. */
  action: EndorseAction;
  /** Required to RETURN: what the community must amend. */
  comment?: string | null | undefined;
  /** The certification's id. It must be waiting for an endorsement (BAD_USER_INPUT on input.id otherwise). */
  id: string;
  /** The version you read: CONFLICT if it changed since. */
  version: number;
};

/** What a piece of evidence is attached to. */
export type EvidenceOwnerType =
  /** a training, drill, lecture, campaign or inspection (培训、演练、讲座、宣传、检查) */
  | 'ACTIVITY'
  /** an application for a designation (评定): the community's, or the review team's (its opinion, photos of the visit) */
  | 'CERTIFICATION'
  /** the community's promotion committee (the owner id is the community's) */
  | 'COMMITTEE'
  /** the community itself (社区): the owner id is the community's */
  | 'COMMUNITY'
  /** a cell of the community's supervision grid (网格) */
  | 'GRID_CELL'
  /** a hazard source (危险源) of the community's register */
  | 'HAZARD_SOURCE'
  /** a hidden danger (隐患): the photos of its rectification */
  | 'HIDDEN_DANGER'
  /** an incident (事故与伤害): never shown to a PROVINCIAL_ANALYST, the files may describe the victim */
  | 'INCIDENT'
  /** an inspection (巡查、检查): its photos */
  | 'INSPECTION'
  /** an intervention (干预措施) of a project */
  | 'INTERVENTION'
  /** a safety promotion project (安全促进项目) */
  | 'PROJECT'
  /** a resident's report (群众举报): what the office found when it went to see (the intake apps upload nothing) */
  | 'RESIDENT_REPORT'
  /** a supervised unit (监管对象) */
  | 'SUPERVISED_UNIT';

/**
 * Where a piece of evidence stands: PENDING_UPLOAD, then AVAILABLE or REJECTED (or EXPIRED when no
 * file came); WITHDRAWN by the community.
 */
export type EvidenceStatus =
  /** The file arrived and matched what was declared: size, type (by its own bytes) and SHA-256. */
  | 'AVAILABLE'
  /** The upload URL expired and no file arrived (found by the daily reminders job, which notifies the community); request a new upload. */
  | 'EXPIRED'
  /** An upload URL was issued; the file has not arrived (or not been checked) yet. */
  | 'PENDING_UPLOAD'
  /** The file did not match what was declared, or arrived after its upload URL expired; it was moved out of reach. See rejectionReason. */
  | 'REJECTED'
  /** Withdrawn by the community: out of the archive, its object versions kept for audit. */
  | 'WITHDRAWN';

/** The format of an aggregate export's file (导出格式). */
export type ExportFormat =
  /** The CSV file (UTF-8 with a byte order mark, CRLF): one titled table after another, apart by an empty row. */
  | 'CSV'
  /**
   * An XLSX workbook (导出为Excel工作簿): a sheet per table of the CSV, with the same figures, and a
   * 趋势 Trend sheet of the region's incidents per month over the period beside the same months a
   * year earlier, with a line chart of them (its series are the sheet's cells, so it follows an
   * edit). Headers in two frozen rows (中文 above, English below), codes and names frozen at the
   * left; counts as #,##0, money in yuan as #,##0.00, percentages as 0.0% (the cell holds the
   * fraction: 12.5 % is 0.125); Chinese labels beside the codes, as in the CSV; columns as wide as
   * their text.
   */
  | 'XLSX';

/** How a breakdown by child regions is sorted. */
export type IncidentBreakdownSort =
  /** By the incident count of the period */
  | 'COUNT'
  /** Year-over-year change of the count; regions without an earlier count sort last. */
  | 'COUNT_CHANGE'
  /** By the deaths of the period */
  | 'DEATHS'
  /** By the economic loss of the period */
  | 'ECONOMIC_LOSS'
  /** By the injured of the period */
  | 'INJURED'
  /** By the child region's code */
  | 'REGION_CODE';

/** What a change of an incident was. */
export type IncidentChangeKind =
  /** 更正 Corrected: fields changed, with a reason */
  | 'CORRECTED'
  /** 删除 Deleted, with a reason; the record of the change stays */
  | 'DELETED';

/** Severity, GB 6441-86 (轻伤, 重伤, 死亡), with NONE for an accident without casualties. */
export type IncidentSeverity =
  /** 死亡 Fatal: at least one death (deaths > 0 is always FATAL) */
  | 'FATAL'
  /** 轻伤 Minor injury: at least one injured */
  | 'MINOR'
  /** 无人员伤亡 No casualties: property loss only; no injured, no deaths, no victim */
  | 'NONE'
  /** 重伤 Serious injury: at least one injured */
  | 'SERIOUS';

/** What the victim was doing (发生时活动). */
export type InjuryActivity =
  /** 务农 Farming */
  | 'FARMING'
  /** 家务 Housework */
  | 'HOUSEWORK'
  /** 休闲活动 Leisure */
  | 'LEISURE'
  /** 其他 Other */
  | 'OTHER'
  /** 体育活动 Sport */
  | 'SPORT'
  /** 学习 Study */
  | 'STUDY'
  /** 驾乘交通工具 Driving or riding a vehicle */
  | 'TRAVEL'
  /** 不详 Unknown */
  | 'UNKNOWN'
  /** 生命活动 Vital activity: eating, sleeping, personal care */
  | 'VITAL_ACTIVITY'
  /** 步行 Walking */
  | 'WALKING'
  /** 工作 Paid work: GB 6441-86 applies wherever it happened */
  | 'WORK';

/**
 * Cause (mechanism) of an injury, as China's national injury surveillance card (全国伤害监测报告卡)
 * classifies it. Kept apart from the intent.
 */
export type InjuryCause =
  /** 动物伤 Animal bite (incl. dog bites) */
  | 'ANIMAL_BITE'
  /** 钝器 Blunt force */
  | 'BLUNT_FORCE'
  /** 烧烫伤 Burn or scald */
  | 'BURN'
  /** 刀/锐器 Cut or pierce (knife, sharp object) */
  | 'CUT'
  /** 溺水 Drowning */
  | 'DROWNING'
  /** 触电 Electric shock */
  | 'ELECTRIC_SHOCK'
  /** 跌倒/坠落 Fall */
  | 'FALL'
  /** 火灾 Fire */
  | 'FIRE'
  /** 机械 Machinery (incl. agricultural machinery) */
  | 'MACHINERY'
  /** 其他 Other */
  | 'OTHER'
  /** 中毒 Poisoning (incl. pesticides) */
  | 'POISONING'
  /** 道路交通 Road traffic */
  | 'ROAD_TRAFFIC'
  /** 窒息 Suffocation */
  | 'SUFFOCATION';

/** Intent (伤害意图), as the surveillance card records it. */
export type InjuryIntent =
  /** 暴力/攻击 Violence or assault */
  | 'ASSAULT'
  /** 自残/自杀 Self-harm or suicide */
  | 'SELF_HARM'
  /** 非故意 Unintentional */
  | 'UNINTENTIONAL'
  /** 不详 Unknown */
  | 'UNKNOWN';

/** Where it happened (发生地点). */
export type InjuryPlace =
  /** 贸易和服务场所 Trade and service place (markets, shops) */
  | 'COMMERCIAL'
  /** 农场/农田 Farm or farmland */
  | 'FARMLAND'
  /** 家中 Home */
  | 'HOME'
  /** 其他 Other */
  | 'OTHER'
  /** 公共场所 Public place (公共居住场所, parks, religious sites) */
  | 'PUBLIC_PLACE'
  /** 公路/街道 Road or street */
  | 'ROAD'
  /** 学校、幼儿园 School or kindergarten */
  | 'SCHOOL'
  /** 体育和运动场所 Sports venue */
  | 'SPORTS_VENUE'
  /** 不详 Unknown */
  | 'UNKNOWN'
  /** 水域 Water (rivers, ponds, reservoirs) */
  | 'WATER'
  /**
   * 工业和建筑场所 Industrial or construction site (factories, construction sites, warehouses): a workplace
   * accident, with its GB 6441-86 type
   */
  | 'WORKPLACE';

/** What a sheet's rule gives a total: PASS, RECTIFY (限期整改 within a time limit) or FAIL. */
export type Outcome =
  /** 不通过 Fail: below the rectify threshold, or an item at 0 where the rule forbids one */
  | 'FAIL'
  /** 通过 Pass: the total reaches the rule's pass threshold */
  | 'PASS'
  /** 限期整改 Rectify within a time limit: between the rectify and the pass thresholds */
  | 'RECTIFY';

/** Categories of safety promotion projects (安全促进项目). */
export type ProjectCategory =
  /** 农用机械 Agricultural machinery */
  | 'AGRICULTURAL_MACHINERY'
  /** 建筑工地 Construction sites */
  | 'CONSTRUCTION_SITES'
  /** 地质灾害、森林火灾 Geological disasters and forest fires */
  | 'DISASTERS'
  /** 防狗伤害 Dog bites */
  | 'DOG_BITES'
  /** 老年人 The elderly */
  | 'ELDERLY'
  /** 用电 Electrical safety */
  | 'ELECTRICAL'
  /** 环境卫生 Environment and sanitation (美丽乡村 beautiful villages) */
  | 'ENVIRONMENT'
  /** 消防 Fire safety, incl. warehouses (库房) */
  | 'FIRE'
  /** 食品安全 Food safety */
  | 'FOOD_SAFETY'
  /** 居家 Home safety */
  | 'HOME'
  /** 农民工 Migrant workers, incl. safety outside working hours (八小时以外安全) */
  | 'MIGRANT_WORKERS'
  /** 老旧弃管小区 Old, unmanaged residential compounds */
  | 'OLD_RESIDENTIAL_COMPOUNDS'
  /** 其他 Other */
  | 'OTHER'
  /** 农药中毒 Pesticide poisoning */
  | 'PESTICIDE_POISONING'
  /** 公共场所 Public places: manholes, gas lines, transformers */
  | 'PUBLIC_PLACES'
  /** 社会治安 Public security */
  | 'PUBLIC_SECURITY'
  /** 宗教场所 Religious sites */
  | 'RELIGIOUS_SITES'
  /** 道路交通 Road traffic, incl. motorcycles and market areas */
  | 'ROAD_TRAFFIC'
  /** 学校、儿童 Schools and children (四点半学校 after-school care) */
  | 'SCHOOL_CHILDREN'
  /** 涉水 Water safety, drowning */
  | 'WATER'
  /** 企业/工作场所 Workplace and enterprise safety */
  | 'WORKPLACE';

/** Where a promotion project stands. */
export type ProjectStatus =
  /** 已结项 Closed with its outcome (closeProject); read-only: neither it nor its interventions change any more */
  | 'CLOSED'
  /** 实施中 In progress */
  | 'IN_PROGRESS'
  /** 计划 Planned: not started yet (the default for a new project) */
  | 'PLANNED';

/** Levels of the GB/T 2260 administrative divisions (行政区划). */
export type RegionLevel =
  /** 地级 Prefecture-level city, 4-digit code */
  | 'CITY'
  /** 县级 County or district, 6-digit code */
  | 'COUNTY'
  /** 省级 Province, 2-digit code */
  | 'PROVINCE'
  /** 乡级 Town, township or street (街道), 9-digit code */
  | 'TOWN';

/** A file to add to the archive: what it is attached to and what it is, declared before it is sent. */
export type RequestEvidenceUploadInput = {
  /**
   * One of application/pdf, image/jpeg, image/png, image/webp,
   * application/vnd.openxmlformats-officedocument.wordprocessingml.document (DOCX),
   * application/vnd.openxmlformats-officedocument.spreadsheetml.sheet (XLSX), video/mp4.
   */
  contentType: string;
  /** The AQ/T 9001 element it supports; omit to leave it unassigned. */
  element?: AqtElement | null | undefined;
  /** Up to 255 characters, without control characters, / or \. */
  fileName: string;
  /** The record's id; the community's for COMMUNITY and COMMITTEE. */
  ownerId: string;
  /**
   * What kind of record it is attached to; the caller must be allowed to write that record (for
   * CERTIFICATION also the review team that scores it).
   */
  ownerType: EvidenceOwnerType;
  /** Hex SHA-256 of the file. */
  sha256: string;
  /** Bytes, exactly: documents and images up to 25 MB (26214400), video up to 500 MB (524288000). */
  size: number;
};

/** The step of a trend series. */
export type TrendGranularity =
  /** 按月 one point per month */
  | 'MONTH'
  /** 按年 one point per calendar year (a partial first or last year sums only the months of the range) */
  | 'YEAR';

/** Age group (年龄组) of the principal victim, in years, as the surveillance card groups ages. */
export type VictimAgeGroup =
  /** 0-4岁 0 to 4 years */
  | 'AGE_0_4'
  /** 5-14岁 5 to 14 years */
  | 'AGE_5_14'
  /** 15-24岁 15 to 24 years */
  | 'AGE_15_24'
  /** 25-44岁 25 to 44 years */
  | 'AGE_25_44'
  /** 45-59岁 45 to 59 years */
  | 'AGE_45_59'
  /** 60-74岁 60 to 74 years */
  | 'AGE_60_74'
  /** 75岁及以上 75 years and over */
  | 'AGE_75_PLUS'
  /** 不详 Unknown */
  | 'UNKNOWN';

/** Sex (性别) of the principal victim. */
export type VictimSex =
  /** 女 Female */
  | 'FEMALE'
  /** 男 Male */
  | 'MALE'
  /** 不详 Unknown */
  | 'UNKNOWN';

/** GB 6441-86《企业职工伤亡事故分类》: the 20 types of workplace accidents. */
export type WorkplaceAccidentType =
  /** 13 放炮 Blasting */
  | 'BLASTING'
  /** 16 锅炉爆炸 Boiler explosion */
  | 'BOILER_EXPLOSION'
  /** 10 坍塌 Collapse */
  | 'COLLAPSE'
  /** 6 淹溺 Drowning */
  | 'DROWNING'
  /** 5 触电 Electrocution */
  | 'ELECTROCUTION'
  /** 9 高处坠落 Fall from height */
  | 'FALL_FROM_HEIGHT'
  /** 8 火灾 Fire */
  | 'FIRE'
  /** 15 瓦斯爆炸 Firedamp (gas) explosion */
  | 'GAS_EXPLOSION'
  /** 14 火药爆炸 Gunpowder explosion */
  | 'GUNPOWDER_EXPLOSION'
  /** 4 起重伤害 Lifting (crane) injury */
  | 'LIFTING'
  /** 3 机械伤害 Machinery injury */
  | 'MACHINERY'
  /** 18 其它爆炸 Other explosion */
  | 'OTHER_EXPLOSION'
  /** 20 其它伤害 Other injury */
  | 'OTHER_INJURY'
  /** 19 中毒和窒息 Poisoning and asphyxiation */
  | 'POISONING_AND_ASPHYXIATION'
  /** 17 容器爆炸 Pressure vessel explosion */
  | 'PRESSURE_VESSEL_EXPLOSION'
  /** 11 冒顶片帮 Roof or side-wall fall (mines) */
  | 'ROOF_FALL'
  /** 7 灼烫 Scald or burn */
  | 'SCALD_BURN'
  /** 1 物体打击 Struck by an object */
  | 'STRUCK_BY_OBJECT'
  /** 2 车辆伤害 Vehicle injury */
  | 'VEHICLE'
  /** 12 透水 Water inrush (mines) */
  | 'WATER_INRUSH';

export type IncidentSummaryQueryVariables = Exact<{
  regionCode: string;
  period: AnalyticsPeriodInput;
}>;


export type IncidentSummaryQuery = { incidentSummary: { region: { code: string, name: string, level: RegionLevel, fullName: string }, period: { label: string, from: string, to: string }, total: { current: { count: number, deaths: number, injured: number, economicLoss: string }, yearEarlier: { count: number, deaths: number, injured: number, economicLoss: string }, changePercent: { count: number | null, deaths: number | null, injured: number | null, economicLoss: number | null } }, population: { communities: number, communitiesWithPopulation: number, population: number }, ratesPer10000: { count: number, deaths: number, injured: number } | null, byCause: Array<{ cause: InjuryCause, current: { count: number, deaths: number, injured: number, economicLoss: string }, changePercent: { count: number | null } }>, byPlace: Array<{ place: InjuryPlace, current: { count: number, deaths: number, injured: number, economicLoss: string }, changePercent: { count: number | null } }> } };

export type IncidentRegionBreakdownQueryVariables = Exact<{
  regionCode: string;
  period: AnalyticsPeriodInput;
  sortBy?: IncidentBreakdownSort | null | undefined;
  descending?: boolean | null | undefined;
}>;


export type IncidentRegionBreakdownQuery = { incidentRegionBreakdown: { region: { code: string, name: string, level: RegionLevel, fullName: string }, period: { label: string }, total: { current: { count: number, deaths: number, injured: number, economicLoss: string }, yearEarlier: { count: number, deaths: number, injured: number, economicLoss: string }, changePercent: { count: number | null, deaths: number | null, injured: number | null, economicLoss: number | null } }, children: Array<{ region: { code: string, name: string, level: RegionLevel, fullName: string }, current: { count: number, deaths: number, injured: number, economicLoss: string }, yearEarlier: { count: number, deaths: number, injured: number, economicLoss: string }, changePercent: { count: number | null }, ratesPer10000: { count: number } | null }> } };

export type IncidentTrendQueryVariables = Exact<{
  regionCode: string;
  from: string;
  to: string;
  granularity?: TrendGranularity | null | undefined;
}>;


export type IncidentTrendQuery = { incidentTrend: { granularity: TrendGranularity, region: { code: string, name: string, level: RegionLevel, fullName: string }, points: Array<{ period: string, figures: { count: number, deaths: number, injured: number, economicLoss: string } }> } };

export type CreationSummaryQueryVariables = Exact<{
  regionCode: string;
  period: AnalyticsPeriodInput;
}>;


export type CreationSummaryQuery = { creationSummary: { region: { code: string, name: string, level: RegionLevel, fullName: string }, period: { label: string }, communities: { total: number, byStage: Array<{ stage: CommunityStage, count: number }> }, certifications: Array<{ level: CertificationLevel, applications: number, designations: number, reDesignations: number }>, projects: { projects: number, interventions: number, started: number, closed: number }, activities: { activities: number, attendees: number } } };

export type AggregateExportMutationVariables = Exact<{
  regionCode: string;
  period: AnalyticsPeriodInput;
  format?: ExportFormat | null | undefined;
}>;


export type AggregateExportMutation = { aggregateExport: { fileName: string, url: string, expiresAt: string, bytes: number } };

export type CommunitiesQueryVariables = Exact<{
  regionCode?: string | null | undefined;
  stage?: CommunityStage | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type CommunitiesQuery = { communities: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, name: string, kind: CommunityKind, stage: CommunityStage, regionCode: string, version: number } }> } };

export type CommunityQueryVariables = Exact<{
  id: string;
}>;


export type CommunityQuery = { community: { launchedOn: string | null, population: number | null, areaKm2: number | null, administrativeVillages: number | null, residentialCommittees: number | null, description: string | null, updatedAt: string, id: string, name: string, kind: CommunityKind, stage: CommunityStage, regionCode: string, version: number, region: { code: string, name: string, level: RegionLevel, fullName: string }, stageHistory: Array<{ stage: CommunityStage, on: string }>, committee: { chairUnit: string, establishedOn: string | null, members: Array<{ organisation: string, sector: CommitteeSector, role: CommitteeRole, position: string | null }>, workingGroups: Array<{ name: string, leadOrganisation: string, focus: string | null }> } | null } };

export type CommunityRecordsQueryVariables = Exact<{
  id: string;
  first?: number | null | undefined;
}>;


export type CommunityRecordsQuery = { community: { id: string, name: string, stage: CommunityStage, committee: { chairUnit: string, members: Array<{ organisation: string, sector: CommitteeSector, role: CommitteeRole }> } | null, incidents: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, communityId: string, externalId: string | null, occurredAt: string, cause: InjuryCause, intent: InjuryIntent, place: InjuryPlace, activity: InjuryActivity, accidentType: WorkplaceAccidentType | null, severity: IncidentSeverity, deaths: number, injured: number, economicLoss: string | null, victimAgeGroup: VictimAgeGroup | null, victimSex: VictimSex | null, description: string | null, version: number, updatedAt: string } }> }, projects: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, name: string, category: ProjectCategory, status: ProjectStatus, startOn: string, endOn: string | null, interventionCount: number, version: number } }> }, activities: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, kind: ActivityKind, topic: string, heldOn: string, attendeeCount: number, version: number } }> } } };

export type IncidentsQueryVariables = Exact<{
  communityId: string;
  from?: string | null | undefined;
  to?: string | null | undefined;
  cause?: InjuryCause | null | undefined;
  place?: InjuryPlace | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type IncidentsQuery = { incidents: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, communityId: string, externalId: string | null, occurredAt: string, cause: InjuryCause, intent: InjuryIntent, place: InjuryPlace, activity: InjuryActivity, accidentType: WorkplaceAccidentType | null, severity: IncidentSeverity, deaths: number, injured: number, economicLoss: string | null, victimAgeGroup: VictimAgeGroup | null, victimSex: VictimSex | null, description: string | null, version: number, updatedAt: string } }> } };

export type IncidentQueryVariables = Exact<{
  id: string;
}>;


export type IncidentQuery = { incident: { id: string, communityId: string, externalId: string | null, occurredAt: string, cause: InjuryCause, intent: InjuryIntent, place: InjuryPlace, activity: InjuryActivity, accidentType: WorkplaceAccidentType | null, severity: IncidentSeverity, deaths: number, injured: number, economicLoss: string | null, victimAgeGroup: VictimAgeGroup | null, victimSex: VictimSex | null, description: string | null, version: number, updatedAt: string, changes: Array<{ kind: IncidentChangeKind, at: string, reason: string, actor: string, version: number, fields: Array<{ field: string, before: string | null, after: string | null }> }> | null } };

export type CreateIncidentMutationVariables = Exact<{
  input: CreateIncidentInput;
}>;


export type CreateIncidentMutation = { createIncident: { id: string, communityId: string, externalId: string | null, occurredAt: string, cause: InjuryCause, intent: InjuryIntent, place: InjuryPlace, activity: InjuryActivity, accidentType: WorkplaceAccidentType | null, severity: IncidentSeverity, deaths: number, injured: number, economicLoss: string | null, victimAgeGroup: VictimAgeGroup | null, victimSex: VictimSex | null, description: string | null, version: number, updatedAt: string } };

export type CorrectIncidentMutationVariables = Exact<{
  input: CorrectIncidentInput;
}>;


export type CorrectIncidentMutation = { correctIncident: { id: string, communityId: string, externalId: string | null, occurredAt: string, cause: InjuryCause, intent: InjuryIntent, place: InjuryPlace, activity: InjuryActivity, accidentType: WorkplaceAccidentType | null, severity: IncidentSeverity, deaths: number, injured: number, economicLoss: string | null, victimAgeGroup: VictimAgeGroup | null, victimSex: VictimSex | null, description: string | null, version: number, updatedAt: string } };

export type DeleteIncidentMutationVariables = Exact<{
  input: DeleteIncidentInput;
}>;


export type DeleteIncidentMutation = { deleteIncident: { id: string, communityId: string, change: { kind: IncidentChangeKind, at: string, reason: string, version: number } } };

export type RequestEvidenceUploadMutationVariables = Exact<{
  input: RequestEvidenceUploadInput;
}>;


export type RequestEvidenceUploadMutation = { requestEvidenceUpload: { evidence: { id: string, ownerType: EvidenceOwnerType, ownerId: string, fileName: string, contentType: string, size: number, sha256: string, element: AqtElement | null, status: EvidenceStatus, rejectionReason: string | null, uploadedAt: string, availableAt: string | null, downloadUrl: string | null, version: number }, upload: { url: string, expiresAt: string, fields: Array<{ name: string, value: string }> } } };

export type EvidenceStatusQueryVariables = Exact<{
  id: string;
}>;


export type EvidenceStatusQuery = { evidence: { id: string, ownerType: EvidenceOwnerType, ownerId: string, fileName: string, contentType: string, size: number, sha256: string, element: AqtElement | null, status: EvidenceStatus, rejectionReason: string | null, uploadedAt: string, availableAt: string | null, downloadUrl: string | null, version: number } };

export type RegionNameFragment = { code: string, name: string, level: RegionLevel, fullName: string };

export type CommunityListItemFragment = { id: string, name: string, kind: CommunityKind, stage: CommunityStage, regionCode: string, version: number };

export type CommunityDetailFragment = { launchedOn: string | null, population: number | null, areaKm2: number | null, administrativeVillages: number | null, residentialCommittees: number | null, description: string | null, updatedAt: string, id: string, name: string, kind: CommunityKind, stage: CommunityStage, regionCode: string, version: number, region: { code: string, name: string, level: RegionLevel, fullName: string }, stageHistory: Array<{ stage: CommunityStage, on: string }>, committee: { chairUnit: string, establishedOn: string | null, members: Array<{ organisation: string, sector: CommitteeSector, role: CommitteeRole, position: string | null }>, workingGroups: Array<{ name: string, leadOrganisation: string, focus: string | null }> } | null };

export type IncidentFieldsFragment = { id: string, communityId: string, externalId: string | null, occurredAt: string, cause: InjuryCause, intent: InjuryIntent, place: InjuryPlace, activity: InjuryActivity, accidentType: WorkplaceAccidentType | null, severity: IncidentSeverity, deaths: number, injured: number, economicLoss: string | null, victimAgeGroup: VictimAgeGroup | null, victimSex: VictimSex | null, description: string | null, version: number, updatedAt: string };

export type EvidenceFieldsFragment = { id: string, ownerType: EvidenceOwnerType, ownerId: string, fileName: string, contentType: string, size: number, sha256: string, element: AqtElement | null, status: EvidenceStatus, rejectionReason: string | null, uploadedAt: string, availableAt: string | null, downloadUrl: string | null, version: number };

export type ProjectListItemFragment = { id: string, name: string, category: ProjectCategory, status: ProjectStatus, startOn: string, endOn: string | null, interventionCount: number, version: number };

export type ActivityListItemFragment = { id: string, kind: ActivityKind, topic: string, heldOn: string, attendeeCount: number, version: number };

export type PageFieldsFragment = { hasNextPage: boolean, endCursor: string | null };

export type FiguresFragment = { count: number, deaths: number, injured: number, economicLoss: string };

export type ComparisonFragment = { current: { count: number, deaths: number, injured: number, economicLoss: string }, yearEarlier: { count: number, deaths: number, injured: number, economicLoss: string }, changePercent: { count: number | null, deaths: number | null, injured: number | null, economicLoss: number | null } };

export type ChainFieldsFragment = { route: Array<ChainLevel>, phase: CertificationPhase, waitingSince: string | null, waitingFor: { level: ChainLevel, regionCode: string | null } | null, steps: Array<{ action: ChainAction, level: ChainLevel | null, regionCode: string | null, comment: string | null, at: string }> };

export type CertificationListItemFragment = { id: string, level: CertificationLevel, appliedOn: string, reReview: boolean, decision: CertificationDecision, version: number, community: { id: string, name: string, kind: CommunityKind, stage: CommunityStage, regionCode: string, version: number }, chain: { route: Array<ChainLevel>, phase: CertificationPhase, waitingSince: string | null, waitingFor: { level: ChainLevel, regionCode: string | null } | null, steps: Array<{ action: ChainAction, level: ChainLevel | null, regionCode: string | null, comment: string | null, at: string }> } };

export type PendingEndorsementsQueryVariables = Exact<{
  level?: ChainLevel | null | undefined;
  regionCode?: string | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type PendingEndorsementsQuery = { pendingEndorsements: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, level: CertificationLevel, appliedOn: string, reReview: boolean, decision: CertificationDecision, version: number, community: { id: string, name: string, kind: CommunityKind, stage: CommunityStage, regionCode: string, version: number }, chain: { route: Array<ChainLevel>, phase: CertificationPhase, waitingSince: string | null, waitingFor: { level: ChainLevel, regionCode: string | null } | null, steps: Array<{ action: ChainAction, level: ChainLevel | null, regionCode: string | null, comment: string | null, at: string }> } } }> } };

export type DesignationsDueQueryVariables = Exact<{
  regionCode: string;
  within: number;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type DesignationsDueQuery = { designationsDue: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { level: CertificationLevel, dueOn: string, daysLeft: number, overdue: boolean, cycle: number, siteVisitRequired: boolean, atRisk: boolean, community: { id: string, name: string, kind: CommunityKind, stage: CommunityStage, regionCode: string, version: number }, certification: { id: string, level: CertificationLevel, designatedOn: string | null, reReviewDueOn: string | null, version: number } } }> } };

export type CertificationQueryVariables = Exact<{
  id: string;
}>;


export type CertificationQuery = { certification: { standardVersion: string, onSiteReviewOn: string | null, expertGroup: string | null, findings: string | null, score: number | null, maxScore: number | null, onSiteOutcome: Outcome | null, onSiteOutcomeReason: string | null, decidedOn: string | null, designatedOn: string | null, certificateNumber: string | null, validUntil: string | null, reReviewDueOn: string | null, id: string, level: CertificationLevel, appliedOn: string, reReview: boolean, decision: CertificationDecision, version: number, selfAssessment: { id: string, total: number, maxTotal: number, outcome: Outcome, version: number } | null, community: { id: string, name: string, kind: CommunityKind, stage: CommunityStage, regionCode: string, version: number }, chain: { route: Array<ChainLevel>, phase: CertificationPhase, waitingSince: string | null, waitingFor: { level: ChainLevel, regionCode: string | null } | null, steps: Array<{ action: ChainAction, level: ChainLevel | null, regionCode: string | null, comment: string | null, at: string }> } } };

export type EndorseCertificationMutationVariables = Exact<{
  input: EndorseCertificationInput;
}>;


export type EndorseCertificationMutation = { endorseCertification: { id: string, level: CertificationLevel, appliedOn: string, reReview: boolean, decision: CertificationDecision, version: number, community: { id: string, name: string, kind: CommunityKind, stage: CommunityStage, regionCode: string, version: number }, chain: { route: Array<ChainLevel>, phase: CertificationPhase, waitingSince: string | null, waitingFor: { level: ChainLevel, regionCode: string | null } | null, steps: Array<{ action: ChainAction, level: ChainLevel | null, regionCode: string | null, comment: string | null, at: string }> } } };

export const CommunityListItemFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CommunityListItem"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Community"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"regionCode"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]} as unknown as DocumentNode<CommunityListItemFragment, unknown>;
export const RegionNameFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RegionName"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Region"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"fullName"}}]}}]} as unknown as DocumentNode<RegionNameFragment, unknown>;
export const CommunityDetailFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CommunityDetail"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Community"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CommunityListItem"}},{"kind":"Field","name":{"kind":"Name","value":"region"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"RegionName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"launchedOn"}},{"kind":"Field","name":{"kind":"Name","value":"population"}},{"kind":"Field","name":{"kind":"Name","value":"areaKm2"}},{"kind":"Field","name":{"kind":"Name","value":"administrativeVillages"}},{"kind":"Field","name":{"kind":"Name","value":"residentialCommittees"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"stageHistory"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"on"}}]}},{"kind":"Field","name":{"kind":"Name","value":"committee"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"chairUnit"}},{"kind":"Field","name":{"kind":"Name","value":"establishedOn"}},{"kind":"Field","name":{"kind":"Name","value":"members"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"organisation"}},{"kind":"Field","name":{"kind":"Name","value":"sector"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"position"}}]}},{"kind":"Field","name":{"kind":"Name","value":"workingGroups"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"leadOrganisation"}},{"kind":"Field","name":{"kind":"Name","value":"focus"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CommunityListItem"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Community"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"regionCode"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RegionName"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Region"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"fullName"}}]}}]} as unknown as DocumentNode<CommunityDetailFragment, unknown>;
export const IncidentFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"IncidentFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Incident"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"communityId"}},{"kind":"Field","name":{"kind":"Name","value":"externalId"}},{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}},{"kind":"Field","name":{"kind":"Name","value":"cause"}},{"kind":"Field","name":{"kind":"Name","value":"intent"}},{"kind":"Field","name":{"kind":"Name","value":"place"}},{"kind":"Field","name":{"kind":"Name","value":"activity"}},{"kind":"Field","name":{"kind":"Name","value":"accidentType"}},{"kind":"Field","name":{"kind":"Name","value":"severity"}},{"kind":"Field","name":{"kind":"Name","value":"deaths"}},{"kind":"Field","name":{"kind":"Name","value":"injured"}},{"kind":"Field","name":{"kind":"Name","value":"economicLoss"}},{"kind":"Field","name":{"kind":"Name","value":"victimAgeGroup"}},{"kind":"Field","name":{"kind":"Name","value":"victimSex"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<IncidentFieldsFragment, unknown>;
export const EvidenceFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"EvidenceFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Evidence"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"ownerType"}},{"kind":"Field","name":{"kind":"Name","value":"ownerId"}},{"kind":"Field","name":{"kind":"Name","value":"fileName"}},{"kind":"Field","name":{"kind":"Name","value":"contentType"}},{"kind":"Field","name":{"kind":"Name","value":"size"}},{"kind":"Field","name":{"kind":"Name","value":"sha256"}},{"kind":"Field","name":{"kind":"Name","value":"element"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"rejectionReason"}},{"kind":"Field","name":{"kind":"Name","value":"uploadedAt"}},{"kind":"Field","name":{"kind":"Name","value":"availableAt"}},{"kind":"Field","name":{"kind":"Name","value":"downloadUrl"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]} as unknown as DocumentNode<EvidenceFieldsFragment, unknown>;
export const ProjectListItemFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ProjectListItem"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Project"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"startOn"}},{"kind":"Field","name":{"kind":"Name","value":"endOn"}},{"kind":"Field","name":{"kind":"Name","value":"interventionCount"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]} as unknown as DocumentNode<ProjectListItemFragment, unknown>;
export const ActivityListItemFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ActivityListItem"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Activity"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"topic"}},{"kind":"Field","name":{"kind":"Name","value":"heldOn"}},{"kind":"Field","name":{"kind":"Name","value":"attendeeCount"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]} as unknown as DocumentNode<ActivityListItemFragment, unknown>;
export const PageFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PageFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PageInfo"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]} as unknown as DocumentNode<PageFieldsFragment, unknown>;
export const FiguresFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"Figures"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"IncidentFigures"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"deaths"}},{"kind":"Field","name":{"kind":"Name","value":"injured"}},{"kind":"Field","name":{"kind":"Name","value":"economicLoss"}}]}}]} as unknown as DocumentNode<FiguresFragment, unknown>;
export const ComparisonFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"Comparison"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"IncidentComparison"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"current"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"Figures"}}]}},{"kind":"Field","name":{"kind":"Name","value":"yearEarlier"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"Figures"}}]}},{"kind":"Field","name":{"kind":"Name","value":"changePercent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"deaths"}},{"kind":"Field","name":{"kind":"Name","value":"injured"}},{"kind":"Field","name":{"kind":"Name","value":"economicLoss"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"Figures"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"IncidentFigures"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"deaths"}},{"kind":"Field","name":{"kind":"Name","value":"injured"}},{"kind":"Field","name":{"kind":"Name","value":"economicLoss"}}]}}]} as unknown as DocumentNode<ComparisonFragment, unknown>;
export const ChainFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ChainFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CertificationChain"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"route"}},{"kind":"Field","name":{"kind":"Name","value":"phase"}},{"kind":"Field","name":{"kind":"Name","value":"waitingFor"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"regionCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"waitingSince"}},{"kind":"Field","name":{"kind":"Name","value":"steps"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"regionCode"}},{"kind":"Field","name":{"kind":"Name","value":"comment"}},{"kind":"Field","name":{"kind":"Name","value":"at"}}]}}]}}]} as unknown as DocumentNode<ChainFieldsFragment, unknown>;
export const CertificationListItemFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CertificationListItem"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Certification"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"appliedOn"}},{"kind":"Field","name":{"kind":"Name","value":"reReview"}},{"kind":"Field","name":{"kind":"Name","value":"decision"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"community"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CommunityListItem"}}]}},{"kind":"Field","name":{"kind":"Name","value":"chain"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ChainFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CommunityListItem"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Community"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"regionCode"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ChainFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CertificationChain"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"route"}},{"kind":"Field","name":{"kind":"Name","value":"phase"}},{"kind":"Field","name":{"kind":"Name","value":"waitingFor"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"regionCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"waitingSince"}},{"kind":"Field","name":{"kind":"Name","value":"steps"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"regionCode"}},{"kind":"Field","name":{"kind":"Name","value":"comment"}},{"kind":"Field","name":{"kind":"Name","value":"at"}}]}}]}}]} as unknown as DocumentNode<CertificationListItemFragment, unknown>;
export const IncidentSummaryDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"IncidentSummary"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"regionCode"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"period"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AnalyticsPeriodInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"incidentSummary"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"regionCode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"regionCode"}}},{"kind":"Argument","name":{"kind":"Name","value":"period"},"value":{"kind":"Variable","name":{"kind":"Name","value":"period"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"region"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"RegionName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"period"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"to"}}]}},{"kind":"Field","name":{"kind":"Name","value":"total"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"Comparison"}}]}},{"kind":"Field","name":{"kind":"Name","value":"population"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"communities"}},{"kind":"Field","name":{"kind":"Name","value":"communitiesWithPopulation"}},{"kind":"Field","name":{"kind":"Name","value":"population"}}]}},{"kind":"Field","name":{"kind":"Name","value":"ratesPer10000"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"deaths"}},{"kind":"Field","name":{"kind":"Name","value":"injured"}}]}},{"kind":"Field","name":{"kind":"Name","value":"byCause"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cause"}},{"kind":"Field","name":{"kind":"Name","value":"current"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"Figures"}}]}},{"kind":"Field","name":{"kind":"Name","value":"changePercent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"count"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"byPlace"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"place"}},{"kind":"Field","name":{"kind":"Name","value":"current"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"Figures"}}]}},{"kind":"Field","name":{"kind":"Name","value":"changePercent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"count"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"Figures"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"IncidentFigures"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"deaths"}},{"kind":"Field","name":{"kind":"Name","value":"injured"}},{"kind":"Field","name":{"kind":"Name","value":"economicLoss"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RegionName"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Region"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"fullName"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"Comparison"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"IncidentComparison"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"current"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"Figures"}}]}},{"kind":"Field","name":{"kind":"Name","value":"yearEarlier"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"Figures"}}]}},{"kind":"Field","name":{"kind":"Name","value":"changePercent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"deaths"}},{"kind":"Field","name":{"kind":"Name","value":"injured"}},{"kind":"Field","name":{"kind":"Name","value":"economicLoss"}}]}}]}}]} as unknown as DocumentNode<IncidentSummaryQuery, IncidentSummaryQueryVariables>;
export const IncidentRegionBreakdownDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"IncidentRegionBreakdown"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"regionCode"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"period"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AnalyticsPeriodInput"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"sortBy"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"IncidentBreakdownSort"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"descending"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"incidentRegionBreakdown"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"regionCode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"regionCode"}}},{"kind":"Argument","name":{"kind":"Name","value":"period"},"value":{"kind":"Variable","name":{"kind":"Name","value":"period"}}},{"kind":"Argument","name":{"kind":"Name","value":"sortBy"},"value":{"kind":"Variable","name":{"kind":"Name","value":"sortBy"}}},{"kind":"Argument","name":{"kind":"Name","value":"descending"},"value":{"kind":"Variable","name":{"kind":"Name","value":"descending"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"region"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"RegionName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"period"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"label"}}]}},{"kind":"Field","name":{"kind":"Name","value":"total"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"Comparison"}}]}},{"kind":"Field","name":{"kind":"Name","value":"children"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"region"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"RegionName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"current"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"Figures"}}]}},{"kind":"Field","name":{"kind":"Name","value":"yearEarlier"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"Figures"}}]}},{"kind":"Field","name":{"kind":"Name","value":"changePercent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"Field","name":{"kind":"Name","value":"ratesPer10000"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"count"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"Figures"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"IncidentFigures"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"deaths"}},{"kind":"Field","name":{"kind":"Name","value":"injured"}},{"kind":"Field","name":{"kind":"Name","value":"economicLoss"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RegionName"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Region"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"fullName"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"Comparison"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"IncidentComparison"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"current"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"Figures"}}]}},{"kind":"Field","name":{"kind":"Name","value":"yearEarlier"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"Figures"}}]}},{"kind":"Field","name":{"kind":"Name","value":"changePercent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"deaths"}},{"kind":"Field","name":{"kind":"Name","value":"injured"}},{"kind":"Field","name":{"kind":"Name","value":"economicLoss"}}]}}]}}]} as unknown as DocumentNode<IncidentRegionBreakdownQuery, IncidentRegionBreakdownQueryVariables>;
export const IncidentTrendDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"IncidentTrend"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"regionCode"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"from"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"to"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"granularity"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"TrendGranularity"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"incidentTrend"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"regionCode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"regionCode"}}},{"kind":"Argument","name":{"kind":"Name","value":"from"},"value":{"kind":"Variable","name":{"kind":"Name","value":"from"}}},{"kind":"Argument","name":{"kind":"Name","value":"to"},"value":{"kind":"Variable","name":{"kind":"Name","value":"to"}}},{"kind":"Argument","name":{"kind":"Name","value":"granularity"},"value":{"kind":"Variable","name":{"kind":"Name","value":"granularity"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"region"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"RegionName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"granularity"}},{"kind":"Field","name":{"kind":"Name","value":"points"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"period"}},{"kind":"Field","name":{"kind":"Name","value":"figures"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"Figures"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RegionName"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Region"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"fullName"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"Figures"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"IncidentFigures"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"deaths"}},{"kind":"Field","name":{"kind":"Name","value":"injured"}},{"kind":"Field","name":{"kind":"Name","value":"economicLoss"}}]}}]} as unknown as DocumentNode<IncidentTrendQuery, IncidentTrendQueryVariables>;
export const CreationSummaryDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CreationSummary"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"regionCode"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"period"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AnalyticsPeriodInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"creationSummary"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"regionCode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"regionCode"}}},{"kind":"Argument","name":{"kind":"Name","value":"period"},"value":{"kind":"Variable","name":{"kind":"Name","value":"period"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"region"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"RegionName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"period"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"label"}}]}},{"kind":"Field","name":{"kind":"Name","value":"communities"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"byStage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"certifications"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"applications"}},{"kind":"Field","name":{"kind":"Name","value":"designations"}},{"kind":"Field","name":{"kind":"Name","value":"reDesignations"}}]}},{"kind":"Field","name":{"kind":"Name","value":"projects"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"projects"}},{"kind":"Field","name":{"kind":"Name","value":"interventions"}},{"kind":"Field","name":{"kind":"Name","value":"started"}},{"kind":"Field","name":{"kind":"Name","value":"closed"}}]}},{"kind":"Field","name":{"kind":"Name","value":"activities"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"activities"}},{"kind":"Field","name":{"kind":"Name","value":"attendees"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RegionName"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Region"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"fullName"}}]}}]} as unknown as DocumentNode<CreationSummaryQuery, CreationSummaryQueryVariables>;
export const AggregateExportDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AggregateExport"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"regionCode"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"period"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AnalyticsPeriodInput"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"format"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ExportFormat"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"aggregateExport"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"regionCode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"regionCode"}}},{"kind":"Argument","name":{"kind":"Name","value":"period"},"value":{"kind":"Variable","name":{"kind":"Name","value":"period"}}},{"kind":"Argument","name":{"kind":"Name","value":"format"},"value":{"kind":"Variable","name":{"kind":"Name","value":"format"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fileName"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"bytes"}}]}}]}}]} as unknown as DocumentNode<AggregateExportMutation, AggregateExportMutationVariables>;
export const CommunitiesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Communities"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"regionCode"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"stage"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"CommunityStage"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"communities"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"regionCode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"regionCode"}}},{"kind":"Argument","name":{"kind":"Name","value":"stage"},"value":{"kind":"Variable","name":{"kind":"Name","value":"stage"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PageFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CommunityListItem"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PageFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PageInfo"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CommunityListItem"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Community"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"regionCode"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]} as unknown as DocumentNode<CommunitiesQuery, CommunitiesQueryVariables>;
export const CommunityDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Community"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"community"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CommunityDetail"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CommunityListItem"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Community"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"regionCode"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RegionName"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Region"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"fullName"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CommunityDetail"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Community"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CommunityListItem"}},{"kind":"Field","name":{"kind":"Name","value":"region"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"RegionName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"launchedOn"}},{"kind":"Field","name":{"kind":"Name","value":"population"}},{"kind":"Field","name":{"kind":"Name","value":"areaKm2"}},{"kind":"Field","name":{"kind":"Name","value":"administrativeVillages"}},{"kind":"Field","name":{"kind":"Name","value":"residentialCommittees"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"stageHistory"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"on"}}]}},{"kind":"Field","name":{"kind":"Name","value":"committee"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"chairUnit"}},{"kind":"Field","name":{"kind":"Name","value":"establishedOn"}},{"kind":"Field","name":{"kind":"Name","value":"members"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"organisation"}},{"kind":"Field","name":{"kind":"Name","value":"sector"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"position"}}]}},{"kind":"Field","name":{"kind":"Name","value":"workingGroups"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"leadOrganisation"}},{"kind":"Field","name":{"kind":"Name","value":"focus"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<CommunityQuery, CommunityQueryVariables>;
export const CommunityRecordsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CommunityRecords"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"10"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"community"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"committee"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"chairUnit"}},{"kind":"Field","name":{"kind":"Name","value":"members"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"organisation"}},{"kind":"Field","name":{"kind":"Name","value":"sector"}},{"kind":"Field","name":{"kind":"Name","value":"role"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"incidents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PageFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"IncidentFields"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"projects"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PageFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ProjectListItem"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"activities"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PageFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ActivityListItem"}}]}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PageFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PageInfo"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"IncidentFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Incident"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"communityId"}},{"kind":"Field","name":{"kind":"Name","value":"externalId"}},{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}},{"kind":"Field","name":{"kind":"Name","value":"cause"}},{"kind":"Field","name":{"kind":"Name","value":"intent"}},{"kind":"Field","name":{"kind":"Name","value":"place"}},{"kind":"Field","name":{"kind":"Name","value":"activity"}},{"kind":"Field","name":{"kind":"Name","value":"accidentType"}},{"kind":"Field","name":{"kind":"Name","value":"severity"}},{"kind":"Field","name":{"kind":"Name","value":"deaths"}},{"kind":"Field","name":{"kind":"Name","value":"injured"}},{"kind":"Field","name":{"kind":"Name","value":"economicLoss"}},{"kind":"Field","name":{"kind":"Name","value":"victimAgeGroup"}},{"kind":"Field","name":{"kind":"Name","value":"victimSex"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ProjectListItem"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Project"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"startOn"}},{"kind":"Field","name":{"kind":"Name","value":"endOn"}},{"kind":"Field","name":{"kind":"Name","value":"interventionCount"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ActivityListItem"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Activity"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"topic"}},{"kind":"Field","name":{"kind":"Name","value":"heldOn"}},{"kind":"Field","name":{"kind":"Name","value":"attendeeCount"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]} as unknown as DocumentNode<CommunityRecordsQuery, CommunityRecordsQueryVariables>;
export const IncidentsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Incidents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"communityId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"from"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"to"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"cause"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"InjuryCause"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"place"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"InjuryPlace"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"incidents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"communityId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"communityId"}}},{"kind":"Argument","name":{"kind":"Name","value":"from"},"value":{"kind":"Variable","name":{"kind":"Name","value":"from"}}},{"kind":"Argument","name":{"kind":"Name","value":"to"},"value":{"kind":"Variable","name":{"kind":"Name","value":"to"}}},{"kind":"Argument","name":{"kind":"Name","value":"cause"},"value":{"kind":"Variable","name":{"kind":"Name","value":"cause"}}},{"kind":"Argument","name":{"kind":"Name","value":"place"},"value":{"kind":"Variable","name":{"kind":"Name","value":"place"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PageFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"IncidentFields"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PageFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PageInfo"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"IncidentFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Incident"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"communityId"}},{"kind":"Field","name":{"kind":"Name","value":"externalId"}},{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}},{"kind":"Field","name":{"kind":"Name","value":"cause"}},{"kind":"Field","name":{"kind":"Name","value":"intent"}},{"kind":"Field","name":{"kind":"Name","value":"place"}},{"kind":"Field","name":{"kind":"Name","value":"activity"}},{"kind":"Field","name":{"kind":"Name","value":"accidentType"}},{"kind":"Field","name":{"kind":"Name","value":"severity"}},{"kind":"Field","name":{"kind":"Name","value":"deaths"}},{"kind":"Field","name":{"kind":"Name","value":"injured"}},{"kind":"Field","name":{"kind":"Name","value":"economicLoss"}},{"kind":"Field","name":{"kind":"Name","value":"victimAgeGroup"}},{"kind":"Field","name":{"kind":"Name","value":"victimSex"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<IncidentsQuery, IncidentsQueryVariables>;
export const IncidentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Incident"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"incident"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"IncidentFields"}},{"kind":"Field","name":{"kind":"Name","value":"changes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"actor"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"fields"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"before"}},{"kind":"Field","name":{"kind":"Name","value":"after"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"IncidentFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Incident"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"communityId"}},{"kind":"Field","name":{"kind":"Name","value":"externalId"}},{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}},{"kind":"Field","name":{"kind":"Name","value":"cause"}},{"kind":"Field","name":{"kind":"Name","value":"intent"}},{"kind":"Field","name":{"kind":"Name","value":"place"}},{"kind":"Field","name":{"kind":"Name","value":"activity"}},{"kind":"Field","name":{"kind":"Name","value":"accidentType"}},{"kind":"Field","name":{"kind":"Name","value":"severity"}},{"kind":"Field","name":{"kind":"Name","value":"deaths"}},{"kind":"Field","name":{"kind":"Name","value":"injured"}},{"kind":"Field","name":{"kind":"Name","value":"economicLoss"}},{"kind":"Field","name":{"kind":"Name","value":"victimAgeGroup"}},{"kind":"Field","name":{"kind":"Name","value":"victimSex"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<IncidentQuery, IncidentQueryVariables>;
export const CreateIncidentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateIncident"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateIncidentInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createIncident"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"IncidentFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"IncidentFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Incident"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"communityId"}},{"kind":"Field","name":{"kind":"Name","value":"externalId"}},{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}},{"kind":"Field","name":{"kind":"Name","value":"cause"}},{"kind":"Field","name":{"kind":"Name","value":"intent"}},{"kind":"Field","name":{"kind":"Name","value":"place"}},{"kind":"Field","name":{"kind":"Name","value":"activity"}},{"kind":"Field","name":{"kind":"Name","value":"accidentType"}},{"kind":"Field","name":{"kind":"Name","value":"severity"}},{"kind":"Field","name":{"kind":"Name","value":"deaths"}},{"kind":"Field","name":{"kind":"Name","value":"injured"}},{"kind":"Field","name":{"kind":"Name","value":"economicLoss"}},{"kind":"Field","name":{"kind":"Name","value":"victimAgeGroup"}},{"kind":"Field","name":{"kind":"Name","value":"victimSex"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<CreateIncidentMutation, CreateIncidentMutationVariables>;
export const CorrectIncidentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CorrectIncident"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CorrectIncidentInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"correctIncident"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"IncidentFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"IncidentFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Incident"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"communityId"}},{"kind":"Field","name":{"kind":"Name","value":"externalId"}},{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}},{"kind":"Field","name":{"kind":"Name","value":"cause"}},{"kind":"Field","name":{"kind":"Name","value":"intent"}},{"kind":"Field","name":{"kind":"Name","value":"place"}},{"kind":"Field","name":{"kind":"Name","value":"activity"}},{"kind":"Field","name":{"kind":"Name","value":"accidentType"}},{"kind":"Field","name":{"kind":"Name","value":"severity"}},{"kind":"Field","name":{"kind":"Name","value":"deaths"}},{"kind":"Field","name":{"kind":"Name","value":"injured"}},{"kind":"Field","name":{"kind":"Name","value":"economicLoss"}},{"kind":"Field","name":{"kind":"Name","value":"victimAgeGroup"}},{"kind":"Field","name":{"kind":"Name","value":"victimSex"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<CorrectIncidentMutation, CorrectIncidentMutationVariables>;
export const DeleteIncidentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeleteIncident"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DeleteIncidentInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteIncident"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"communityId"}},{"kind":"Field","name":{"kind":"Name","value":"change"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]}}]} as unknown as DocumentNode<DeleteIncidentMutation, DeleteIncidentMutationVariables>;
export const RequestEvidenceUploadDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RequestEvidenceUpload"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RequestEvidenceUploadInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"requestEvidenceUpload"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"evidence"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"EvidenceFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"upload"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"fields"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"EvidenceFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Evidence"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"ownerType"}},{"kind":"Field","name":{"kind":"Name","value":"ownerId"}},{"kind":"Field","name":{"kind":"Name","value":"fileName"}},{"kind":"Field","name":{"kind":"Name","value":"contentType"}},{"kind":"Field","name":{"kind":"Name","value":"size"}},{"kind":"Field","name":{"kind":"Name","value":"sha256"}},{"kind":"Field","name":{"kind":"Name","value":"element"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"rejectionReason"}},{"kind":"Field","name":{"kind":"Name","value":"uploadedAt"}},{"kind":"Field","name":{"kind":"Name","value":"availableAt"}},{"kind":"Field","name":{"kind":"Name","value":"downloadUrl"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]} as unknown as DocumentNode<RequestEvidenceUploadMutation, RequestEvidenceUploadMutationVariables>;
export const EvidenceStatusDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"EvidenceStatus"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"evidence"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"EvidenceFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"EvidenceFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Evidence"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"ownerType"}},{"kind":"Field","name":{"kind":"Name","value":"ownerId"}},{"kind":"Field","name":{"kind":"Name","value":"fileName"}},{"kind":"Field","name":{"kind":"Name","value":"contentType"}},{"kind":"Field","name":{"kind":"Name","value":"size"}},{"kind":"Field","name":{"kind":"Name","value":"sha256"}},{"kind":"Field","name":{"kind":"Name","value":"element"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"rejectionReason"}},{"kind":"Field","name":{"kind":"Name","value":"uploadedAt"}},{"kind":"Field","name":{"kind":"Name","value":"availableAt"}},{"kind":"Field","name":{"kind":"Name","value":"downloadUrl"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]} as unknown as DocumentNode<EvidenceStatusQuery, EvidenceStatusQueryVariables>;
export const PendingEndorsementsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PendingEndorsements"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"level"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ChainLevel"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"regionCode"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pendingEndorsements"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"level"},"value":{"kind":"Variable","name":{"kind":"Name","value":"level"}}},{"kind":"Argument","name":{"kind":"Name","value":"regionCode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"regionCode"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PageFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CertificationListItem"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CommunityListItem"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Community"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"regionCode"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ChainFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CertificationChain"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"route"}},{"kind":"Field","name":{"kind":"Name","value":"phase"}},{"kind":"Field","name":{"kind":"Name","value":"waitingFor"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"regionCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"waitingSince"}},{"kind":"Field","name":{"kind":"Name","value":"steps"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"regionCode"}},{"kind":"Field","name":{"kind":"Name","value":"comment"}},{"kind":"Field","name":{"kind":"Name","value":"at"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PageFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PageInfo"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CertificationListItem"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Certification"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"appliedOn"}},{"kind":"Field","name":{"kind":"Name","value":"reReview"}},{"kind":"Field","name":{"kind":"Name","value":"decision"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"community"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CommunityListItem"}}]}},{"kind":"Field","name":{"kind":"Name","value":"chain"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ChainFields"}}]}}]}}]} as unknown as DocumentNode<PendingEndorsementsQuery, PendingEndorsementsQueryVariables>;
export const DesignationsDueDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DesignationsDue"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"regionCode"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"within"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"designationsDue"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"regionCode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"regionCode"}}},{"kind":"Argument","name":{"kind":"Name","value":"within"},"value":{"kind":"Variable","name":{"kind":"Name","value":"within"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PageFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"dueOn"}},{"kind":"Field","name":{"kind":"Name","value":"daysLeft"}},{"kind":"Field","name":{"kind":"Name","value":"overdue"}},{"kind":"Field","name":{"kind":"Name","value":"cycle"}},{"kind":"Field","name":{"kind":"Name","value":"siteVisitRequired"}},{"kind":"Field","name":{"kind":"Name","value":"atRisk"}},{"kind":"Field","name":{"kind":"Name","value":"community"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CommunityListItem"}}]}},{"kind":"Field","name":{"kind":"Name","value":"certification"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"designatedOn"}},{"kind":"Field","name":{"kind":"Name","value":"reReviewDueOn"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PageFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PageInfo"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CommunityListItem"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Community"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"regionCode"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]} as unknown as DocumentNode<DesignationsDueQuery, DesignationsDueQueryVariables>;
export const CertificationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Certification"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"certification"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CertificationListItem"}},{"kind":"Field","name":{"kind":"Name","value":"standardVersion"}},{"kind":"Field","name":{"kind":"Name","value":"onSiteReviewOn"}},{"kind":"Field","name":{"kind":"Name","value":"expertGroup"}},{"kind":"Field","name":{"kind":"Name","value":"findings"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"maxScore"}},{"kind":"Field","name":{"kind":"Name","value":"onSiteOutcome"}},{"kind":"Field","name":{"kind":"Name","value":"onSiteOutcomeReason"}},{"kind":"Field","name":{"kind":"Name","value":"decidedOn"}},{"kind":"Field","name":{"kind":"Name","value":"designatedOn"}},{"kind":"Field","name":{"kind":"Name","value":"certificateNumber"}},{"kind":"Field","name":{"kind":"Name","value":"validUntil"}},{"kind":"Field","name":{"kind":"Name","value":"reReviewDueOn"}},{"kind":"Field","name":{"kind":"Name","value":"selfAssessment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"maxTotal"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CommunityListItem"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Community"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"regionCode"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ChainFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CertificationChain"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"route"}},{"kind":"Field","name":{"kind":"Name","value":"phase"}},{"kind":"Field","name":{"kind":"Name","value":"waitingFor"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"regionCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"waitingSince"}},{"kind":"Field","name":{"kind":"Name","value":"steps"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"regionCode"}},{"kind":"Field","name":{"kind":"Name","value":"comment"}},{"kind":"Field","name":{"kind":"Name","value":"at"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CertificationListItem"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Certification"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"appliedOn"}},{"kind":"Field","name":{"kind":"Name","value":"reReview"}},{"kind":"Field","name":{"kind":"Name","value":"decision"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"community"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CommunityListItem"}}]}},{"kind":"Field","name":{"kind":"Name","value":"chain"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ChainFields"}}]}}]}}]} as unknown as DocumentNode<CertificationQuery, CertificationQueryVariables>;
export const EndorseCertificationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"EndorseCertification"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"EndorseCertificationInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"endorseCertification"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CertificationListItem"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CommunityListItem"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Community"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"regionCode"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ChainFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CertificationChain"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"route"}},{"kind":"Field","name":{"kind":"Name","value":"phase"}},{"kind":"Field","name":{"kind":"Name","value":"waitingFor"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"regionCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"waitingSince"}},{"kind":"Field","name":{"kind":"Name","value":"steps"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"regionCode"}},{"kind":"Field","name":{"kind":"Name","value":"comment"}},{"kind":"Field","name":{"kind":"Name","value":"at"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CertificationListItem"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Certification"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"appliedOn"}},{"kind":"Field","name":{"kind":"Name","value":"reReview"}},{"kind":"Field","name":{"kind":"Name","value":"decision"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"community"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CommunityListItem"}}]}},{"kind":"Field","name":{"kind":"Name","value":"chain"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ChainFields"}}]}}]}}]} as unknown as DocumentNode<EndorseCertificationMutation, EndorseCertificationMutationVariables>;