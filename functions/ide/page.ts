import { IDE_ASSET_PREFIX } from './assets.ts';

/**
 * The IDE's page: GraphiQL (bundled from npm into /ide/*, scripts/build-ide.ts), loaded from the
 * same origin only. Served by both doors to a GET of /graphql (or /) that asks for text/html, on
 * the local server and in every stage that has the IDE (ideEnabled): the page needs no token;
 * every query it sends does (UNAUTHENTICATED otherwise), as any client's.
 */

/** One example operation, opened as a tab of its own. */
export interface IdeExample {
  readonly audience: string;
  readonly query: string;
  readonly variables?: Record<string, unknown>;
}

/**
 * Example operations for each audience, against the demo data of `npm start` (a query with
 * another role's token answers FORBIDDEN or an empty page, as the API would). Tokens:
 * `npm run token -- --role …` as each tab's comment says.
 */
export const IDE_EXAMPLES: readonly IdeExample[] = [
  {
    audience: 'partner / community editor (社区编辑)',
    query: `# A partner front end, or the editor of 西城街道:
#   npm run token -- --role COMMUNITY_EDITOR --community com_52f5e748-02df-4b9d-85c6-6502a92aed5c
# Paste the token into the Headers tab below, then run (Ctrl-Enter).
query MyCommunities($first: Int = 5) {
  communities(first: $first) {
    totalCount
    edges {
      node {
        id
        name
        stage
        region { code name }
        recentIncidents(first: 3) { id occurredAt cause injured }
      }
    }
  }
}
`,
    variables: { first: 5 },
  },
  {
    audience: 'analyst (省级分析员)',
    query: `# A provincial analyst of 山东 (37):
#   npm run token -- --role PROVINCIAL_ANALYST --region 37
query ShandongIncidents($regionCode: String! = "37", $year: Int! = 2010) {
  incidentSummary(regionCode: $regionCode, period: { year: $year }) {
    region { code name }
    total { current { count } yearEarlier { count } }
    byCause { cause current { count } }
  }
}
`,
    variables: { regionCode: '37', year: 2010 },
  },
  {
    audience: 'reviewer (评审)',
    query: `# A reviewer of 菏泽 (3717):
#   npm run token -- --role REVIEWER --region 3717
query MyQueue($within: Int! = 365) {
  pendingEndorsements(first: 10) {
    totalCount
    edges { node { id level appliedOn community { name stage } } }
  }
  designationsDue(regionCode: "3717", within: $within, first: 5) {
    totalCount
    edges { node { dueOn daysLeft overdue community { name } } }
  }
}
`,
    variables: { within: 365 },
  },
];

/** The header editor's hint: the header every request needs, with where its token comes from. */
export const IDE_HEADERS_HINT = `{\n  "Authorization": "Bearer <token from npm run token>"\n}`;

/**
 * The page's Content-Security-Policy: scripts, styles, fonts, images and connections from this
 * origin only; workers from this origin or blob:; no plugins, frames, base or form targets.
 * Styles also allow inline ones: Monaco and GraphiQL set style attributes and insert <style>
 * elements at run time (the script that does so is still only ours).
 */
export const IDE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "manifest-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The headers of the page (the HTML): never cached, never framed, no referrer sent anywhere. */
export const IDE_PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': IDE_CSP,
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};

/** JSON inside a <script type="application/json"> element: `<` escaped, so no `</script>` can close it. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/** The page's HTML for the GraphQL endpoint at `endpoint` (a path on the same origin). */
export function idePage(endpoint = '/graphql'): string {
  const config = {
    endpoint,
    headers: IDE_HEADERS_HINT,
    tabs: IDE_EXAMPLES.map((example) => ({
      query: example.query,
      variables: example.variables ? JSON.stringify(example.variables, null, 2) : undefined,
      headers: IDE_HEADERS_HINT,
    })),
  };
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Safe Community GraphQL IDE（安全社区 GraphQL）</title>
<link rel="stylesheet" href="${IDE_ASSET_PREFIX}ide.css">
<script type="module" src="${IDE_ASSET_PREFIX}ide.js"></script>
</head>
<body style="margin:0;height:100vh">
<div id="graphiql" style="height:100vh">Loading the IDE… 正在加载…</div>
<script type="application/json" id="ide-config">${scriptJson(config)}</script>
</body>
</html>
`;
}

/**
 * Whether this deployment serves the IDE: every stage but prod, and prod only when the stage
 * flag `IDE_ENABLED=true` says so (the CDK app sets it from the `ide` context value).
 */
export function ideEnabled(stage: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const flag = env.IDE_ENABLED;
  if (flag === 'true') return true;
  if (flag === 'false') return false;
  if (flag !== undefined && flag !== '') throw new Error(`invalid configuration: IDE_ENABLED must be true or false, not ${JSON.stringify(flag)}`);
  return stage !== 'prod';
}
