import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';

/** How tests and the benchmark call a Lambda handler: the event API Gateway sends, and a Lambda context. */
export type HttpApiHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

let sequence = 0;

/** A `GET /health`, as the HTTP API delivers it (functions/graphql/health.ts). */
export function healthEvent(): APIGatewayProxyEventV2 {
  const base = graphqlEvent({});
  return {
    ...base,
    routeKey: 'GET /health',
    rawPath: '/health',
    headers: { host: 'api', accept: '*/*' },
    requestContext: { ...base.requestContext, routeKey: 'GET /health', http: { ...base.requestContext.http, method: 'GET', path: '/health' } },
    body: '',
  };
}

/** A `POST /graphql` with a JSON body, as an HTTP API (payload format 2.0) delivers it. */
export function graphqlEvent(body: unknown, headers: Record<string, string> = {}): APIGatewayProxyEventV2 {
  sequence += 1;
  const json = JSON.stringify(body);
  const now = new Date();
  return {
    version: '2.0',
    routeKey: 'POST /graphql',
    rawPath: '/graphql',
    rawQueryString: '',
    headers: {
      accept: 'application/json',
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(json)),
      host: 'bench.execute-api.cn-north-1.amazonaws.com.cn',
      'user-agent': 'safe-community-local',
      'x-forwarded-for': '127.0.0.1',
      'x-forwarded-port': '443',
      'x-forwarded-proto': 'https',
      ...headers,
    },
    requestContext: {
      accountId: '123456789012',
      apiId: 'bench',
      domainName: 'bench.execute-api.cn-north-1.amazonaws.com.cn',
      domainPrefix: 'bench',
      http: { method: 'POST', path: '/graphql', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'safe-community-local' },
      requestId: `bench-${sequence}`,
      routeKey: 'POST /graphql',
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    body: json,
    isBase64Encoded: false,
  };
}

/** The Lambda context argument; the integration passes it to the context function. */
export function lambdaContext(functionName = 'bench'): Context {
  sequence += 1;
  const notUsed = () => {
    throw new Error('deprecated Lambda context callbacks are not used');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws-cn:lambda:cn-north-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: `bench-${sequence}`,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'bench',
    getRemainingTimeInMillis: () => 10_000,
    done: notUsed,
    fail: notUsed,
    succeed: notUsed,
  };
}

/** Imports a built bundle and returns its `handler` export. */
export async function importHandler(url: string): Promise<HttpApiHandler> {
  const module = (await import(url)) as { handler?: unknown };
  if (typeof module.handler !== 'function') throw new Error(`${url} exports no handler`);
  return module.handler as HttpApiHandler;
}
