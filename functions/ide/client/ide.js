// The IDE page's script, bundled by scripts/build-ide.ts with esbuild into dist/ide/ (never
// loaded from a CDN). Plain JavaScript: the project has no React or DOM typings (tsconfig's lib
// is ES2023 and @types/react is not installed), so tsc does not check this file; Biome lints it.
import { GraphiQL } from 'graphiql';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import 'graphiql/style.css';

/**
 * Monaco's workers, each a file of its own under /ide/ (same origin: the page's CSP allows
 * workers from 'self' and blob: only), as graphiql's setup-workers modules do for bundlers.
 */
const WORKERS = { json: 'json.worker.js', graphql: 'graphql.worker.js' };
globalThis.MonacoEnvironment = {
  getWorker(_workerId, label) {
    return new Worker(new URL(`/ide/${WORKERS[label] ?? 'editor.worker.js'}`, location.origin), { name: label });
  },
};

/** The page's settings (functions/ide/page.ts): endpoint, header hint and example tabs. */
const config = JSON.parse(document.getElementById('ide-config').textContent);

/** The same origin's GraphQL endpoint, asking for the spec's media type. */
async function fetcher(request, options) {
  const response = await fetch(config.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json;q=0.9', ...(options?.headers ?? {}) },
    body: JSON.stringify(request),
  });
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    return { errors: [{ message: `HTTP ${response.status}: ${text.slice(0, 200)}` }] };
  }
}

createRoot(document.getElementById('graphiql')).render(
  createElement(GraphiQL, {
    fetcher,
    defaultTabs: config.tabs,
    defaultHeaders: config.headers,
    defaultEditorToolsVisibility: 'headers',
    // Tokens stay in the tab's editor unless the user asks GraphiQL to keep them.
    shouldPersistHeaders: false,
    visiblePlugin: 'Documentation Explorer',
  }),
);
