import DataLoader from 'dataloader';
import { authorizeAssessment } from '#core/auth/policy.ts';
import type { Principal } from '#core/auth/principal.ts';
import { BadUserInputError, type FieldIssue, NotFoundError } from '#core/errors.ts';
import type { WriteOrigin } from '#core/origin.ts';
import { type Connection, connectionOf, pageRequest } from '#core/pagination.ts';
import { chinaToday, type CommunityStage } from '#core/taxonomy.ts';
import { parseInput } from '#core/validation.ts';
import type { Community } from '#community/model.ts';
import { type CommunityService, StageMoves } from '#community/service.ts';
import {
  type Assessment,
  type AssessmentItem,
  type AssessmentKind,
  type AssessmentLink,
  type ItemPatch,
  linksOf,
  mergeItems,
  openedSelfAssessment,
  openSelfAssessmentInputSchema,
  parseAssessmentItems,
  reviseSelfAssessmentInputSchema,
  saveSelfAssessmentInputSchema,
  scoreItems,
  submitSelfAssessmentInputSchema,
  summarize,
  ungradedParts,
} from './assessment-model.ts';
import type { AssessmentRepository } from './assessment-repository.ts';
import { DEFAULT_SHEET_IDS } from './bundled-sheets.ts';
import type { CommunityFacts } from './facts.ts';
import type { SheetResult } from './scoring.ts';
import { type PartSuggestion, type Suggestions, suggest } from './suggestions.ts';
import { milli, type ScoringSheet, type SheetGrade, type SheetItem, type SheetPart } from './sheet.ts';
import { newId } from '#core/ids.ts';

/** Where sheets come from: bundled first, then the table (sheet-service.ts); the latest without a version. */
export interface SheetSource {
  /** `fields` name the arguments in errors (`input.sheetId`). */
  require(id: string, version?: number | null, fields?: { readonly id?: string; readonly version?: string }): Promise<ScoringSheet>;
}

/** What the platform proposes per item and part (suggestions.ts), from the community's own facts (facts.ts). */
export interface SuggestionSource {
  suggestionsFor(community: Community, sheet: ScoringSheet): Promise<Suggestions>;
}

/** Suggestions from the community's facts as of today in China: a fixed number of reads whatever its records. */
export function suggestionsFromFacts(facts: { read(community: Community, today: string): Promise<CommunityFacts> }): SuggestionSource {
  return { suggestionsFor: async (community, sheet) => suggest(sheet, await facts.read(community, chinaToday())) };
}

/** The certifications an assessment is linked to, as far as reading and revising need them (certification/service.ts). */
export interface ApplicationSource {
  get(id: string): Promise<{ readonly id: string; readonly selfAssessmentId?: string | undefined }>;
  ofCommunity(community: Community): Promise<readonly { readonly id: string; readonly selfAssessmentId?: string | undefined; readonly phase?: string | undefined }[]>;
}

export interface AssessmentDependencies {
  readonly communities: CommunityService;
  readonly sheets: SheetSource;
  readonly suggestions: SuggestionSource;
  readonly certifications: ApplicationSource;
}

export interface AssessmentListArgs {
  readonly kind?: AssessmentKind | null;
  readonly first?: number | null;
  readonly after?: string | null;
}

/** An assessment scored on its sheet. */
export interface ScoredAssessment {
  readonly sheet: ScoringSheet;
  readonly result: SheetResult;
}

/** One sheet item of an assessment, graded or not, as the API shows it. Thousandths. */
export interface AssessmentItemView {
  readonly assessment: Assessment;
  readonly item: SheetItem;
  readonly score: number;
  readonly max: number;
  readonly note?: string;
  readonly links: readonly AssessmentLink[];
  readonly finding?: string;
  readonly parts: readonly AssessmentPartView[];
}

export interface AssessmentPartView {
  readonly assessment: Assessment;
  readonly itemId: string;
  readonly part: SheetPart;
  /** Thousandths. */
  readonly points: number;
  readonly grade?: SheetGrade;
  readonly score: number;
}

/** The indicators of a scored assessment: number, name, element, score and max (thousandths). */
export interface AssessmentIndicatorView {
  readonly number: number;
  readonly name: string;
  readonly nameEn?: string;
  readonly element: ScoringSheet['indicators'][number]['element'];
  readonly score: number;
  readonly max: number;
}

export type AssessmentConnectionModel = Connection<Assessment>;

/** Stages from which a submission does not move the community: it has self-assessed already, or is further on. */
const KEEPS_STAGE: ReadonlySet<CommunityStage> = new Set(['SELF_ASSESSED', 'APPLIED', 'UNDER_REVIEW', 'DESIGNATED']);

/**
 * Self-assessments (自评) for one request: a community's editor opens one on a sheet version,
 * grades it per item and part with notes and links, and submits it, which moves the community
 * IMPLEMENTING → SELF_ASSESSED in the same transaction. On-site assessments (kind ON_SITE) are
 * the certification chain's to write; they are read here, beside the community's own grades.
 * Whoever may read the community's records reads its assessments (policy: authorizeAssessment).
 */
export class AssessmentService {
  private readonly byId: DataLoader<string, Assessment | undefined>;
  private readonly scored = new Map<string, Promise<ScoredAssessment>>();
  private readonly suggested = new Map<string, Promise<Suggestions>>();
  private readonly selfGrades = new Map<string, Promise<Assessment | undefined>>();
  private readonly moves: StageMoves;

  constructor(
    private readonly repository: AssessmentRepository,
    private readonly principal: Principal | null,
    private readonly dependencies: AssessmentDependencies,
    private readonly origin: WriteOrigin,
  ) {
    this.byId = new DataLoader((ids) => repository.getMany(ids), { maxBatchSize: 100 });
    this.moves = new StageMoves(dependencies.communities);
  }

  private get communities(): CommunityService {
    return this.dependencies.communities;
  }

  /** An assessment the caller may read. */
  async get(id: string): Promise<Assessment> {
    const { assessment } = await this.readable(id);
    return assessment;
  }

  /** A community's assessments, newest first (the community resolver authorized the community). */
  async ofCommunity(community: Community, args: AssessmentListArgs): Promise<AssessmentConnectionModel> {
    authorizeAssessment(this.principal, 'assessment:read', community);
    const page = pageRequest(args.first, args.after);
    const kind = args.kind ?? undefined;
    const result = await this.repository.page(community.id, { ...page, ...(kind ? { kind } : {}) });
    for (const { node } of result.items) this.byId.prime(node.id, node);
    return connectionOf(result.items, result.hasNextPage, page.after !== undefined, () => this.repository.count(community.id, kind));
  }

  /**
   * For the certification chain: the submitted self-assessment `id` of `communityId` that an
   * application rests on, or BAD_USER_INPUT naming `field` (NOT_FOUND when the caller may not read it).
   */
  async requireSubmittedSelf(id: string, communityId: string, field = 'input.selfAssessmentId'): Promise<Assessment> {
    const { assessment } = await this.readable(id, 'self-assessment');
    if (assessment.communityId !== communityId) throw BadUserInputError.field(field, `self-assessment ${id} is not this community's`);
    if (assessment.kind !== 'SELF') throw BadUserInputError.field(field, `assessment ${id} is the review team's on-site scoring, not a self-assessment`);
    if (assessment.status !== 'SUBMITTED') throw BadUserInputError.field(field, `self-assessment ${id} is a DRAFT: submit it first (submitSelfAssessment)`);
    return assessment;
  }

  async openSelf(rawInput: unknown): Promise<Assessment> {
    const input = parseInput(openSelfAssessmentInputSchema, rawInput, { nullMeansAbsent: true });
    const community = await this.communities.require(input.communityId);
    authorizeAssessment(this.principal, 'assessment:write', community);
    const sheet = await this.dependencies.sheets.require(input.sheetId ?? DEFAULT_SHEET_IDS[input.level], input.sheetVersion, {
      id: 'input.sheetId',
      version: 'input.sheetVersion',
    });
    if (sheet.level !== input.level) {
      throw BadUserInputError.field('input.sheetId', `sheet ${sheet.id}@${sheet.version} is a ${sheet.level} sheet, not ${input.level}`);
    }
    const assessment = openedSelfAssessment(newId('assessment'), community, sheet, new Date().toISOString());
    await this.repository.open(assessment, this.origin);
    this.byId.prime(assessment.id, assessment);
    return assessment;
  }

  async saveSelf(rawInput: unknown): Promise<Assessment> {
    const input = parseInput(saveSelfAssessmentInputSchema, rawInput);
    const { assessment: current, community } = await this.writableDraft(input.id, input.version);
    const sheet = await this.dependencies.sheets.require(current.sheetId, current.sheetVersion);
    const patches = parseAssessmentItems(sheet, rawInput && typeof rawInput === 'object' ? (rawInput as { items?: unknown }).items : undefined, { kind: 'SELF' });
    await this.checkLinks(community, patches);
    const items = mergeItems(current.items, patches);
    if (JSON.stringify(items) === JSON.stringify(current.items)) return current;
    const next: Assessment = { ...current, items, version: current.version + 1, updatedAt: new Date().toISOString() };
    await this.repository.save(current, next, this.origin);
    this.byId.clear(next.id).prime(next.id, next);
    return next;
  }

  async submitSelf(rawInput: unknown): Promise<Assessment> {
    const input = parseInput(submitSelfAssessmentInputSchema, rawInput, { nullMeansAbsent: true });
    const { assessment: current, community } = await this.writableDraft(input.id, input.version);
    const sheet = await this.dependencies.sheets.require(current.sheetId, current.sheetVersion);
    const missing = ungradedParts(sheet, current.items);
    if (missing.length > 0) {
      const parts = sheet.items.reduce((total, item) => total + item.parts.length, 0);
      const shown = missing.slice(0, 5).join(', ');
      throw BadUserInputError.field('input.id', `${missing.length} of ${parts} parts are not graded yet: ${shown}${missing.length > 5 ? ', …' : ''}; grade every part before submitting`);
    }
    if (!KEEPS_STAGE.has(community.stage) && community.stage !== 'IMPLEMENTING') {
      throw BadUserInputError.field('input.id', `the community is ${community.stage}: a self-assessment is submitted once its creation is IMPLEMENTING`);
    }
    const submittedOn = input.submittedOn ?? chinaToday();
    const move = community.stage === 'IMPLEMENTING' ? this.moveCommunity(community, 'SELF_ASSESSED', submittedOn, 'input.submittedOn') : undefined;
    const next: Assessment = {
      ...current,
      status: 'SUBMITTED',
      submittedOn,
      summary: summarize(sheet, current.items),
      version: current.version + 1,
      updatedAt: new Date().toISOString(),
    };
    await this.write(() => this.repository.submit(current, next, move, this.origin));
    this.byId.clear(next.id).prime(next.id, next);
    return next;
  }

  /**
   * A returned application's self-assessment, copied into a new DRAFT (`revisionOf`) on the same
   * sheet version: the community amends it, submits it and resubmits the application with it.
   */
  async reviseSelf(rawInput: unknown): Promise<Assessment> {
    const { id } = parseInput(reviseSelfAssessmentInputSchema, rawInput);
    const { assessment: original, community } = await this.readable(id, 'self-assessment');
    authorizeAssessment(this.principal, 'assessment:write', community, { label: 'self-assessment', id });
    if (original.kind !== 'SELF') throw BadUserInputError.field('input.id', `assessment ${id} is the review team's on-site scoring, not a self-assessment`);
    if (original.status !== 'SUBMITTED') throw BadUserInputError.field('input.id', `self-assessment ${id} is a DRAFT: amend it with saveSelfAssessment`);
    const applications = await this.dependencies.certifications.ofCommunity(community);
    const returned = applications.find((application) => application.selfAssessmentId === id && application.phase === 'RETURNED');
    if (!returned) {
      throw BadUserInputError.field('input.id', `no returned application rests on self-assessment ${id}: only a self-assessment sent back by a level of the chain is revised`);
    }
    const now = new Date().toISOString();
    const { summary: _summary, submittedOn: _submittedOn, ...kept } = original;
    const revision: Assessment = {
      ...kept,
      id: newId('assessment'),
      regionCode: community.regionCode,
      status: 'DRAFT',
      revisionOf: original.id,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    await this.repository.revise(original, revision, this.origin);
    this.byId.prime(revision.id, revision);
    return revision;
  }

  /** The assessment on its sheet: total, indicators, items at zero, outcome (memoized per version). */
  score(assessment: Assessment): Promise<ScoredAssessment> {
    const key = `${assessment.id}@${assessment.version}`;
    let scored = this.scored.get(key);
    if (!scored) {
      scored = this.dependencies.sheets.require(assessment.sheetId, assessment.sheetVersion).then((sheet) => ({ sheet, result: scoreItems(sheet, assessment.items) }));
      this.scored.set(key, scored);
    }
    return scored;
  }

  async sheetOf(assessment: Assessment): Promise<ScoringSheet> {
    return (await this.score(assessment)).sheet;
  }

  async indicatorsOf(assessment: Assessment): Promise<AssessmentIndicatorView[]> {
    const { sheet, result } = await this.score(assessment);
    return sheet.indicators.map((indicator) => {
      const score = result.indicators.find((candidate) => candidate.indicator === indicator.number);
      return {
        number: indicator.number,
        name: indicator.name,
        ...(indicator.nameEn ? { nameEn: indicator.nameEn } : {}),
        element: indicator.element,
        score: score?.score ?? 0,
        max: score?.max ?? 0,
      };
    });
  }

  /** Every item of the sheet, in sheet order, with what the assessment gives it. */
  async itemsOf(assessment: Assessment): Promise<AssessmentItemView[]> {
    const { sheet, result } = await this.score(assessment);
    const percent = new Map(sheet.scale.map((step) => [step.grade, step.percent]));
    return sheet.items.map((item, index) => {
      const own: AssessmentItem | undefined = assessment.items[item.id];
      const score = result.items[index];
      return {
        assessment,
        item,
        score: score?.score ?? 0,
        max: score?.max ?? 0,
        ...(own?.note !== undefined ? { note: own.note } : {}),
        links: own?.links ?? [],
        ...(own?.finding !== undefined ? { finding: own.finding } : {}),
        parts: item.parts.map((part) => {
          const grade = own?.parts[part.part];
          const points = milli(part.points);
          return {
            assessment,
            itemId: item.id,
            part: part.part,
            points,
            ...(grade !== undefined ? { grade } : {}),
            score: grade === undefined ? 0 : Math.round((points * (percent.get(grade) ?? 0)) / 100),
          };
        }),
      };
    });
  }

  /** The platform's proposal for a part of a self-assessment; none on on-site assessments. */
  async suggestionFor(part: AssessmentPartView): Promise<PartSuggestion | null> {
    const { assessment } = part;
    if (assessment.kind !== 'SELF') return null;
    const key = `${assessment.communityId}|${assessment.sheetId}@${assessment.sheetVersion}`;
    let suggestions = this.suggested.get(key);
    if (!suggestions) {
      suggestions = Promise.all([this.communities.require(assessment.communityId), this.sheetOf(assessment)]).then(([community, sheet]) =>
        this.dependencies.suggestions.suggestionsFor(community, sheet),
      );
      this.suggested.set(key, suggestions);
    }
    return (await suggestions)[part.itemId]?.[part.part] ?? null;
  }

  /** Beside a reviewer's grade on site, the community's own grade in the self-assessment the application rests on. */
  async selfGradeFor(part: AssessmentPartView): Promise<SheetGrade | null> {
    const { assessment } = part;
    if (assessment.kind !== 'ON_SITE' || !assessment.certificationId) return null;
    const certificationId = assessment.certificationId;
    let self = this.selfGrades.get(certificationId);
    if (!self) {
      self = this.dependencies.certifications.get(certificationId).then(async (certification) => {
        const selfId = certification.selfAssessmentId;
        const found = selfId ? await this.byId.load(selfId) : undefined;
        return found && found.kind === 'SELF' && found.communityId === assessment.communityId ? found : undefined;
      });
      this.selfGrades.set(certificationId, self);
    }
    return (await self)?.items[part.itemId]?.parts[part.part] ?? null;
  }

  /** An assessment and its community, when the caller may read it (NOT_FOUND otherwise: existence does not leak). */
  private async readable(id: string, label = 'assessment'): Promise<{ assessment: Assessment; community: Community }> {
    const assessment = await this.byId.load(id);
    const community = assessment && (await this.communities.find(assessment.communityId));
    if (!assessment || !community) throw new NotFoundError(label, id);
    authorizeAssessment(this.principal, 'assessment:read', community, { label, id });
    return { assessment, community };
  }

  /** A DRAFT self-assessment the caller may change, at the version they read. */
  private async writableDraft(id: string, version: number): Promise<{ assessment: Assessment; community: Community }> {
    const { assessment, community } = await this.readable(id, 'self-assessment');
    authorizeAssessment(this.principal, 'assessment:write', community, { label: 'self-assessment', id });
    if (assessment.kind !== 'SELF') {
      throw BadUserInputError.field('input.id', `assessment ${id} is the review team's on-site scoring: it is scored through the certification (scoreCertificationOnSite)`);
    }
    this.repository.assessments.assertVersion(assessment, version);
    if (assessment.status === 'SUBMITTED') {
      throw BadUserInputError.field('input.id', `self-assessment ${id} was submitted on ${assessment.submittedOn ?? 'a past day'} and is read-only; a returned application's is revised (reviseSelfAssessment)`);
    }
    return { assessment, community };
  }

  /**
   * Each link must name a record of this community (AVAILABLE evidence; the committee is the
   * community's own): BAD_USER_INPUT naming the link otherwise, with one batched read of them all.
   */
  private async checkLinks(community: Community, patches: readonly ItemPatch[]): Promise<void> {
    const links = linksOf(patches);
    if (links.length === 0) return;
    const targets = await this.repository.linkTargets(links.map(({ link }) => link));
    const found = new Map(targets.map((target) => [`${target.type}#${target.id}`, target]));
    const issues: FieldIssue[] = [];
    for (const { link, field } of links) {
      if (link.type === 'COMMITTEE') {
        if (link.id !== community.id || !community.committee) issues.push({ field, message: `COMMITTEE links name this community's id (${community.id}), and the community must have recorded its committee` });
        continue;
      }
      const target = found.get(`${link.type}#${link.id}`);
      if (!target || target.communityId !== community.id) issues.push({ field, message: `there is no ${link.type} ${link.id} of this community` });
      else if (link.type === 'EVIDENCE' && target.status !== 'AVAILABLE') issues.push({ field, message: `evidence ${link.id} is ${target.status ?? 'not available'}: only AVAILABLE evidence shows an item` });
    }
    if (issues.length > 0) throw new BadUserInputError(issues);
  }

  /** Steps that move the community; once they commit, this request reads the moved community. */
  private moveCommunity(community: Community, stage: CommunityStage, on: string, dateField: string) {
    return this.moves.move(community, stage, on, dateField);
  }

  private write(commitWrite: () => Promise<void>): Promise<void> {
    return this.moves.commit(commitWrite);
  }
}
