/**
 * The token's vocabulary, constants only: the platform's roles, ordered by privilege, and the
 * claim names in the shape Cognito ID tokens carry. principal.ts maps claims through them; the
 * CDK app reads them to create the user pool's groups and custom attributes (infra/ imports only
 * constants of functions/, biome.json enforces it), so pool and code cannot disagree.
 */
export const ROLES = ['ADMIN', 'REVIEWER', 'PROVINCIAL_ANALYST', 'COMMUNITY_EDITOR', 'REPORT_INTAKE'] as const;
export type Role = (typeof ROLES)[number];

export const CLAIMS = {
  groups: 'cognito:groups',
  communities: 'custom:communities',
  region: 'custom:region',
  /** The partner app a REPORT_INTAKE token speaks for (群众举报 intake): its id. */
  app: 'custom:app',
} as const;
