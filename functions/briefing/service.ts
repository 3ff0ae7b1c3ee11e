import { authorizeBriefing, requirePrincipal } from '#core/auth/policy.ts';
import type { Principal } from '#core/auth/principal.ts';
import { BadUserInputError, NotFoundError } from '#core/errors.ts';
import type { CommunityService } from '#community/service.ts';
import type { IncidentComparison } from '#analytics/model.ts';
import type { ExportStore, PublishedExport } from '#analytics/export-store.ts';
import type { AnalyticsService } from '#analytics/service.ts';
import { findRegion } from '#region/region-table.ts';
import { composeBriefing } from './compose.ts';
import type { BriefingFigures, BriefingReader } from './figures.ts';
import { briefingMarkdown } from './markdown.ts';
import { type BriefingDocument, type BriefingPeriod, parseBriefingRequest } from './model.ts';
import { MAX_ID_LENGTH } from '#core/ids.ts';

export const DOCX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** A briefing built: its figures, its document, the DOCX bytes and the Markdown, not yet stored. */
export interface BuiltBriefing {
  readonly fileName: string;
  readonly figures: BriefingFigures;
  readonly document: BriefingDocument;
  readonly docx: Buffer;
  readonly markdown: string;
  readonly issuedOn: string;
  readonly subject: { readonly kind: 'REGION' | 'COMMUNITY'; readonly name: string; readonly regionCode: string; readonly communityId: string | null };
  readonly period: BriefingPeriod & { readonly yearEarlier: { readonly label: string; readonly from: string; readonly to: string } };
  readonly incidents: IncidentComparison;
}

/** What generateBriefing answers: the stored DOCX's link, the Markdown, and the figures a front end shows beside it. */
export type GeneratedBriefing = PublishedExport & Omit<BuiltBriefing, 'docx' | 'figures'>;

/**
 * Briefings for one request. The order is the policy's: the input is checked (BAD_USER_INPUT
 * naming the field), the region or the community is found and the caller authorized for it
 * (authorizeBriefing: FORBIDDEN or NOT_FOUND) before anything is read; a refused request writes
 * no file. Then the figures (figures.ts), the document (compose.ts), its DOCX and Markdown, and
 * the DOCX put under exports/ with a short-lived link, as the aggregate export does. The command
 * line (scripts/briefing.ts) builds with the same code and writes the file locally instead.
 */
export class BriefingService {
  constructor(
    private readonly principal: Principal | null,
    private readonly reader: BriefingReader,
    private readonly analytics: AnalyticsService,
    private readonly communities: Pick<CommunityService, 'find'>,
    private readonly store: ExportStore | null,
  ) {}

  async build(input: unknown): Promise<BuiltBriefing> {
    requirePrincipal(this.principal);
    const request = parseBriefingRequest(input);
    let figures: BriefingFigures;
    if (request.target.kind === 'REGION') {
      const region = findRegion(request.target.regionCode);
      if (!region) throw BadUserInputError.field('regionCode', `${request.target.regionCode} is not a division code (GB/T 2260)`);
      authorizeBriefing(this.principal, { regionCode: region.code });
      figures = await this.reader.region(this.analytics, region, request.period, request.issuedOn);
    } else {
      const community = await this.communities.find(request.target.communityId);
      if (!community) throw new NotFoundError('community', request.target.communityId);
      authorizeBriefing(this.principal, { community });
      figures = await this.reader.community(community, request.period, request.issuedOn);
    }
    const document = composeBriefing(figures, request);
    // The DOCX writer (the docx package) is evaluated on the first briefing, not at every cold start.
    const { briefingDocx } = await import('./docx.ts');
    return {
      fileName: briefingFileName(figures, request.period),
      figures,
      document,
      docx: await briefingDocx(document),
      markdown: briefingMarkdown(document),
      issuedOn: request.issuedOn,
      subject: {
        kind: figures.subject.kind,
        name: figures.subject.name,
        regionCode: figures.subject.region.code,
        communityId: figures.subject.community?.id ?? null,
      },
      period: { ...request.period, yearEarlier: figures.yearEarlier },
      incidents: figures.incidents,
    };
  }

  async generate(input: unknown): Promise<GeneratedBriefing> {
    if (!this.store) throw new Error('briefings are stored through an ExportStore: none was given');
    const { docx, figures: _figures, ...built } = await this.build(input);
    const { key: _key, ...published } = await this.store.publishFile({ fileName: built.fileName, body: docx, contentType: DOCX_CONTENT_TYPE });
    return { ...built, ...published };
  }
}

/** ASCII: safe-community-briefing-371702-2009.docx, safe-community-briefing-community-<id>-2009-Q2.docx (the id as it is, `com_<uuid>`). */
export function briefingFileName(figures: BriefingFigures, period: BriefingPeriod): string {
  const subject = figures.subject.community ? `community-${figures.subject.community.id.replace(/[^A-Za-z0-9_-]/g, '').slice(0, MAX_ID_LENGTH)}` : figures.subject.region.code.replace(/\D/g, '');
  return `safe-community-briefing-${subject}-${period.label.replace(/[^A-Za-z0-9-]/g, '_')}.docx`;
}
