import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { columnFormat, displayWidth, renderAggregateWorkbook, splitHeader } from '#analytics/export-workbook.ts';

/**
 * The workbook's rules on the export's own words: a header's two rows, a column's format, a
 * text's width; and a workbook made of edge cases (an empty table, a long text, negative changes)
 * read back with exceljs.
 */
describe('the header rows', () => {
  it('split a bilingual header at the first space before Latin text that follows Chinese', () => {
    expect(splitHeader('事故起数 Incidents')).toEqual({ chinese: '事故起数', english: 'Incidents' });
    expect(splitHeader('直接经济损失(元) Economic loss (yuan)')).toEqual({ chinese: '直接经济损失(元)', english: 'Economic loss (yuan)' });
    expect(splitHeader('7日内答复 Within 7 days')).toEqual({ chinese: '7日内答复', english: 'Within 7 days' });
    expect(splitHeader('重大风险(红) RED')).toEqual({ chinese: '重大风险(红)', english: 'RED' });
    expect(splitHeader('事故起数同比% Incidents change %')).toEqual({ chinese: '事故起数同比%', english: 'Incidents change %' });
    // Latin before any Chinese is not the English half; a header without both stays whole.
    expect(splitHeader('SHA-256 摘要 Digest')).toEqual({ chinese: 'SHA-256 摘要', english: 'Digest' });
    expect(splitHeader('Population')).toEqual({ chinese: 'Population', english: '' });
  });
});

describe('column formats', () => {
  it('read the export\'s headers: % is a percentage, (元)/yuan money, rates, averages and medians decimals, the rest counts', () => {
    expect(columnFormat('事故起数同比% Incidents change %')).toBe('percent');
    expect(columnFormat('知晓率均值% Awareness average %')).toBe('percent');
    expect(columnFormat('直接经济损失(元) Economic loss (yuan)')).toBe('money');
    expect(columnFormat('上年同期直接经济损失(元) Economic loss, year earlier (yuan)')).toBe('money');
    expect(columnFormat('每万人事故起数 Incidents per 10,000')).toBe('decimal');
    expect(columnFormat('平均总分 Average total')).toBe('decimal');
    expect(columnFormat('复查用时中位数(天) Median days to verification')).toBe('decimal');
    expect(columnFormat('事故起数 Incidents')).toBe('count');
    expect(columnFormat('人口 Population')).toBe('count');
  });

  it('count a CJK or full-width character as two columns', () => {
    expect(displayWidth('Total')).toBe(5);
    expect(displayWidth('合计 Total')).toBe(10);
    expect(displayWidth('（全角）')).toBe(8);
    expect(displayWidth('𠀋')).toBe(2);
  });
});

describe('a workbook of edge cases', () => {
  it('keeps an empty table with its header and nothing frozen at the left, negative changes as fractions, and widths capped', async () => {
    // Act
    const bytes = await renderAggregateWorkbook({
      fileName: 'edge.xlsx',
      tables: [
        { sheet: '概况 Overview', title: '安全社区 统计导出', rows: [['说明 Notes', '很长的说明'.repeat(30)]] },
        { sheet: '薄弱要素 Weakest elements', title: '薄弱要素', header: ['要素 Element', '名称 Name', '得分率% Percent of maximum'], rows: [] },
        { sheet: '事故 按原因 By cause', title: '按伤害原因', header: ['伤害原因 Cause', '名称 Name', '事故起数同比% Incidents change %', '直接经济损失(元) Economic loss (yuan)'], rows: [['FALL', '跌倒/坠落', -12.1, '0.00'], ['TOTAL', '合计 Total', null, '1234567.89']] },
      ],
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);

    // Assess
    const empty = workbook.getWorksheet('薄弱要素 Weakest elements')!;
    expect(empty.getRow(2).values).toEqual([undefined, '要素', '名称', '得分率%']);
    expect(empty.getRow(3).values).toEqual([undefined, 'Element', 'Name', 'Percent of maximum']);
    expect(empty.rowCount).toBe(3);
    expect(empty.views[0]).toMatchObject({ state: 'frozen', xSplit: 0, ySplit: 3 });
    const byCause = workbook.getWorksheet('事故 按原因 By cause')!;
    expect(byCause.getCell('C4').value).toBeCloseTo(-0.121, 9);
    expect(byCause.getCell('C4').numFmt).toBe('0.0%');
    expect(byCause.getCell('C5').value).toBeNull();
    expect(byCause.getCell('D5').value).toBe(1234567.89);
    // "1,234,567.89" and a margin
    expect(byCause.getColumn(4).width).toBe(Math.max(displayWidth('直接经济损失(元)'), displayWidth('Economic loss (yuan)'), '1,234,567.89'.length) + 2);
    // The long note wraps in a column capped at 60: 150 CJK characters (300) are 6 lines of 58.
    const heading = workbook.getWorksheet('概况 Overview')!;
    expect(heading.getColumn(2).width).toBe(60);
    expect(heading.getRow(2).height).toBe(15 * 6);
  });
});
