import { GraphQLScalarType, Kind } from 'graphql';

/**
 * Money in yuan as an exact decimal string ("12345.67"), stored as an integer number of fen.
 * Never a float: 0.1 + 0.2 yuan must stay 0.30 yuan in every sum an analyst reads.
 */
const MONEY = /^(0|[1-9]\d{0,12})(\.\d{1,2})?$/;

export function parseYuan(value: string): number | undefined {
  if (!MONEY.test(value)) return undefined;
  const [whole, fraction = ''] = value.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

export function formatFen(fen: number): string {
  const whole = Math.floor(fen / 100);
  const cents = fen % 100;
  return `${whole}.${String(cents).padStart(2, '0')}`;
}

/**
 * An amount as the offices write it in prose: 万元 from ten thousand yuan up, with at most two
 * decimals and no trailing zeros (535800000 fen → "535.8万元", 10000000 → "1000万元"), yuan below
 * it (350000 fen → "3500元", 123450 → "1234.5元").
 */
export function formatFenInWords(fen: number): string {
  const trim = (text: string) => text.replace(/\.?0+$/, '');
  if (fen >= 1_000_000) return `${trim((Math.round(fen / 10_000) / 100).toFixed(2))}万元`;
  return `${trim(formatFen(fen))}元`;
}

/** The GraphQL scalar: input "1234.5" → 123450 fen; output 123450 → "1234.50". */
export const MoneyScalar = new GraphQLScalarType<number, string>({
  name: 'Money',
  description: 'An amount in yuan (元) as an exact decimal string with at most two decimals, e.g. "12345.67".',
  serialize: (value) => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw new TypeError('Money must be stored as integer fen');
    return formatFen(value);
  },
  parseValue: (value) => {
    const fen = typeof value === 'string' ? parseYuan(value) : undefined;
    if (fen === undefined) throw new TypeError('must be a non-negative amount in yuan with at most two decimals, as a string, e.g. "1234.50"');
    return fen;
  },
  parseLiteral: (ast) => {
    const fen = ast.kind === Kind.STRING ? parseYuan(ast.value) : undefined;
    if (fen === undefined) throw new TypeError('must be a non-negative amount in yuan with at most two decimals, as a string, e.g. "1234.50"');
    return fen;
  },
});
