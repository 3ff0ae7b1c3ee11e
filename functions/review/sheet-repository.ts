import { createHash } from 'node:crypto';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { sheetKeys } from '#core/db/keys.ts';
import type { RecordChange, WritePipeline } from '#core/db/pipeline.ts';
import { batchGet, queryAll, type StoredItem, type Table, type TransactionStep } from '#core/db/table.ts';
import { BadUserInputError, ConflictError } from '#core/errors.ts';
import type { WriteOrigin } from '#core/origin.ts';
import { type ScoringSheet, sheetRef, validateSheet } from './sheet.ts';

/** The entity of a published version's item, and its record type in the audit trail. */
export const SHEET_ENTITY = 'ScoringSheet';
const LATEST_ENTITY = 'ScoringSheetLatest';

/** A sheet version an ADMIN published: the sheet as validated, and who published it when. */
export interface PublishedSheet {
  readonly sheet: ScoringSheet;
  readonly publishedAt: string;
  /** The publisher's token subject. */
  readonly publishedBy: string;
}

/**
 * What the audit trail records of a publication: the sheet's identity and shape, and the SHA-256
 * of its canonical JSON (the stored item holds the sheet itself), not 150 items as field changes.
 */
export interface SheetPublicationRecord {
  /** `national-onsite@2`. */
  readonly id: string;
  readonly sheetId: string;
  readonly version: number;
  readonly level: string;
  readonly kind: string;
  readonly title: string;
  readonly total: number;
  readonly items: number;
  readonly sha256: string;
}

/**
 * Published scoring sheet versions (keys.ts `sheetKeys`): one immutable item per version, and a
 * LATEST item per sheet that holds the highest version and lists the sheet on gsi1. A publication
 * is one transaction through the write pipeline (operation SHEET_PUBLISHED, with its audit entry):
 * the version under attribute_not_exists (CONFLICT when it exists), the LATEST item under "below
 * this version" (BAD_USER_INPUT when a version as high was published meanwhile).
 *
 * A sheet belongs to no community and no region: its audit entry carries an empty community and
 * region and is in the sheet version's own history only (audit/trail.ts), in no community's or
 * region's log.
 */
export class SheetRepository {
  constructor(
    private readonly table: Table,
    private readonly pipeline: WritePipeline,
  ) {}

  async get(id: string, version: number): Promise<PublishedSheet | undefined> {
    const response = await this.table.client.send(new GetCommand({ TableName: this.table.name, Key: sheetKeys.version(id, version) }));
    return response.Item ? publishedOf(response.Item as StoredItem) : undefined;
  }

  /** Versions by id and number, in `refs` order (BatchGetItem): for the per-request loader. */
  async getMany(refs: readonly { readonly id: string; readonly version: number }[]): Promise<(PublishedSheet | undefined)[]> {
    const found = await batchGet(this.table, [...new Map(refs.map((ref) => [`${ref.id}@${ref.version}`, sheetKeys.version(ref.id, ref.version)])).values()]);
    const byRef = new Map(found.map((item) => [`${item.pk}|${item.sk}`, publishedOf(item)]));
    return refs.map((ref) => {
      const key = sheetKeys.version(ref.id, ref.version);
      return byRef.get(`${key.pk}|${key.sk}`);
    });
  }

  /** The highest published version of a sheet (one Query, newest first, one item). */
  async latest(id: string): Promise<PublishedSheet | undefined> {
    const response = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.name,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :v)',
        ExpressionAttributeValues: { ':pk': sheetKeys.version(id, 1).pk, ':v': sheetKeys.versionPrefix },
        ScanIndexForward: false,
        Limit: 1,
      }),
    );
    const item = response.Items?.[0];
    return item ? publishedOf(item as StoredItem) : undefined;
  }

  /** The published version numbers of a sheet, lowest first (the numbers only). */
  async versions(id: string): Promise<number[]> {
    const items = await queryAll(this.table, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :v)',
      ExpressionAttributeValues: { ':pk': sheetKeys.version(id, 1).pk, ':v': sheetKeys.versionPrefix },
      ProjectionExpression: 'version',
    });
    return items.map((item) => Number(item.version));
  }

  /** Every sheet with a published version, and its highest version (the LATEST items on gsi1). */
  async published(): Promise<{ readonly id: string; readonly latest: number }[]> {
    const items = await queryAll(this.table, { IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :all', ExpressionAttributeValues: { ':all': sheetKeys.all } });
    return items.map((item) => ({ id: String(item.sheetId), latest: Number(item.latest) }));
  }

  /** Stores a validated sheet version, all or nothing, with its audit entry. */
  async publish(sheet: ScoringSheet, origin: WriteOrigin, at = new Date().toISOString()): Promise<PublishedSheet> {
    const ref = sheetRef(sheet);
    const key = sheetKeys.version(sheet.id, sheet.version);
    const version: TransactionStep = {
      item: {
        Put: {
          TableName: this.table.name,
          Item: { ...key, entity: SHEET_ENTITY, sheetId: sheet.id, version: sheet.version, sheet, publishedAt: at, publishedBy: origin.actor.subject },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      onConditionFailed: () => new ConflictError(`the scoring sheet ${ref} exists already: publish a higher version`, 'sheet.version'),
    };
    const latest: TransactionStep = {
      item: {
        Update: {
          TableName: this.table.name,
          Key: sheetKeys.latest(sheet.id),
          UpdateExpression: 'SET entity = :entity, sheetId = :id, latest = :version, gsi1pk = :all, gsi1sk = :id, updatedAt = :at',
          ConditionExpression: 'attribute_not_exists(latest) OR latest < :version',
          ExpressionAttributeValues: { ':entity': LATEST_ENTITY, ':id': sheet.id, ':version': sheet.version, ':all': sheetKeys.all, ':at': at },
        },
      },
      onConditionFailed: () => BadUserInputError.field('sheet.version', `a version of ${sheet.id} as high as ${sheet.version} was published meanwhile: publish a higher version`),
    };
    const change: RecordChange<SheetPublicationRecord> = {
      type: SHEET_ENTITY,
      id: ref,
      // No community, no region: the entry is in the sheet version's own history only.
      communityId: '',
      regionCode: '',
      before: null,
      after: publicationRecord(sheet),
    };
    await this.pipeline.commit({ operation: 'SHEET_PUBLISHED', steps: [version, latest], changes: [change] }, origin, at);
    return { sheet, publishedAt: at, publishedBy: origin.actor.subject };
  }
}

export function publicationRecord(sheet: ScoringSheet): SheetPublicationRecord {
  return {
    id: sheetRef(sheet),
    sheetId: sheet.id,
    version: sheet.version,
    level: sheet.level,
    kind: sheet.kind,
    title: sheet.title,
    total: sheet.total,
    items: sheet.items.length,
    sha256: createHash('sha256').update(JSON.stringify(sheet)).digest('hex'),
  };
}

/** A stored version, validated again as it is read: the table is a boundary too. */
function publishedOf(item: StoredItem): PublishedSheet {
  const result = validateSheet(item.sheet);
  if (result.issues) throw new Error(`the stored scoring sheet ${item.pk}/${item.sk} is not valid: ${result.issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`);
  return { sheet: Object.freeze(result.sheet), publishedAt: String(item.publishedAt), publishedBy: String(item.publishedBy) };
}
