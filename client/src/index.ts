/**
 * @safe-community/client: the typed documents of client/src/operations/ (XxxDocument, with their
 * result and variable types), the schema's enums and input types, and the evidence upload helper.
 * Apollo Client settings: '@safe-community/client/apollo'; urql: '@safe-community/client/urql'.
 */
export * from './gql/graphql.js';
export { graphql } from './gql/gql.js';
export {
  type ApiGraphQLError,
  createFetchExecutor,
  type EvidenceFile,
  EvidenceUploadError,
  type EvidenceUploadErrorCode,
  type GraphQLExecutor,
  GraphQLRequestError,
  sha256Hex,
  type UploadOptions,
  type UploadStep,
  uploadEvidence,
  waitForCheck,
} from './upload.js';
