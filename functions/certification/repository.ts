import { ChildIndex, RecordStore } from '#core/db/records.ts';
import type { Table, TransactionStep } from '#core/db/table.ts';
import { ConflictError } from '#core/errors.ts';
import type { Certification, CertificationLevel } from './model.ts';

/**
 * Certifications in the single table.
 *   certification  pk CERTIFICATION#<id>   sk CERTIFICATION   gsi1 COMMUNITY#<cid>#CERTIFICATIONS / <appliedOn>#<id>
 *   child index    COMMUNITY#<cid> CHILDREN#CERTIFICATION (id set: a page of communities finds
 *                  their latest certification in a fixed number of BatchGetItem calls)
 *   open guard     pk CERTIFICATION_OPEN#<cid>#<level> sk GUARD: one pending application per level
 */
export class CertificationRepository {
  readonly certifications: RecordStore<Certification>;
  readonly certificationsOfCommunity: ChildIndex;

  constructor(readonly table: Table) {
    this.certifications = new RecordStore<Certification>(table, {
      kind: 'CERTIFICATION',
      label: 'certification',
      listing: (certification) => ({
        partition: `COMMUNITY#${certification.communityId}#CERTIFICATIONS`,
        position: certificationPosition(certification),
      }),
    });
    this.certificationsOfCommunity = new ChildIndex(table, 'COMMUNITY', 'CERTIFICATION');
  }

  openApplicationStep(communityId: string, level: CertificationLevel, certificationId: string): TransactionStep {
    return {
      item: {
        Put: {
          TableName: this.table.name,
          Item: { ...openGuardKey(communityId, level), entity: 'OpenCertificationGuard', certificationId },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      onConditionFailed: () =>
        new ConflictError(`the community already has a pending ${level} application; decide it first`, 'input.level'),
    };
  }

  closeApplicationStep(communityId: string, level: CertificationLevel): TransactionStep {
    return { item: { Delete: { TableName: this.table.name, Key: openGuardKey(communityId, level) } } };
  }
}

const openGuardKey = (communityId: string, level: CertificationLevel) => ({ pk: `CERTIFICATION_OPEN#${communityId}#${level}`, sk: 'GUARD' });
export const certificationPosition = (certification: Pick<Certification, 'appliedOn' | 'id'>) => `${certification.appliedOn}#${certification.id}`;
