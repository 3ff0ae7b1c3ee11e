import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { addLineChart, columnLetters, type LineChartSpec, rangeReference } from '#analytics/xlsx-chart.ts';
import { chartsOfSheet, find, findAll, lineSeries, parseXml, sheetPart, xmlPart, zipEntries } from '#tests/support/xlsx-parts.ts';

/**
 * The chart module on workbooks exceljs writes: the parts it adds are well-formed XML (parsed by a
 * strict parser), a reader finds the chart from the sheet through the relationships as Excel
 * does, the series point at the sheet's cells, the content types are declared, and the workbook
 * is otherwise unchanged (exceljs reads it back whole).
 */

const MONTHS = ['2009-01', '2009-02', '2009-03', '2009-04'];

/** A workbook of three sheets; the middle one holds a small trend (title, two header rows, four months). */
async function workbook(options: { readonly imageOn?: string; readonly trendName?: string } = {}): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  // Fixed document dates: two workbooks built a second apart must differ only where the chart goes.
  book.created = book.modified = new Date('2024-09-01T00:00:00Z');
  book.addWorksheet('概况 Overview').getCell('A1').value = '安全社区 统计导出';
  const trend = book.addWorksheet(options.trendName ?? '趋势 Trend');
  trend.getCell('A1').value = '事故起数 按月';
  trend.getRow(2).values = ['月份', '事故起数', '上年同期事故起数'];
  trend.getRow(3).values = ['Month', 'Incidents', 'Incidents, year earlier'];
  MONTHS.forEach((month, index) => {
    trend.getRow(4 + index).values = [month, index * 2 + 1, index === 2 ? null : 10 - index];
  });
  book.addWorksheet('按地区 By region').getCell('A1').value = '按下级地区';
  if (options.imageOn) {
    // A 1×1 PNG: exceljs writes it as the sheet's drawing.
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');
    const image = book.addImage({ buffer: png as unknown as ExcelJS.Buffer, extension: 'png' });
    book.getWorksheet(options.imageOn)?.addImage(image, 'B2:C3');
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

function trendChart(sheet = '趋势 Trend'): LineChartSpec {
  return {
    sheet,
    title: '事故起数 按月 Incidents per month',
    categories: { column: 0, firstRow: 3, lastRow: 6 },
    categoryCache: MONTHS,
    series: [
      { name: '本期 2009', values: { column: 1, firstRow: 3, lastRow: 6 }, cache: [1, 3, 5, 7] },
      { name: '上年同期 2008', values: { column: 2, firstRow: 3, lastRow: 6 }, cache: [10, 9, null, 7] },
    ],
    anchor: { from: { column: 4, row: 1 }, to: { column: 14, row: 20 } },
    valueFormat: '#,##0',
  };
}

describe('addLineChart', () => {
  it('adds a line chart whose two series reference the sheet\'s cells, reachable from the sheet as a reader follows it', async () => {
    // Prepare
    const original = await zipEntries(await workbook());

    // Act
    const bytes = await addLineChart(await workbook(), trendChart());
    const entries = await zipEntries(bytes);

    // Assess: every XML part is well-formed, and the ZIP starts with the content types, as Office writes it
    for (const [name, content] of entries) if (/\.(xml|rels)$/.test(name)) expect(() => parseXml(content.toString('utf8')), name).not.toThrow();
    expect([...entries.keys()][0]).toBe('[Content_Types].xml');
    // The new parts, and nothing else changed but the trend sheet and the content types
    const added = [...entries.keys()].filter((name) => !original.has(name)).sort();
    expect(added).toEqual(['xl/charts/chart1.xml', 'xl/drawings/_rels/drawing1.xml.rels', 'xl/drawings/drawing1.xml', 'xl/worksheets/_rels/sheet2.xml.rels']);
    const changed = [...original.keys()].filter((name) => !original.get(name)?.equals(entries.get(name) as Buffer));
    expect(changed.sort()).toEqual(['[Content_Types].xml', 'xl/worksheets/sheet2.xml']);

    // The chart, followed from the sheet
    const shown = chartsOfSheet(entries, '趋势 Trend');
    expect(shown?.chartParts).toEqual(['xl/charts/chart1.xml']);
    expect(chartsOfSheet(entries, '概况 Overview')).toBeUndefined();
    const chart = shown!.charts[0]!;
    expect(chart.uri).toBe('http://schemas.openxmlformats.org/drawingml/2006/chart');
    expect(findAll(find(chart, 'c:title'), 'a:t').map((text) => text.text).join('')).toBe('事故起数 按月 Incidents per month');
    expect(lineSeries(chart)).toEqual([
      {
        name: '本期 2009',
        categories: "'趋势 Trend'!$A$4:$A$7",
        values: "'趋势 Trend'!$B$4:$B$7",
        cachedValues: [1, 3, 5, 7],
        cachedCategories: MONTHS,
      },
      {
        name: '上年同期 2008',
        categories: "'趋势 Trend'!$A$4:$A$7",
        values: "'趋势 Trend'!$C$4:$C$7",
        cachedValues: [10, 9, null, 7],
        cachedCategories: MONTHS,
      },
    ]);
    // Two axes that cross each other, the legend at the bottom, gaps left as gaps
    const axisIds = findAll(find(chart, 'c:lineChart'), 'c:axId').map((axis) => axis.attributes.val);
    expect(find(find(chart, 'c:catAx'), 'c:crossAx').attributes.val).toBe(axisIds[1]);
    expect(find(find(chart, 'c:valAx'), 'c:crossAx').attributes.val).toBe(axisIds[0]);
    expect(find(chart, 'c:legendPos').attributes.val).toBe('b');
    expect(find(chart, 'c:dispBlanksAs').attributes.val).toBe('gap');

    // The anchor: from E2 to O21
    const anchor = find(xmlPart(entries, shown!.drawingPart), 'xdr:twoCellAnchor');
    expect([find(find(anchor, 'xdr:from'), 'xdr:col').text, find(find(anchor, 'xdr:from'), 'xdr:row').text]).toEqual(['4', '1']);
    expect([find(find(anchor, 'xdr:to'), 'xdr:col').text, find(find(anchor, 'xdr:to'), 'xdr:row').text]).toEqual(['14', '20']);

    // The content types of both new parts
    const overrides = new Map(findAll(xmlPart(entries, '[Content_Types].xml'), 'Override').map((override) => [override.attributes.PartName, override.attributes.ContentType]));
    expect(overrides.get('/xl/charts/chart1.xml')).toBe('application/vnd.openxmlformats-officedocument.drawingml.chart+xml');
    expect(overrides.get('/xl/drawings/drawing1.xml')).toBe('application/vnd.openxmlformats-officedocument.drawing+xml');
  });

  it('puts <drawing> where CT_Worksheet has it: after pageMargins and pageSetup, as the last child exceljs wrote before it', async () => {
    // Act
    const entries = await zipEntries(await addLineChart(await workbook(), trendChart()));

    // Assess
    const sheet = xmlPart(entries, sheetPart(entries, '趋势 Trend'));
    const names = sheet.children.map((child) => child.name);
    expect(names.at(-1)).toBe('drawing');
    expect(names.indexOf('drawing')).toBeGreaterThan(names.indexOf('pageMargins'));
    expect(names.indexOf('sheetData')).toBeLessThan(names.indexOf('drawing'));
  });

  it('leaves the workbook readable with its values: exceljs reads it back', async () => {
    // Act
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await addLineChart(await workbook(), trendChart())) as unknown as ExcelJS.Buffer);

    // Assess
    expect(book.worksheets.map((sheet) => sheet.name)).toEqual(['概况 Overview', '趋势 Trend', '按地区 By region']);
    expect(book.getWorksheet('趋势 Trend')?.getRow(5).values).toEqual([undefined, '2009-02', 3, 9]);
  });

  it('numbers its parts past those the workbook has: a drawing exceljs wrote for an image on another sheet stays', async () => {
    // Act
    const entries = await zipEntries(await addLineChart(await workbook({ imageOn: '按地区 By region' }), trendChart()));

    // Assess
    expect(chartsOfSheet(entries, '趋势 Trend')?.drawingPart).toBe('xl/drawings/drawing2.xml');
    expect(findAll(xmlPart(entries, 'xl/drawings/drawing1.xml'), 'xdr:pic')).toHaveLength(1);
  });

  it('adds a second chart to another sheet as chart2, and quotes a sheet name with an apostrophe', async () => {
    // Prepare
    const first = await addLineChart(await workbook({ trendName: "O'Neill 趋势" }), trendChart("O'Neill 趋势"));

    // Act
    const entries = await zipEntries(await addLineChart(first, { ...trendChart('按地区 By region'), title: '第二个 Second' }));

    // Assess
    expect(chartsOfSheet(entries, "O'Neill 趋势")?.chartParts).toEqual(['xl/charts/chart1.xml']);
    expect(chartsOfSheet(entries, '按地区 By region')?.chartParts).toEqual(['xl/charts/chart2.xml']);
    expect(lineSeries(chartsOfSheet(entries, "O'Neill 趋势")!.charts[0]!)[0]?.values).toBe("'O''Neill 趋势'!$B$4:$B$7");
  });

  it('refuses a sheet the workbook does not have, one that has a drawing already, and a chart without series', async () => {
    await expect(addLineChart(await workbook(), trendChart('没有 Missing'))).rejects.toThrow('no sheet named 没有 Missing');
    await expect(addLineChart(await workbook({ imageOn: '趋势 Trend' }), trendChart())).rejects.toThrow('already has a drawing');
    await expect(addLineChart(await workbook(), { ...trendChart(), series: [] })).rejects.toThrow('at least one series');
  });
});

describe('cell references', () => {
  it('names columns as Excel does and quotes every sheet name', () => {
    expect([0, 1, 25, 26, 27, 51, 52, 701, 702].map(columnLetters)).toEqual(['A', 'B', 'Z', 'AA', 'AB', 'AZ', 'BA', 'ZZ', 'AAA']);
    expect(rangeReference('Trend', { column: 27, firstRow: 0, lastRow: 119 })).toBe("'Trend'!$AB$1:$AB$120");
  });
});
