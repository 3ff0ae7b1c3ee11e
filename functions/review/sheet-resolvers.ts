import type { MutationResolvers, QueryResolvers, ScoringSheetIndicatorResolvers, ScoringSheetItemResolvers, ScoringSheetResolvers } from '#generated/graphql.ts';
import { milli, sheetRef } from './sheet.ts';

export const sheetQueries: Pick<QueryResolvers, 'scoringSheet' | 'scoringSheets'> = {
  scoringSheet: (_parent, { id, version }, { sheets }) => sheets.require(id, version),
  scoringSheets: (_parent, _args, { sheets }) => sheets.list(),
};

export const sheetMutations: Pick<MutationResolvers, 'publishScoringSheet'> = {
  publishScoringSheet: (_parent, { sheet }, { sheets }) => sheets.publish(sheet),
};

/** Points summed in thousandths, shown as points: 0.8 + 1.0 + 1.2 is 3, not 3.0000000000000004. */
const pointsOf = (values: readonly number[]) => values.reduce((total, value) => total + milli(value), 0) / 1000;

export const ScoringSheet: ScoringSheetResolvers = {
  indicators: (sheet) =>
    sheet.indicators.map((indicator) => {
      const items = sheet.items.filter((item) => item.indicator === indicator.number);
      return { ...indicator, items };
    }),
  scale: (sheet) => [...sheet.scale],
  versions: (sheet, _args, { sheets }) => sheets.versions(sheet.id),
  history: (sheet, args, { audit }) => audit.sheetHistory(sheetRef(sheet), args),
};

export const ScoringSheetIndicator: ScoringSheetIndicatorResolvers = {
  maxPoints: (indicator) => pointsOf(indicator.items.flatMap((item) => item.parts.map((part) => part.points))),
};

export const ScoringSheetItem: ScoringSheetItemResolvers = {
  maxPoints: (item) => pointsOf(item.parts.map((part) => part.points)),
};
