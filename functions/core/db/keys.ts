
/**
 * Every partition, sort and index key format of the single table, in one place: repositories,
 * recompute, the CDK app (IAM conditions) and the tests import them instead of repeating them.
 */

/** Audit entries (functions/audit/): append-only; no role may update or delete them. */
export const AUDIT_PK_PREFIX = 'AUDIT#';

/**
 * An audit entry:
 *   pk AUDIT#<recordType>#<recordId>   sk <at ISO>#<entryId>        a record's history, oldest first
 *   gsi1 AUDIT#COMMUNITY#<cid>         <at ISO>#<entryId>           a community's log
 *   gsi2 AUDIT#PROVINCE#<2 digits>     <at ISO>#<entryId>           a region's log (deeper prefixes filter)
 */
export const auditKeys = {
  record: (recordType: string, recordId: string) => `${AUDIT_PK_PREFIX}${recordType}#${recordId}`,
  position: (at: string, entryId: string) => `${at}#${entryId}`,
  community: (communityId: string) => `${AUDIT_PK_PREFIX}COMMUNITY#${communityId}`,
  province: (regionCode: string) => `${AUDIT_PK_PREFIX}PROVINCE#${regionCode.slice(0, 2)}`,
} as const;

/** Evidence items (functions/evidence/): pk EVIDENCE#<evidenceId>; the evidence processor may touch these alone. */
export const EVIDENCE_PK_PREFIX = 'EVIDENCE#';

/**
 * Object key prefixes in the evidence bucket (the CDK app limits grants, lifecycle rules and the
 * processor's notification to them): evidence/<communityId>/<evidenceId>, exports/<uuid>/<file>.
 */
export const EVIDENCE_OBJECT_PREFIX = 'evidence/';
export const EXPORT_OBJECT_PREFIX = 'exports/';

/** A record of any kind: pk <KIND>#<id>, sk <KIND> (records.ts). */
export const recordKey = (kind: string, id: string) => ({ pk: `${kind}#${id}`, sk: kind });

/** A parent's set of child ids: pk <PARENT KIND>#<parentId>, sk CHILDREN#<CHILD KIND> (records.ts). */
export const childIndexKey = (parentKind: string, parentId: string, childKind: string) => ({
  pk: `${parentKind}#${parentId}`,
  sk: `CHILDREN#${childKind}`,
});

/** Communities: listed by region (gsi1) and by stage and region (gsi2); names unique per division. */
export const communityKeys = {
  kind: 'COMMUNITY',
  key: (id: string) => recordKey('COMMUNITY', id),
  all: 'COMMUNITIES',
  byStage: (stage: string) => `COMMUNITIES#${stage}`,
  position: (regionCode: string, id: string) => `${regionCode}#${id}`,
  nameGuard: (regionCode: string, name: string) => ({ pk: `COMMUNITY_NAME#${regionCode}#${name}`, sk: 'GUARD' }),
} as const;

/** Listings (gsi1 partitions) of a community's records and of a project's interventions. */
export const listingKeys = {
  projects: (communityId: string) => `COMMUNITY#${communityId}#PROJECTS`,
  interventions: (projectId: string) => `PROJECT#${projectId}#INTERVENTIONS`,
  activities: (communityId: string) => `COMMUNITY#${communityId}#ACTIVITIES`,
  surveys: (communityId: string) => `COMMUNITY#${communityId}#SURVEYS`,
  certifications: (communityId: string) => `COMMUNITY#${communityId}#CERTIFICATIONS`,
  incidents: (communityId: string) => `COMMUNITY#${communityId}#INCIDENTS`,
  /**
   * Certifications waiting for a level of the endorsement chain or its review (gsi2, sparse):
   * CERTIFICATIONS_WAITING#<LEVEL>#<region code at that level> (#NATIONAL for the national centre).
   */
  waitingCertifications: (level: string, regionCode: string | null) => `CERTIFICATIONS_WAITING#${level}#${regionCode ?? 'NATIONAL'}`,
  /**
   * A province's designations that stand (DESIGNATED, not yet ended by a re-designation or a
   * failed re-review), by re-review due date (gsi2, sparse): the re-review radar.
   */
  designationsDue: (regionCode: string) => `DESIGNATIONS_DUE#${regionCode.slice(0, 2)}`,
  /** Evidence of a community while AVAILABLE (gsi2, sparse). */
  archive: (communityId: string) => `COMMUNITY#${communityId}#ARCHIVE`,
  /**
   * Evidence of a province while PENDING_UPLOAD, by the upload URL's expiry (gsi1, sparse): the
   * reminders job finds the uploads that never arrived with one Query per province.
   */
  pendingUploads: (regionCode: string) => `EVIDENCE_PENDING_UPLOAD#${regionCode.slice(0, 2)}`,
  /** Self-assessments and on-site scores of a community, by `<createdAt>#<id>`. */
  assessments: (communityId: string) => `COMMUNITY#${communityId}#ASSESSMENTS`,
  /** The hazard register (functions/hazard/): a community's grid cells, by `<createdAt>#<id>`. */
  gridCells: (communityId: string) => `COMMUNITY#${communityId}#GRID_CELLS`,
  /** A community's hazard sources by risk level, red first: `<rank 1–4>#<createdAt>#<id>`. */
  hazardSources: (communityId: string) => `COMMUNITY#${communityId}#HAZARD_SOURCES`,
  /** A community's supervised units by grade: `<A–D>#<createdAt>#<id>`. */
  supervisedUnits: (communityId: string) => `COMMUNITY#${communityId}#SUPERVISED_UNITS`,
  /** A community's inspections (functions/hazard/inspection-*.ts), by `<heldOn>#<createdAt>#<id>`. */
  inspections: (communityId: string) => `COMMUNITY#${communityId}#INSPECTIONS`,
  /** A community's hidden dangers (隐患) by deadline, earliest first: `<deadline>#<createdAt>#<id>`. */
  hiddenDangers: (communityId: string) => `COMMUNITY#${communityId}#HIDDEN_DANGERS`,
  /**
   * A province's hidden dangers while they await their fix (OPEN or RECTIFYING), by deadline (gsi2,
   * sparse): the reminders job finds the overdue ones, to escalate, with one Query per province.
   */
  dangersAwaiting: (regionCode: string) => `HIDDEN_DANGERS_AWAITING#${regionCode.slice(0, 2)}`,
  /**
   * A province's supervised units and hazard sources not REMOVED, by their next inspection's due
   * day (gsi2, sparse: one item per subject, functions/hazard/inspection-schedule.ts), for the
   * regional `inspectionsDue` and the reminders job's missed dues: `<dueOn>#<SUBJECT KIND>#<id>`.
   */
  inspectionsDue: (regionCode: string) => `INSPECTIONS_DUE#${regionCode.slice(0, 2)}`,
  /** A community's residents' reports (群众举报, functions/hazard/report-*.ts), by `<receivedOn>#<receivedAt>#<id>`. */
  residentReports: (communityId: string) => `COMMUNITY#${communityId}#RESIDENT_REPORTS`,
  /**
   * A province's residents' reports while unanswered (RECEIVED), by received day (gsi2, sparse):
   * the reminders job finds the overdue ones (REPORT_OVERDUE) with one Query per province.
   */
  reportsUnanswered: (regionCode: string) => `RESIDENT_REPORTS_UNANSWERED#${regionCode.slice(0, 2)}`,
} as const;

/**
 * A supervised unit's or hazard source's last inspection: an item beside the subject's record,
 * pk <SUBJECT KIND>#<id> sk LAST_INSPECTION, written in the inspection's transaction.
 */
export const lastInspectionKey = (subjectKind: 'SUPERVISED_UNIT' | 'HAZARD_SOURCE', subjectId: string) => ({ pk: `${subjectKind}#${subjectId}`, sk: 'LAST_INSPECTION' });

/**
 * A supervised unit's or hazard source's next due day: an item beside the subject's record,
 * pk <SUBJECT KIND>#<id> sk INSPECTION_DUE, in its province's listing (listingKeys.inspectionsDue),
 * rewritten in the transaction of every write that moves the day.
 */
export const inspectionDueKey = (subjectKind: 'SUPERVISED_UNIT' | 'HAZARD_SOURCE', subjectId: string) => ({ pk: `${subjectKind}#${subjectId}`, sk: 'INSPECTION_DUE' });

/** The partition key prefixes of the inspected subjects (their records and the items beside them: last inspection, due item). */
export const INSPECTION_SUBJECT_PK_PREFIXES = ['SUPERVISED_UNIT#', 'HAZARD_SOURCE#'] as const;

/**
 * Items beside a resident's report (functions/hazard/report-repository.ts) that are not its record:
 *   pk RESIDENT_REPORT#<id>                 sk PHONE        the resident's phone, apart from the audited record
 *   pk REPORT_TRACKING#<sha256 of code>     sk TRACKING     a tracking code's report and app (the code itself is never stored)
 *   pk REPORT_INTAKE_RATE#<appId>           sk <yyyy-mm-ddThh:mm>   an intake app's reports in a minute (rate limit; expires by ttl)
 */
export const residentReportKeys = {
  kind: 'RESIDENT_REPORT',
  phone: (reportId: string) => ({ pk: `RESIDENT_REPORT#${reportId}`, sk: 'PHONE' }),
  tracking: (codeDigest: string) => ({ pk: `REPORT_TRACKING#${codeDigest}`, sk: 'TRACKING' }),
  rateWindow: (appId: string, minute: string) => ({ pk: `REPORT_INTAKE_RATE#${appId}`, sk: minute }),
} as const;

/** Guards: items that exist to make a condition hold across records. */
export const guardKeys = {
  /** One pending application per community and level. */
  openCertification: (communityId: string, level: string) => ({ pk: `CERTIFICATION_OPEN#${communityId}#${level}`, sk: 'GUARD' }),
  /** One incident per source id within a community (the importer's externalId). */
  incidentExternalId: (communityId: string, externalId: string) => ({ pk: `INCIDENT_EXTERNAL#${communityId}#${externalId}`, sk: 'GUARD' }),
  /** One DRAFT self-assessment per community and level at a time. */
  assessmentDraft: (communityId: string, level: string) => ({ pk: `ASSESSMENT_DRAFT#${communityId}#${level}`, sk: 'GUARD' }),
} as const;

/** Items beside an incident or a community that are not records. */
export const incidentKeys = {
  kind: 'INCIDENT',
  key: (id: string) => recordKey('INCIDENT', id),
  /** The community's ten newest incidents, copied (recent-index.ts). */
  recent: (communityId: string) => ({ pk: `COMMUNITY#${communityId}`, sk: 'RECENT_INCIDENTS' }),
} as const;


/** The id the year's survey had before ids were tagged (`<communityId>:<year>`): stores of then keep it. */
export const untaggedSurveyId = (communityId: string, year: number) => `${communityId}:${year}`;

/**
 * Analytics counter items (analytics/counters.ts, creation-counters.ts):
 *   pk AGG#INCIDENTS#<regionCode> | AGG#CREATION#<regionCode>   sk <period>#<shard>
 */
export const counterKeyFormat = {
  incidentPrefix: 'AGG#INCIDENTS#',
  creationPrefix: 'AGG#CREATION#',
  key: (prefix: string, regionCode: string, period: string, shard: number) => ({ pk: `${prefix}${regionCode}`, sk: `${period}#${shard}` }),
  parseSortKey: (sk: string) => {
    const [period = '', shard = '0'] = sk.split('#');
    return { period, shard: Number(shard) };
  },
} as const;

/**
 * A community's own figures (analytics/community-figures.ts), one item per community and year
 * and one snapshot: pk AGG#COMMUNITY#<communityId>   sk Y<yyyy> | NOW.
 */
export const communityFigureKeys = {
  prefix: 'AGG#COMMUNITY#',
  year: (communityId: string, year: number | string) => ({ pk: `AGG#COMMUNITY#${communityId}`, sk: `Y${year}` }),
  snapshot: (communityId: string) => ({ pk: `AGG#COMMUNITY#${communityId}`, sk: 'NOW' }),
} as const;

/**
 * Review packs (functions/review-pack/), each a job that builds one ZIP of a community's archive:
 *   pk REVIEW_PACK#<packId>                 sk REVIEW_PACK   the job record (status, result), written through the pipeline
 *   pk REVIEW_PACK#<packId>                 sk PROGRESS      files and bytes written so far: a gauge the job updates, not a record
 *   pk REVIEW_PACK_RUNNING#<communityId>    sk GUARD         the community's pack being built (its id and lease): one at a time
 * The pack job's role may touch these alone (LeadingKeys), besides its reads and audit entries.
 */
export const REVIEW_PACK_PK_PREFIX = 'REVIEW_PACK#';
export const REVIEW_PACK_GUARD_PK_PREFIX = 'REVIEW_PACK_RUNNING#';
export const reviewPackKeys = {
  kind: 'REVIEW_PACK',
  key: (packId: string) => recordKey('REVIEW_PACK', packId),
  progress: (packId: string) => ({ pk: `${REVIEW_PACK_PK_PREFIX}${packId}`, sk: 'PROGRESS' }),
  runningGuard: (communityId: string) => ({ pk: `${REVIEW_PACK_GUARD_PK_PREFIX}${communityId}`, sk: 'GUARD' }),
} as const;

/**
 * Incident import jobs (functions/incident/import-job*.ts): a browser's upload imported by a job.
 *   job        pk IMPORT_JOB#<id>                        sk IMPORT_JOB   through the write pipeline (audit entries)
 *   progress   pk IMPORT_JOB#<id>                        sk PROGRESS     a gauge: UpdateItem, no version, no audit entry
 *   file guard pk IMPORT_FILE#<communityId>#<sha256>     sk GUARD        { jobId }: one job per file and community
 * The uploaded file is the object imports/<communityId>/<jobId>; its rejected rows exports/import-<jobId>/….
 */
export const IMPORT_JOB_PK_PREFIX = 'IMPORT_JOB#';
export const IMPORT_FILE_GUARD_PK_PREFIX = 'IMPORT_FILE#';
export const IMPORT_OBJECT_PREFIX = 'imports/';
export const importJobKeys = {
  kind: 'IMPORT_JOB',
  key: (jobId: string) => recordKey('IMPORT_JOB', jobId),
  progress: (jobId: string) => ({ pk: `${IMPORT_JOB_PK_PREFIX}${jobId}`, sk: 'PROGRESS' }),
  fileGuard: (communityId: string, sha256: string) => ({ pk: `${IMPORT_FILE_GUARD_PK_PREFIX}${communityId}#${sha256}`, sk: 'GUARD' }),
} as const;

/**
 * An import transaction's rows whose counters are not committed yet (functions/incident/import-counts.ts):
 *   pk IMPORT_PENDING#<communityId>   sk <audit batch id>   { incidents (gzipped JSON, as created), via, at }
 * Put in the rows' own transaction, deleted in the one that commits their counters and recent index.
 */
export const IMPORT_PENDING_PK_PREFIX = 'IMPORT_PENDING#';
export const importPendingKeys = {
  partition: (communityId: string) => `${IMPORT_PENDING_PK_PREFIX}${communityId}`,
  key: (communityId: string, batchId: string) => ({ pk: `${IMPORT_PENDING_PK_PREFIX}${communityId}`, sk: batchId }),
} as const;

/** The local runner's marker that the demo data was loaded (scripts/seed/load.ts). */
export const seedMarkerKey = { pk: 'SEED', sk: 'DEMO' } as const;

/**
 * Scoring sheet versions an ADMIN published (review/sheet-repository.ts); the bundled versions
 * are files (review/sheets/), never items:
 *   pk SHEET#<sheetId>   sk V<0001>     a version, immutable
 *   pk SHEET#<sheetId>   sk LATEST      the highest published version (gsi1 SHEETS, <sheetId>): lists the sheets
 */
/** The partition key prefix of published sheet versions (the review pack's job reads them by it). */
export const SHEET_PK_PREFIX = 'SHEET#';
export const sheetKeys = {
  version: (sheetId: string, version: number) => ({ pk: `SHEET#${sheetId}`, sk: `V${String(version).padStart(4, '0')}` }),
  latest: (sheetId: string) => ({ pk: `SHEET#${sheetId}`, sk: 'LATEST' }),
  versionPrefix: 'V',
  all: 'SHEETS',
} as const;

/**
 * Notifications (functions/notification/), written by the reminders job:
 *   pk NOTIFICATION#<id>                  sk NOTIFICATION      the notification, once; its id is derived from
 *                                                              (subject, rule, threshold), so a second Put fails
 *   pk NOTIFICATION_FEED#<audience>       sk <at>#<id>         a copy per audience (a community, a region code, NATIONAL), newest last
 *   pk NOTIFICATION_COUNT#<audience>      sk TOTAL             how many the audience has received (ADD 1 with each copy)
 *   pk NOTIFICATION_READ#<subject>        sk <id>              the caller has read that notification
 *   pk NOTIFICATION_READ#<subject>        sk COUNT#<audience>  how many of the audience's the caller has read
 * An audience is `COMMUNITY#<cid>`, `REGION#<code>` (a province, city, county or town code) or `NATIONAL`.
 */
export const NOTIFICATION_PK_PREFIX = 'NOTIFICATION#';
export const NOTIFICATION_FEED_PK_PREFIX = 'NOTIFICATION_FEED#';
export const NOTIFICATION_COUNT_PK_PREFIX = 'NOTIFICATION_COUNT#';
export const NOTIFICATION_READ_PK_PREFIX = 'NOTIFICATION_READ#';
export const notificationKeys = {
  kind: 'NOTIFICATION',
  communityAudience: (communityId: string) => `COMMUNITY#${communityId}`,
  regionAudience: (regionCode: string) => `REGION#${regionCode}`,
  nationalAudience: 'NATIONAL',
  feed: (audience: string) => `${NOTIFICATION_FEED_PK_PREFIX}${audience}`,
  position: (at: string, id: string) => `${at}#${id}`,
  count: (audience: string) => ({ pk: `${NOTIFICATION_COUNT_PK_PREFIX}${audience}`, sk: 'TOTAL' }),
  read: (subject: string, notificationId: string) => ({ pk: `${NOTIFICATION_READ_PK_PREFIX}${subject}`, sk: notificationId }),
  readCount: (subject: string, audience: string) => ({ pk: `${NOTIFICATION_READ_PK_PREFIX}${subject}`, sk: `COUNT#${audience}` }),
} as const;
