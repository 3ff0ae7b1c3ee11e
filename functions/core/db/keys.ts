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
