import { authorizeBriefing, requirePrincipal } from '#core/auth/policy.ts';
import type { Principal } from '#core/auth/principal.ts';
import { BadUserInputError, NotFoundError } from '#core/errors.ts';
import type { CommunityService } from '#community/service.ts';
import type { IncidentComparison } from '#analytics/model.ts';
import type { ExportStore, PublishedExport } from '#analytics/export-store.ts';
import type { AnalyticsService } from '#analytics/service.ts';
import { findRegion } from '#region/region-table.ts';
import { composeBriefing } from './compose.ts';
import { briefingDocx } from './docx.ts';
import type { BriefingFigures, BriefingReader } from './figures.ts';
import { briefingMarkdown } from './markdown.ts';
import { type BriefingDocument, type BriefingPeriod, parseBriefingRequest } from './model.ts';

export const DOCX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** What generateBriefing answers: the stored DOCX's link, the Markdown, and the figures a front end shows beside it. */
export interface GeneratedBriefing extends PublishedExport {
  readonly document: BriefingDocument;
  readonly markdown: string;
  readonly issuedOn: string;
  readonly subject: { readonly kind: 'REGION' | 'COMMUNITY'; readonly name: string; readonly regionCode: string; readonly communityId: string | null };
  readonly period: BriefingPeriod & { readonly yearEarlier: { readonly label: string; readonly from: string; readonly to: string } };
  readonly incidents: IncidentComparison;
}

/**
 * Briefings for one request. The order is the policy's: the input is checked (BAD_USER_INPUT
 * naming the field), the region or the community is found and the caller authorized for it
 * (authorizeBriefing: FORBIDDEN or NOT_FOUND) before anything is read; a refused request writes
 * no file. Then the figures (figures.ts), the document (compose.ts), its DOCX and Markdown, and
 * the DOCX put under exports/ with a short-lived link, as the aggregate export does.
 */
export class BriefingService {
  constructor(
    private readonly principal: Principal | null,
    private readonly reader: BriefingReader,
    private readonly analytics: AnalyticsService,
    private readonly communities: CommunityService,
    private readonly store: ExportStore,
  ) {}

  async generate(input: unknown): Promise<GeneratedBriefing> {
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
    const [docx, markdown] = [await briefingDocx(document), briefingMarkdown(document)];
    const { key: _key, ...published } = await this.store.publishFile({ fileName: briefingFileName(figures, request.period), body: docx, contentType: DOCX_CONTENT_TYPE });
    return {
      ...published,
      document,
      markdown,
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
}

/** ASCII: safe-community-briefing-371702-2009.docx, safe-community-briefing-community-<id>-2009-Q2.docx. */
export function briefingFileName(figures: BriefingFigures, period: BriefingPeriod): string {
  const subject = figures.subject.community ? `community-${figures.subject.community.id.replace(/[^A-Za-z0-9-]/g, '').slice(0, 36)}` : figures.subject.region.code.replace(/\D/g, '');
  return `safe-community-briefing-${subject}-${period.label.replace(/[^A-Za-z0-9-]/g, '_')}.docx`;
}
