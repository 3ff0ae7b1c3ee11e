/**
 * Every partition, sort and index key format of the single table, in one place: repositories,
 * recompute, the CDK app (IAM conditions) and the tests import them instead of repeating them.
 */

/** Audit entries (functions/audit/): append-only; no role may update or delete them. */
export const AUDIT_PK_PREFIX = 'AUDIT#';
