import { type AggregateExportFile, buildAggregateExport, buildAggregateWorkbook } from './export.ts';
import type { WorkbookRenderer } from './export-renderer.ts';
import { type ExportStore, type PublishedExport, XLSX_CONTENT_TYPE } from './export-store.ts';
import type { AnalyticsService } from './service.ts';

/** The file an aggregate export is: the CSV (issue 5) or the XLSX workbook (issue 13). */
export type ExportFormat = 'CSV' | 'XLSX';

/**
 * The export for one request: the file is built with the request's AnalyticsService, so the
 * policy has refused a caller outside the region (and the input has been checked) before any
 * object is written. A workbook's tables are read here; the renderer makes its bytes (a function
 * of its own in AWS), and the file is stored and signed here, as the CSV is.
 */
export class AggregateExportService {
  constructor(
    private readonly analytics: AnalyticsService,
    private readonly store: ExportStore,
    private readonly renderer: WorkbookRenderer,
  ) {}

  async export(regionCode: string, period: unknown, format: ExportFormat = 'CSV'): Promise<PublishedExport> {
    if (format === 'XLSX') {
      const { fileName, tables } = await buildAggregateWorkbook(this.analytics, regionCode, period);
      const body = await this.renderer.render({ fileName, tables });
      const { key: _key, ...published } = await this.store.publishFile({ fileName, body, contentType: XLSX_CONTENT_TYPE });
      return published;
    }
    const file: AggregateExportFile = await buildAggregateExport(this.analytics, regionCode, period);
    const { key: _key, ...published } = await this.store.publish(file);
    return published;
  }
}
