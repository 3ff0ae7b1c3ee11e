import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { IdeAssets } from './assets.ts';

/**
 * The IDE assets function (only in stages that have the IDE): `GET /ide/{file}` from the files
 * bundled beside this handler (dist/ide, copied in at synth; infra/constructs/ide-assets.ts), so
 * the GraphQL function's bundle and cold start carry none of them. Text goes as text and
 * gzipped or binary files base64-encoded: a Lambda response is at most 6 MB, and ide.js is 5 MB
 * (1.4 MB gzipped, which every browser accepts).
 */
export function createIdeAssetsHandler(directory: string): (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2> {
  const assets = new IdeAssets(directory);
  return async (event) => {
    const headers = Object.fromEntries(Object.entries(event.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
    if (event.requestContext.http.method !== 'GET') return { statusCode: 405, headers: { allow: 'GET', 'content-type': 'text/plain; charset=utf-8' }, body: 'GET only' };
    const answer = await assets.answer(event.rawPath, { ifNoneMatch: headers['if-none-match'], acceptEncoding: headers['accept-encoding'] });
    const text = !answer.headers['content-encoding'] && /^(text\/|application\/json)/.test(answer.headers['content-type'] ?? 'text/plain');
    return {
      statusCode: answer.status,
      headers: answer.headers,
      body: answer.body.toString(text ? 'utf8' : 'base64'),
      isBase64Encoded: !text,
    };
  };
}

export const handler = createIdeAssetsHandler(dirname(fileURLToPath(import.meta.url)));
