import { AsyncLocalStorage } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';
import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { getOperationAST, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import { METRIC_DIMENSIONS, METRIC_NAMES } from '#core/metric-names.ts';
import type { Observability } from '#core/observability.ts';
import { currentTracer } from '#core/observability/tracing.ts';
import type { AppContext } from './context.ts';

/**
 * One structured log line per GraphQL request, and its metrics, for both doors.
 *
 * A door runs each request inside `observeRequest` (the Lambda door with API Gateway's request
 * id, the local door with the caller's `x-request-id` or a generated one); the Apollo plugin
 * below fills in what only Apollo knows (the operation, the caller, the error codes) through an
 * AsyncLocalStorage, and when the door has its answer the line is logged:
 *
 *     message "graphql request", correlation_id, door, operation, operation_type, fields,
 *     role, subject, status, duration_ms, error_codes
 *
 * Never the token, the variables, the document or anything an answer holds: an incident's
 * description, names and phone numbers live only there. A request Apollo never saw (no token,
 * a refused body) still gets its line, with the code from the door's answer.
 *
 * Metrics (EMF), each with the `service` dimension: Requests and Latency by `operation` and by
 * service alone (one line a request), Errors by `code`, ColdStart once (Observability.startInvocation / the local door's first
 * request). The operation dimension is bounded: unnamed operations are `anonymous`, names longer
 * than 64 characters or outside [A-Za-z0-9_] are `other`.
 */

export interface RequestRecord {
  readonly requestId: string;
  readonly door: 'lambda' | 'http';
  readonly started: number;
  operationName: string | null;
  operationType: string | null;
  fields: readonly string[];
  role: string | null;
  subject: string | null;
  errorCodes: string[];
  /** Whether Apollo answered it (willSendResponse ran): then errorCodes are complete. */
  answered: boolean;
}

const requests = new AsyncLocalStorage<RequestRecord>();

/** The request this code runs for, if a door is observing one. */
export function currentRequest(): RequestRecord | undefined {
  return requests.getStore();
}

/** What a door answered, for the line: the HTTP status, and the body where Apollo did not answer. */
export interface DoorAnswer {
  readonly status: number;
  readonly body?: string | undefined;
  /** The codes of a door's own refusal (a body too large, say), when it knows them. */
  readonly codes?: readonly string[];
}

const MAX_FIELDS = 20;

/** The operation's name as a metric dimension: `anonymous`, the name, or `other`. */
export function operationLabel(name: string | null | undefined): string {
  if (!name) return 'anonymous';
  return name.length <= 64 && /^[A-Za-z0-9_]+$/.test(name) ? name : 'other';
}

/**
 * Runs one request of a door inside its record and, once answered, logs its line and emits its
 * metrics. `describe` turns the door's result into its status (and body).
 */
export async function observeRequest<T>(
  obs: Observability,
  start: { readonly requestId: string; readonly door: RequestRecord['door'] },
  run: () => Promise<T>,
  describe: (result: T) => DoorAnswer,
): Promise<T> {
  const record: RequestRecord = {
    requestId: start.requestId,
    door: start.door,
    started: performance.now(),
    operationName: null,
    operationType: null,
    fields: [],
    role: null,
    subject: null,
    errorCodes: [],
    answered: false,
  };
  let answer: DoorAnswer = { status: 500 };
  try {
    const result = await requests.run(record, run);
    answer = describe(result);
    return result;
  } finally {
    finish(obs, record, answer);
  }
}

function finish(obs: Observability, record: RequestRecord, answer: DoorAnswer): void {
  const durationMs = Math.round((performance.now() - record.started) * 100) / 100;
  const codes = record.answered ? record.errorCodes : codesOf(answer);
  const operation = operationLabel(record.operationName);
  obs.logger.info('graphql request', {
    correlation_id: record.requestId,
    door: record.door,
    operation,
    operation_type: record.operationType ?? undefined,
    fields: record.fields.length > 0 ? record.fields : undefined,
    role: record.role ?? undefined,
    subject: record.subject ?? undefined,
    status: answer.status,
    duration_ms: durationMs,
    error_codes: codes,
  });
  // One EMF line for both, by {service, operation} and by {service}: the alarms read Requests by
  // {service} and Errors by {service, code} exactly (metric-names.ts).
  obs.emit(
    [
      { name: METRIC_NAMES.requests, unit: 'Count', value: 1 },
      { name: METRIC_NAMES.latency, unit: 'Milliseconds', value: durationMs },
    ],
    [{ [METRIC_DIMENSIONS.operation]: operation }, {}],
  );
  const counted = new Map<string, number>();
  for (const code of codes) counted.set(code, (counted.get(code) ?? 0) + 1);
  for (const [code, count] of counted) obs.emit([{ name: METRIC_NAMES.errors, unit: 'Count', value: count }], [{ [METRIC_DIMENSIONS.code]: code }]);
}

/** An answered error's `extensions.code`; one without a code is counted as an internal error. */
function codeOf(error: { readonly extensions?: { readonly code?: unknown } | undefined }): string {
  return typeof error.extensions?.code === 'string' ? error.extensions.code : 'INTERNAL_SERVER_ERROR';
}

/** The codes of an answer Apollo did not give (the doors' own refusals), from its JSON body. */
function codesOf(answer: DoorAnswer): string[] {
  if (answer.codes) return [...answer.codes];
  if (!answer.body || answer.status < 400) return [];
  try {
    const parsed = JSON.parse(answer.body) as { errors?: { extensions?: { code?: unknown } }[] };
    return (parsed.errors ?? []).map(codeOf);
  } catch {
    return answer.status >= 500 ? ['INTERNAL_SERVER_ERROR'] : [];
  }
}

/** Top-level field names of the operation (not aliases: those are the caller's text), inline fragments followed. */
function topLevelFields(operation: OperationDefinitionNode): string[] {
  const names = new Set<string>();
  const visit = (selections: SelectionSetNode): void => {
    for (const selection of selections.selections) {
      if (names.size >= MAX_FIELDS) return;
      if (selection.kind === 'Field') names.add(selection.name.value);
      else if (selection.kind === 'InlineFragment') visit(selection.selectionSet);
    }
  };
  visit(operation.selectionSet);
  return [...names];
}

/**
 * The Apollo plugin: fills the door's record, and where the Tracer is on (in Lambda), opens an
 * X-Ray subsegment per top-level field (`## <field>`) while it resolves.
 */
export function observabilityPlugin(): ApolloServerPlugin<AppContext> {
  return {
    async requestDidStart({ contextValue }): Promise<GraphQLRequestListener<AppContext>> {
      const record = requests.getStore();
      if (record && contextValue?.principal) {
        record.role = contextValue.principal.role;
        record.subject = contextValue.principal.subject;
      }
      return {
        async didResolveOperation({ operationName, operation }) {
          if (!record) return;
          record.operationName = operationName;
          record.operationType = operation?.operation ?? null;
          record.fields = operation ? topLevelFields(operation) : [];
        },
        async executionDidStart() {
          const tracer = currentTracer();
          if (!tracer) return;
          return {
            willResolveField({ info }) {
              if (info.path.prev !== undefined) return;
              const subsegment = tracer.getSegment()?.addNewSubsegment(`## ${info.fieldName}`);
              if (!subsegment) return;
              return (error) => {
                if (error) subsegment.addError(error instanceof Error ? error : String(error));
                subsegment.close();
              };
            },
          };
        },
        async willSendResponse({ request, response, document }) {
          if (!record) return;
          record.answered = true;
          if (record.operationType === null) {
            // It failed before its operation resolved (validation, say): name it from the parsed document where it parsed.
            const operation = document ? getOperationAST(document, request.operationName) : null;
            record.operationName = operation?.name?.value ?? request.operationName ?? null;
            record.operationType = operation?.operation ?? null;
            record.fields = operation ? topLevelFields(operation) : [];
          }
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : response.body.initialResult.errors;
          record.errorCodes = (errors ?? []).map(codeOf);
        },
      };
    },
  };
}

/**
 * The server's error logger (ServerOptions.logger): an internal error once, at ERROR, with the
 * request's correlation id, the failing field's path and the original error in full (name,
 * message, stack and cause, which GraphQLError itself hides).
 */
export function errorLogger(obs: Observability): Pick<Console, 'error'> {
  return {
    error(message?: unknown, ...details: unknown[]) {
      const record = requests.getStore();
      const extras = details.map((detail) => {
        // A GraphQLError serialises as its toJSON (message, locations, path): log what it wraps.
        const wrapped = detail as { originalError?: unknown; path?: readonly (string | number)[] } | undefined;
        if (detail instanceof Error && wrapped?.originalError instanceof Error) {
          return { error: wrapped.originalError, ...(wrapped.path ? { path: wrapped.path.join('.') } : {}) };
        }
        return detail instanceof Error ? { error: detail } : { detail };
      });
      obs.logger.error({ message: String(message ?? 'error'), ...(record ? { correlation_id: record.requestId } : {}) }, ...(extras as never[]));
    },
  };
}
