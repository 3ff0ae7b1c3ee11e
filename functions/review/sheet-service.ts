import DataLoader from 'dataloader';
import * as z from 'zod';
import { authorizeSheetPublication, requirePrincipal } from '#core/auth/policy.ts';
import type { Principal } from '#core/auth/principal.ts';
import { BadUserInputError, ConflictError, NotFoundError } from '#core/errors.ts';
import { parseId } from '#core/ids.ts';
import type { WriteOrigin } from '#core/origin.ts';
import type { CertificationLevel } from '#certification/model.ts';
import { bundledSheet, bundledSheets, DEFAULT_SHEET_IDS, latestBundledSheet } from './bundled-sheets.ts';
import { type ScoringSheet, type SheetItem, sheetRef, validateSheet } from './sheet.ts';
import type { PublishedSheet, SheetRepository } from './sheet-repository.ts';

/** A sheet version as the API shows it: the sheet, whether it ships with the code, and its publication. */
export type SheetView = ScoringSheet & {
  readonly bundled: boolean;
  /** When and by whom an ADMIN published it; null for a bundled version. */
  readonly publishedAt: string | null;
  readonly publishedBy: string | null;
};

const versionSchema = z.number().int('must be a whole number').min(1, 'must be at least 1').max(9999, 'must be at most 9999');

/**
 * Reading and publishing scoring sheets for one request. A version is looked up among the bundled
 * files first (bundled-sheets.ts), then in the table; sheets are immutable, so what a request read
 * once is kept for the rest of it (a DataLoader by `id@version`, the latest version per id).
 * Any signed-in role reads sheets; only an ADMIN publishes (policy `authorizeSheetPublication`).
 */
export class SheetService {
  private readonly byRef: DataLoader<string, PublishedSheet | undefined>;
  private readonly latestById = new Map<string, Promise<SheetView | undefined>>();

  constructor(
    private readonly repository: SheetRepository,
    private readonly principal: Principal | null,
    private readonly origin: WriteOrigin,
  ) {
    this.byRef = new DataLoader(
      (refs) =>
        repository.getMany(
          refs.map((ref) => {
            const at = ref.lastIndexOf('@');
            return { id: ref.slice(0, at), version: Number(ref.slice(at + 1)) };
          }),
        ),
      { maxBatchSize: 100 },
    );
  }

  /**
   * The sheet `id` at `version`, or its latest version when none is given: NOT_FOUND when there is
   * none. `field` names the argument in errors (`id`, `input.sheetId`).
   */
  async require(id: string, version?: number | null, fields: { readonly id?: string; readonly version?: string } = {}): Promise<SheetView> {
    requirePrincipal(this.principal);
    const sheetId = parseId(id, fields.id ?? 'id');
    if (version === undefined || version === null) {
      const latest = await this.latest(sheetId);
      if (!latest) throw new NotFoundError('scoring sheet', sheetId);
      return latest;
    }
    const number = this.parseVersion(version, fields.version ?? 'version');
    const found = await this.find(sheetId, number);
    if (!found) throw new NotFoundError('scoring sheet', `${sheetId}@${number}`);
    return found;
  }

  /** The latest version of the sheet a level uses by default (national-onsite, city, isccc). */
  forLevel(level: CertificationLevel): Promise<SheetView> {
    return this.require(DEFAULT_SHEET_IDS[level]);
  }

  /** The latest version of every sheet, bundled or published: the bundled sheets first, in their order. */
  async list(): Promise<SheetView[]> {
    requirePrincipal(this.principal);
    const published = await this.repository.published();
    const ids = [...new Set([...bundledSheets().map((sheet) => sheet.id), ...published.map((sheet) => sheet.id).sort()])];
    const latest = new Map(published.map((sheet) => [sheet.id, sheet.latest]));
    const views = await Promise.all(
      ids.map((id) => {
        const bundled = latestBundledSheet(id);
        const number = Math.max(bundled?.version ?? 0, latest.get(id) ?? 0);
        return this.find(id, number);
      }),
    );
    return views.filter((view): view is SheetView => view !== undefined);
  }

  /** Every version of a sheet, bundled or published, lowest first. */
  async versions(id: string): Promise<number[]> {
    requirePrincipal(this.principal);
    const bundled = bundledSheets().filter((sheet) => sheet.id === id).map((sheet) => sheet.version);
    const published = await this.repository.versions(id);
    return [...new Set([...bundled, ...published])].sort((a, b) => a - b);
  }

  /**
   * Publishes a new version from its JSON: ADMIN only; the file must pass `validateSheet` (each
   * issue an error entry naming `sheet.<path>`, nothing stored), must not exist (CONFLICT), must
   * be above the sheet's latest version and keep its level and kind (BAD_USER_INPUT).
   */
  async publish(raw: unknown): Promise<SheetView> {
    authorizeSheetPublication(this.principal);
    const result = validateSheet(raw);
    if (result.issues) {
      throw new BadUserInputError(result.issues.map((issue) => ({ field: issue.path ? `sheet.${issue.path}` : 'sheet', message: issue.message })));
    }
    const sheet = result.sheet;
    const ref = sheetRef(sheet);
    if (bundledSheet(sheet.id, sheet.version)) throw new ConflictError(`the scoring sheet ${ref} ships with the platform: publish a higher version`, 'sheet.version');
    if (await this.find(sheet.id, sheet.version)) throw new ConflictError(`the scoring sheet ${ref} exists already: publish a higher version`, 'sheet.version');
    const latest = await this.latest(sheet.id);
    if (latest) {
      // The latest is this very version: published a moment ago, by a request that won the race.
      if (sheet.version === latest.version) throw new ConflictError(`the scoring sheet ${ref} exists already: publish a higher version`, 'sheet.version');
      if (sheet.version < latest.version) throw BadUserInputError.field('sheet.version', `must be above the latest version of ${sheet.id}, ${latest.version}`);
      if (sheet.level !== latest.level) throw BadUserInputError.field('sheet.level', `must stay ${latest.level}, the level of ${sheetRef(latest)}: a sheet of another level is another sheet (another id)`);
      if (sheet.kind !== latest.kind) throw BadUserInputError.field('sheet.kind', `must stay ${latest.kind}, the kind of ${sheetRef(latest)}`);
    }
    const published = await this.repository.publish(sheet, this.origin);
    this.latestById.delete(sheet.id);
    this.byRef.clear(ref).prime(ref, published);
    return viewOf(published);
  }

  private async find(id: string, version: number): Promise<SheetView | undefined> {
    const bundled = bundledSheet(id, version);
    if (bundled) return bundledView(bundled);
    const published = await this.byRef.load(`${id}@${version}`);
    return published ? viewOf(published) : undefined;
  }

  private latest(id: string): Promise<SheetView | undefined> {
    let pending = this.latestById.get(id);
    if (!pending) {
      pending = this.repository.latest(id).then((published) => {
        const bundled = latestBundledSheet(id);
        if (published && (!bundled || published.sheet.version > bundled.version)) {
          this.byRef.prime(sheetRef(published.sheet), published);
          return viewOf(published);
        }
        return bundled ? bundledView(bundled) : undefined;
      });
      this.latestById.set(id, pending);
    }
    return pending;
  }

  private parseVersion(version: number, field: string): number {
    const parsed = versionSchema.safeParse(version);
    if (!parsed.success) throw BadUserInputError.field(field, parsed.error.issues[0]?.message ?? 'is not a sheet version');
    return parsed.data;
  }
}

const bundledView = (sheet: ScoringSheet): SheetView => ({ ...sheet, bundled: true, publishedAt: null, publishedBy: null });
const viewOf = (published: PublishedSheet): SheetView => ({ ...published.sheet, bundled: false, publishedAt: published.publishedAt, publishedBy: published.publishedBy });

/** An indicator as the API shows it: with its items. */
export type SheetIndicatorView = ScoringSheet['indicators'][number] & { readonly items: SheetItem[] };
