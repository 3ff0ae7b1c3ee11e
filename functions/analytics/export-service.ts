import { type AggregateExportFile, buildAggregateExport } from './export.ts';
import type { ExportStore, PublishedExport } from './export-store.ts';
import type { AnalyticsService } from './service.ts';

/**
 * The export for one request: the file is built with the request's AnalyticsService, so the
 * policy has refused a caller outside the region (and the input has been checked) before any
 * object is written.
 */
export class AggregateExportService {
  constructor(
    private readonly analytics: AnalyticsService,
    private readonly store: ExportStore,
  ) {}

  async export(regionCode: string, period: unknown): Promise<PublishedExport> {
    const file: AggregateExportFile = await buildAggregateExport(this.analytics, regionCode, period);
    const { key: _key, ...published } = await this.store.publish(file);
    return published;
  }
}
