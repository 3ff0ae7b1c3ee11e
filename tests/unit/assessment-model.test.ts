import { describe, expect, it } from 'vitest';
import { BadUserInputError } from '#core/errors.ts';
import { linksOf, mergeItems, parseAssessmentItems, summarize, ungradedParts } from '#review/assessment-model.ts';
import { bundledSheets } from '#review/bundled-sheets.ts';
import type { ScoringSheet } from '#review/sheet.ts';

const sheetOf = (id: string): ScoringSheet => bundledSheets().find((sheet) => sheet.id === id)!;
const NATIONAL = sheetOf('national-onsite');
const ISCCC = sheetOf('isccc');

function fieldsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof BadUserInputError) return error.issues.map((issue) => issue.field);
    throw error;
  }
  return [];
}

describe('the items of a save, parsed against the sheet', () => {
  it('names every bad grade, part, item and finding by its place in the input', () => {
    const fields = fieldsOf(() =>
      parseAssessmentItems(
        NATIONAL,
        [
          { itemId: '1.1', parts: [{ part: 'PRESENCE', grade: 'A' }, { part: 'TRACES', grade: 'PARTLY' }] },
          { itemId: '1.2', parts: [{ part: 'COMPLIANCE', grade: null }] },
          { itemId: '12.9', parts: [{ part: 'PRESENCE', grade: 'A' }] },
          { itemId: '2.1', finding: '整改意见' },
        ],
        { kind: 'SELF' },
      ),
    );
    expect(fields).toEqual(['input.items.0.parts.1.grade', 'input.items.1.parts.0.part', 'input.items.2.itemId', 'input.items.3.finding']);
  });

  it('takes a finding on an on-site assessment, under the caller’s prefix', () => {
    const patches = parseAssessmentItems(NATIONAL, [{ itemId: '1.1', parts: [{ part: 'EFFECT', grade: 'C' }], finding: '  促进委员会缺少教育部门 ' }], { kind: 'ON_SITE' });
    expect(patches).toEqual([{ itemId: '1.1', parts: { EFFECT: 'C' }, finding: '促进委员会缺少教育部门' }]);
    expect(fieldsOf(() => parseAssessmentItems(NATIONAL, [{ itemId: '1.1', finding: 'x'.repeat(501) }], { kind: 'ON_SITE', prefix: 'input.scores' }))).toEqual([
      'input.scores.0.finding',
    ]);
  });

  it('grades a checklist MET / PARTLY / NOT_MET on COMPLIANCE only', () => {
    const item = ISCCC.items[0]!.id;
    expect(parseAssessmentItems(ISCCC, [{ itemId: item, parts: [{ part: 'COMPLIANCE', grade: 'PARTLY' }] }], { kind: 'SELF' })).toHaveLength(1);
    expect(fieldsOf(() => parseAssessmentItems(ISCCC, [{ itemId: item, parts: [{ part: 'COMPLIANCE', grade: 'A' }] }], { kind: 'SELF' }))).toEqual(['input.items.0.parts.0.grade']);
    expect(fieldsOf(() => parseAssessmentItems(ISCCC, [{ itemId: item, parts: [{ part: 'PRESENCE', grade: 'MET' }] }], { kind: 'SELF' }))).toEqual(['input.items.0.parts.0.part']);
  });
});

describe('merging a save', () => {
  it('keeps what is left out, clears what is null, replaces lists and drops an item left empty', () => {
    const current = {
      '1.1': { parts: { PRESENCE: 'A' as const, TRACES: 'B' as const }, note: '旧', links: [{ type: 'PROJECT' as const, id: 'p1' }] },
      '1.2': { parts: { EFFECT: 'C' as const } },
    };
    const next = mergeItems(current, [
      { itemId: '1.1', parts: { TRACES: null, EFFECT: 'D' }, note: null },
      { itemId: '1.2', parts: { EFFECT: null } },
      { itemId: '1.3', parts: {}, links: [{ type: 'EVIDENCE', id: 'e1' }] },
    ]);
    expect(next).toEqual({
      '1.1': { parts: { PRESENCE: 'A', EFFECT: 'D' }, links: [{ type: 'PROJECT', id: 'p1' }] },
      '1.3': { parts: {}, links: [{ type: 'EVIDENCE', id: 'e1' }] },
    });
    expect(Object.keys(next['1.1']!.parts)).toEqual(['PRESENCE', 'EFFECT']);
  });

  it('lists each link once, where it was first given', () => {
    expect(
      linksOf([
        { itemId: '1.1', parts: {}, links: [{ type: 'PROJECT', id: 'p1' }] },
        { itemId: '1.2', parts: {}, links: [{ type: 'EVIDENCE', id: 'e1' }, { type: 'PROJECT', id: 'p1' }] },
      ]).map(({ link, field }) => [link.id, field]),
    ).toEqual([
      ['p1', 'input.items.0.links.0.id'],
      ['e1', 'input.items.1.links.0.id'],
    ]);
  });
});

describe('the summary stored for analytics', () => {
  it('is the sheet’s total, outcome, items at zero and the score of every element, in thousandths', () => {
    const items = Object.fromEntries(
      NATIONAL.items.map((item) => [item.id, { parts: Object.fromEntries(item.parts.map((part) => [part.part, item.id === '9.1' ? 'D' : 'A'])) }]),
    );
    const summary = summarize(NATIONAL, items);
    expect(summary).toMatchObject({ total: 147000, max: 150000, outcome: 'FAIL', zeroItems: ['9.1'] });
    expect(summary.indicators.map((indicator) => indicator.element)).toEqual(NATIONAL.indicators.map((indicator) => indicator.element));
    const injuryRecords = summary.indicators.find((indicator) => indicator.element === 'INJURY_RECORDS')!;
    expect(injuryRecords.max - injuryRecords.score).toBe(3000);
    expect(ungradedParts(NATIONAL, items)).toEqual([]);
    expect(ungradedParts(NATIONAL, { '1.1': { parts: { TRACES: 'A' } } }).slice(0, 3)).toEqual(['1.1 PRESENCE', '1.1 EFFECT', '1.2 PRESENCE']);
  });
});
