/**
 * urql (@urql/core 6) for the Safe Community API: a Client with the bearer token and GET for
 * queries, and the upload helper's executor on it. urql's document cache keys results by query
 * and variables and drops them when a mutation returns a type they contain; for normalised
 * caching use Graphcache or Apollo Client (apollo.ts).
 */
import { Client, fetchExchange, cacheExchange } from '@urql/core';
import type { GraphQLExecutor } from './upload.js';

export interface UrqlClientOptions {
  /** The GraphQL endpoint, e.g. `http://localhost:4000/graphql`. */
  readonly url: string;
  /** The bearer token, or a function that returns the current one. */
  readonly token: string | (() => string);
  /** Queries over GET (urql's `preferGetMethod`; mutations always POST). Default true. */
  readonly preferGetMethod?: boolean;
  /** A fetch of your own; the global fetch otherwise. */
  readonly fetch?: typeof fetch;
}

/** A urql Client with the platform's settings. */
export function createUrqlClient(options: UrqlClientOptions): Client {
  const token = typeof options.token === 'function' ? options.token : () => options.token as string;
  return new Client({
    url: options.url,
    exchanges: [cacheExchange, fetchExchange],
    preferGetMethod: options.preferGetMethod ?? true,
    fetchOptions: () => ({ headers: { authorization: `Bearer ${token()}` } }),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}

/** The upload helper's GraphQLExecutor on a urql Client (network-only: the helper polls). */
export function urqlExecutor(client: Client): GraphQLExecutor {
  return async (document, variables, { signal }) => {
    const operation = document.definitions.find((definition) => definition.kind === 'OperationDefinition');
    const context = { requestPolicy: 'network-only' as const, ...(signal ? { fetchOptions: { signal } } : {}) };
    const result =
      operation?.kind === 'OperationDefinition' && operation.operation === 'mutation'
        ? await client.mutation(document, variables, context).toPromise()
        : await client.query(document, variables, context).toPromise();
    if (result.error) throw result.error;
    return result.data as never;
  };
}
