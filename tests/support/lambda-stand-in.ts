import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One invocation the stand-in received. */
export interface StandInInvocation {
  readonly functionName: string;
  readonly invocationType: string;
  readonly payload: unknown;
  /** What a RequestResponse invocation answered (its handler's result), or undefined. */
  answer?: unknown;
}

export type StandInHandler = (event: unknown) => Promise<unknown>;

/**
 * Lambda's Invoke API as far as the platform uses it (POST /2015-03-31/functions/<name>/invocations),
 * for a GraphQL function configured with LAMBDA_ENDPOINT. A RequestResponse invocation runs the
 * function's handler — the real module, as Lambda would — on the JSON payload and answers 200 with
 * its JSON result; when the handler throws, 200 with X-Amz-Function-Error: Unhandled and
 * { errorType, errorMessage }, as Lambda does. An Event invocation is answered 202 and kept. A
 * function it has no handler for is 404 ResourceNotFoundException.
 */
export async function startLambdaStandIn(handlers: Readonly<Record<string, StandInHandler>>) {
  const invocations: StandInInvocation[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const name = decodeURIComponent(/^\/2015-03-31\/functions\/([^/]+)\/invocations/.exec(request.url ?? '')?.[1] ?? '');
      const handler = handlers[name];
      if (request.method !== 'POST' || !handler) {
        response.writeHead(404, { 'content-type': 'application/json', 'x-amzn-errortype': 'ResourceNotFoundException' }).end(JSON.stringify({ message: `Function not found: ${name}` }));
        return;
      }
      const invocation: StandInInvocation = {
        functionName: name,
        invocationType: String(request.headers['x-amz-invocation-type'] ?? 'RequestResponse'),
        payload: JSON.parse(Buffer.concat(chunks).toString('utf8')),
      };
      invocations.push(invocation);
      if (invocation.invocationType === 'Event') {
        response.writeHead(202, { 'content-type': 'application/json' }).end();
        return;
      }
      handler(invocation.payload).then(
        (result) => {
          invocation.answer = result;
          response.writeHead(200, { 'content-type': 'application/json', 'x-amz-executed-version': '$LATEST' }).end(JSON.stringify(result));
        },
        (error: unknown) => {
          const failure = error instanceof Error ? { errorType: error.name, errorMessage: error.message } : { errorType: 'Error', errorMessage: String(error) };
          response.writeHead(200, { 'content-type': 'application/json', 'x-amz-function-error': 'Unhandled', 'x-amz-executed-version': '$LATEST' }).end(JSON.stringify(failure));
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, invocations, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
