import { WritePipeline } from '#core/db/pipeline.ts';
import type { Table } from '#core/db/table.ts';
import { IncidentCounters } from '#analytics/counters.ts';
import { CreationCounters } from '#analytics/creation-counters.ts';
import { CommunityFigures } from '#analytics/community-figures.ts';
import { AuditTrail } from '#audit/trail.ts';
import { certificationChildIndexes } from '#certification/repository.ts';
import { evidenceChildIndexes } from '#evidence/repository.ts';
import { projectChildIndexes } from '#project/repository.ts';
import { hazardChildIndexes } from '#hazard/repository.ts';

/**
 * The write pipeline of the platform, wired once: every domain write of the API, the seed and
 * the importer commits with the steps of these contributors. A feature never imports another to
 * write; adding a contributor here adds it to every write.
 */
export function createWritePipeline(table: Table): WritePipeline {
  return new WritePipeline(table, [
    new IncidentCounters(table),
    new CreationCounters(table),
    new CommunityFigures(table),
    ...projectChildIndexes(table),
    ...certificationChildIndexes(table),
    ...evidenceChildIndexes(table),
    ...hazardChildIndexes(table),
    new AuditTrail(table),
  ]);
}
