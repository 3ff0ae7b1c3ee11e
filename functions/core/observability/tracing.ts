import type { Tracer } from '@aws-lambda-powertools/tracer';

/**
 * X-Ray tracing, loaded only where it is on. The Tracer pulls in aws-xray-sdk-core (CommonJS,
 * heavy at a cold start), so nothing here imports it at module load: the first invocation of a
 * traced function awaits `startTracing()`, which imports the Tracer, creates it and captures
 * every SDK client registered so far (before its first send); clients registered later are
 * captured at once. Off Lambda, or with POWERTOOLS_TRACE_ENABLED=false, it is never loaded.
 */

/** What captureAWSv3Client takes: an SDK v3 client (its middleware stack is what it patches). */
export interface TraceableClient {
  readonly middlewareStack: { add: (...args: never[]) => unknown };
}

const registered = new Set<TraceableClient>();
let tracer: Tracer | undefined;
let starting: Promise<Tracer | undefined> | undefined;

/** Whether this process traces: in Lambda (or with an X-Ray trace id), unless POWERTOOLS_TRACE_ENABLED is false. */
export function tracingEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const flag = env.POWERTOOLS_TRACE_ENABLED?.trim().toLowerCase();
  if (flag === 'false' || flag === '0' || flag === 'n' || flag === 'no') return false;
  return Boolean(env.AWS_LAMBDA_FUNCTION_NAME || env._X_AMZN_TRACE_ID);
}

/**
 * Registers an SDK client to be captured (clients.ts calls this for every client it creates)
 * where tracing is on; elsewhere returns it untouched. The Tracer is not loaded here.
 */
export function traceClient<T extends TraceableClient>(client: T): T {
  if (!tracingEnabled()) return client;
  registered.add(client);
  if (tracer) tracer.captureAWSv3Client(client as never);
  return client;
}

/**
 * The process's Tracer, loaded and created on first call where tracing is on (undefined
 * elsewhere); every registered client is captured before this resolves.
 */
export function startTracing(serviceName: string): Promise<Tracer | undefined> {
  if (!tracingEnabled()) return Promise.resolve(undefined);
  starting ??= import('@aws-lambda-powertools/tracer').then(({ Tracer: TracerClass }) => {
    const created = new TracerClass({ serviceName, captureHTTPsRequests: false });
    for (const client of registered) created.captureAWSv3Client(client as never);
    tracer = created;
    return created;
  });
  return starting;
}

/** The Tracer if startTracing has created it (synchronous, for hooks that cannot await). */
export function currentTracer(): Tracer | undefined {
  return tracer;
}

/**
 * Runs `work` in a subsegment of the invocation's segment where the Tracer is on (annotated with
 * ColdStart and Service, as Powertools' captureLambdaHandler does, and with the error if it
 * throws); elsewhere just runs it.
 */
export async function withSubsegment<T>(name: string, work: () => Promise<T>): Promise<T> {
  const active = tracer;
  const parent = active?.getSegment();
  if (!active || !parent) return work();
  const subsegment = parent.addNewSubsegment(name);
  active.setSegment(subsegment);
  active.annotateColdStart();
  active.addServiceNameAnnotation();
  try {
    return await work();
  } catch (error) {
    subsegment.addError(error instanceof Error ? error : String(error));
    throw error;
  } finally {
    subsegment.close();
    active.setSegment(parent);
  }
}
