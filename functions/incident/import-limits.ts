/**
 * How many records one `importIncidents` call may carry (the CLI and the import job send files in
 * calls of this size). A module of its own: the request limits (graphql/limits.ts) size an
 * import's answer by it at module init, which must not load the importer.
 */
export const MAX_IMPORT_RECORDS = 1000;

/** DynamoDB's items per TransactWriteItems: every import transaction is packed to it. */
export const TRANSACTION_ITEM_LIMIT = 100;
