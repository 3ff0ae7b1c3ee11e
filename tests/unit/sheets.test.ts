import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AuditTrail } from '#audit/trail.ts';
import { AQT_ELEMENTS } from '#evidence/model.ts';
import { bundledSheet, bundledSheets, DEFAULT_SHEET_IDS, latestBundledSheet, loadSheetFile } from '#review/bundled-sheets.ts';
import { milli, type ScoringSheet, validateSheet } from '#review/sheet.ts';
import { publicationRecord } from '#review/sheet-repository.ts';

/** The bundled sheet files as data (tests/unit: no engine). */
const national = bundledSheet('national-onsite', 1)!;
const city = bundledSheet('city', 1)!;
const isccc = bundledSheet('isccc', 1)!;

const file = (name: string): Record<string, unknown> => JSON.parse(readFileSync(`functions/review/sheets/${name}`, 'utf8'));
const itemsOf = (sheet: ScoringSheet, indicator: number) => sheet.items.filter((item) => item.indicator === indicator);
const pointsOf = (sheet: ScoringSheet) => sheet.items.reduce((sum, item) => sum + item.parts.reduce((partSum, part) => partSum + milli(part.points), 0), 0);

describe('the bundled sheets', () => {
  it('are the three files, each valid, and the defaults of their levels', () => {
    expect(bundledSheets().map((sheet) => `${sheet.id}@${sheet.version}`)).toEqual(['national-onsite@1', 'city@1', 'isccc@1']);
    for (const name of ['national-onsite.v1.json', 'city.v1.json', 'isccc.v1.json']) {
      expect(validateSheet(file(name)).issues, name).toBeUndefined();
    }
    expect(DEFAULT_SHEET_IDS).toEqual({ NATIONAL: 'national-onsite', CITY: 'city', INTERNATIONAL: 'isccc' });
    expect(latestBundledSheet('city')).toBe(city);
    expect(latestBundledSheet('nothing')).toBeUndefined();
    expect(bundledSheet('city', 2)).toBeUndefined();
  });

  it('national: the 12 AQ/T elements in order, 50 items × 0.8 / 1.0 / 1.2 = 150, A/B/C/D = 100/70/30/0, pass 100 and rectify 75 with no item at 0', () => {
    expect(national).toMatchObject({ level: 'NATIONAL', kind: 'SCORED', total: 150 });
    expect(national.indicators.map((indicator) => indicator.element)).toEqual([...AQT_ELEMENTS]);
    expect(national.items).toHaveLength(50);
    expect(national.indicators.map((indicator) => itemsOf(national, indicator.number).length)).toEqual([5, 4, 5, 4, 5, 5, 4, 4, 4, 3, 4, 3]);
    for (const item of national.items) {
      expect(item.parts, item.id).toEqual([
        { part: 'PRESENCE', points: 0.8 },
        { part: 'TRACES', points: 1 },
        { part: 'EFFECT', points: 1.2 },
      ]);
    }
    expect(pointsOf(national)).toBe(150_000);
    expect(national.scale.map((step) => [step.grade, step.percent])).toEqual([['A', 100], ['B', 70], ['C', 30], ['D', 0]]);
    expect(national.rule.pass).toEqual({ minTotal: 100, noZeroItem: true });
    expect(national.rule.rectify).toEqual({ minTotal: 75, noZeroItem: true });
  });

  it('national: items 1.1-2.4 carry the public texts and the sheet as source; the other 41 say they are ours, from their element\'s clause', () => {
    const publicIds = ['1.1', '1.2', '1.3', '1.4', '1.5', '2.1', '2.2', '2.3', '2.4'];
    for (const item of national.items) {
      if (publicIds.includes(item.id)) expect(item.source, item.id).toBe('全国安全社区现场评定表(暂行)');
      else expect(item.source, item.id).toBe(`AQ/T 9001-2006 §4.${item.indicator} (text ours)`);
      expect(item.textEn, item.id).toBeTruthy();
      expect(item.evidence.length, item.id).toBeGreaterThan(4);
    }
    expect(national.items.find((item) => item.id === '1.1')!.text).toContain('跨部门的领导机构');
    expect(national.items.find((item) => item.id === '1.5')!.text).toContain('经费');
    expect(national.items.find((item) => item.id === '2.4')!.text).toContain('居民以多种形式参与');
  });

  it('signals: the facts each item reads, as the suggestions expect them', () => {
    const signals = (sheet: ScoringSheet, id: string) => sheet.items.find((item) => item.id === id)!.signals;
    expect(signals(national, '1.1')).toContain('COMMITTEE_SECTORS');
    expect(signals(national, '1.2')).toContain('WORKING_GROUPS');
    expect(signals(national, '1.4')).toContain('GOALS');
    expect(signals(national, '1.5')).toContain('FUNDING');
    const every = (sheet: ScoringSheet, indicator: number, signal: string) => itemsOf(sheet, indicator).every((item) => (item.signals as string[]).includes(signal));
    for (const sheet of [national, city]) {
      expect(every(sheet, 2, 'SURVEY_RATES'), sheet.id).toBe(true);
      expect(every(sheet, 5, 'PROJECTS'), sheet.id).toBe(true);
      expect(every(sheet, 6, 'ACTIVITIES'), sheet.id).toBe(true);
      expect(every(sheet, 7, 'DRILLS'), sheet.id).toBe(true);
      expect(every(sheet, 8, 'INSPECTIONS'), sheet.id).toBe(true);
      expect(every(sheet, 9, 'INCIDENT_RECORDS') && every(sheet, 9, 'INCIDENT_TREND'), sheet.id).toBe(true);
      expect(every(sheet, 10, 'ARCHIVE'), sheet.id).toBe(true);
    }
  });

  it('city: 12 indicators, 45 items, 35 of 2 points and 10 of 3, 100 in all; pass 90, rectify 80; every text and point ours', () => {
    expect(city).toMatchObject({ level: 'CITY', kind: 'SCORED', total: 100 });
    expect(city.indicators.map((indicator) => indicator.element)).toEqual([...AQT_ELEMENTS]);
    expect(city.items).toHaveLength(45);
    expect(pointsOf(city)).toBe(100_000);
    const itemPoints = city.items.map((item) => item.parts.reduce((sum, part) => sum + milli(part.points), 0));
    expect(itemPoints.filter((points) => points === 2_000)).toHaveLength(35);
    expect(itemPoints.filter((points) => points === 3_000)).toHaveLength(10);
    expect(city.rule.pass).toEqual({ minTotal: 90, noZeroItem: true });
    expect(city.rule.rectify).toEqual({ minTotal: 80, noZeroItem: true });
    expect(city.rule.source).toContain('ours');
    for (const item of city.items) expect(item.source, item.id).toMatch(/^AQ\/T 9001-2006 §4\.\d{1,2} \(text and points ours\)$/);
  });

  it('isccc: a checklist of the six indicators, one COMPLIANCE point per item, MET/PARTLY/NOT_MET, pass at every item', () => {
    expect(isccc).toMatchObject({ level: 'INTERNATIONAL', kind: 'CHECKLIST' });
    expect(isccc.indicators).toHaveLength(6);
    expect(isccc.indicators.map((indicator) => indicator.element)).toEqual([
      'ORGANISATION',
      'INJURY_RECORDS',
      'PROMOTION_PROJECTS',
      'RISK_ASSESSMENT',
      'REVIEW_AND_IMPROVEMENT',
      'COMMUNICATION_AND_PARTICIPATION',
    ]);
    for (const item of isccc.items) expect(item.parts, item.id).toEqual([{ part: 'COMPLIANCE', points: 1 }]);
    expect(isccc.total).toBe(isccc.items.length);
    expect(isccc.scale.map((step) => [step.grade, step.percent])).toEqual([['MET', 100], ['PARTLY', 50], ['NOT_MET', 0]]);
    expect(isccc.rule.pass).toEqual({ minTotal: isccc.items.length, noZeroItem: true });
    expect(isccc.rule.rectify).toEqual({ minTotal: isccc.items.length / 2, noZeroItem: true });
  });
});

describe('validateSheet refuses a bad file, naming each issue by its path', () => {
  const broken = (change: (sheet: any) => void) => {
    const sheet = file('national-onsite.v1.json');
    change(sheet);
    return validateSheet(sheet).issues?.map((issue) => issue.path) ?? [];
  };

  it('a bundled file that is not valid stops the load, naming the file and its issues', () => {
    const sheet: any = file('city.v1.json');
    sheet.items[0].parts[0].points = 0.6;
    sheet.scale[0].percent = 95;
    expect(() => loadSheetFile('city.v1.json', sheet)).toThrow(/functions\/review\/sheets\/city\.v1\.json is not a valid scoring sheet: total: .*; scale\.0\.percent: /);
    expect(loadSheetFile('city.v1.json', file('city.v1.json'))).toEqual(city);
  });

  it('a part that breaks the total', () => {
    expect(broken((sheet) => (sheet.items[3].parts[0].points = 0.9))).toEqual(['total']);
  });

  it('a part twice, an id outside its indicator, an id twice', () => {
    expect(broken((sheet) => sheet.items[3].parts.push({ part: 'EFFECT', points: 1.2 }))).toEqual(expect.arrayContaining(['items.3.parts', 'total']));
    expect(broken((sheet) => (sheet.items[7].id = '3.9'))).toContain('items.7.id');
    expect(broken((sheet) => (sheet.items[1].id = '1.1'))).toContain('items.1.id');
  });

  it('indicators out of order, an indicator without items', () => {
    expect(broken((sheet) => (sheet.indicators[2].number = 4))).toContain('indicators.2.number');
    expect(broken((sheet) => (sheet.items = sheet.items.filter((item: { indicator: number }) => item.indicator !== 12)))).toEqual(expect.arrayContaining(['items', 'total']));
  });

  it('a scale that does not start at 100 % or grades a checklist on a scored sheet', () => {
    expect(broken((sheet) => (sheet.scale[0].percent = 90))).toEqual(['scale.0.percent']);
    expect(broken((sheet) => (sheet.scale[3].grade = 'NOT_MET'))).toContain('scale');
  });

  it('thresholds above the total or a rectify mark not below the pass mark', () => {
    expect(broken((sheet) => (sheet.rule.pass.minTotal = 151))).toContain('rule.pass.minTotal');
    expect(broken((sheet) => (sheet.rule.rectify.minTotal = 100))).toEqual(['rule.rectify.minTotal']);
  });

  it('schema errors: a missing text, a bad slug, points with four decimals, an unknown signal', () => {
    expect(broken((sheet) => delete sheet.items[10].text)).toEqual(['items.10.text']);
    expect(broken((sheet) => (sheet.id = 'National Onsite'))).toEqual(['id']);
    expect(broken((sheet) => (sheet.items[0].parts[0].points = 0.8001))).toContain('items.0.parts.0.points');
    expect(broken((sheet) => (sheet.items[0].signals = ['WEATHER']))).toEqual(['items.0.signals.0']);
    expect(validateSheet('not a sheet').issues?.map((issue) => issue.path)).toEqual(['']);
  });
});

describe("a publication's audit entry", () => {
  it('names the sheet version with its shape and digest, and is in no community\'s or region\'s log', () => {
    const record = publicationRecord({ ...national, version: 2 });
    expect(record).toMatchObject({ id: 'national-onsite@2', sheetId: 'national-onsite', version: 2, level: 'NATIONAL', kind: 'SCORED', total: 150, items: 50 });
    expect(record.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(publicationRecord({ ...national, version: 2, title: '另一标题' }).sha256).not.toBe(record.sha256);
    const trail = new AuditTrail({ client: undefined as never, name: 'offline' });
    const origin = { actor: { subject: 'admin-1', role: 'ADMIN', scope: '*' }, requestId: 'r1' };
    const change = { type: 'ScoringSheet', id: record.id, communityId: '', regionCode: '', before: null, after: record };
    const [step] = trail.steps({ operation: 'SHEET_PUBLISHED', steps: [], changes: [change], origin, at: '2026-12-01T23:40:00.000Z' });
    const item = step!.item.Put!.Item!;
    expect(item).toMatchObject({ pk: 'AUDIT#ScoringSheet#national-onsite@2', operation: 'SHEET_PUBLISHED', communityId: '', regionCode: '', version: 2 });
    expect(item).not.toHaveProperty('gsi1pk');
    expect(item).not.toHaveProperty('gsi2pk');
    // A record of a region keeps its region's log.
    const [regional] = trail.steps({ operation: 'RECOMPUTE_REPAIR', steps: [], changes: [{ ...change, regionCode: '3717' }], origin, at: '2026-12-01T23:40:00.000Z' });
    expect(regional!.item.Put!.Item).toMatchObject({ gsi2pk: 'AUDIT#PROVINCE#37' });
  });
});
