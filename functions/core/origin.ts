/**
 * Who writes, as the write pipeline and the audit trail record it. Built once per request from the
 * caller (graphql/server.ts writeOrigin), or for the platform's own jobs (systemOrigin).
 */

/** A caller's subject, role and scope, or a system job (the seed, the processor). */
export interface Actor {
  readonly subject: string;
  readonly role: string;
  /** The scope the role held: community ids, a region prefix, or '*'. */
  readonly scope: string;
}

/** Who asked for a write, and in which request. */
export interface WriteOrigin {
  readonly actor: Actor;
  readonly requestId: string;
}

/** The origin of the platform's own jobs (seed, evidence processor, recompute). */
export function systemOrigin(subject: string, requestId: string): WriteOrigin {
  return { actor: { subject, role: 'SYSTEM', scope: '*' }, requestId };
}
