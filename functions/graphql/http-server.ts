import { startStandaloneServer } from '@apollo/server/standalone';
import type { AppDependencies } from './server.ts';
import { createContext, createServer } from './server.ts';

/** The local door: the same server over plain HTTP at /graphql (and /). */
export async function startHttpServer(deps: AppDependencies, port: number): Promise<{ url: string; stop: () => Promise<void> }> {
  const server = createServer({ stage: deps.config.stage });
  const { url } = await startStandaloneServer(server, {
    listen: { port, host: '0.0.0.0' },
    context: async ({ req }) => createContext(deps, headerValue(req.headers.authorization)),
  });
  return { url, stop: () => server.stop() };
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
