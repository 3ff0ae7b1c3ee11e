import type { FieldIssue } from '#core/errors.ts';
import { parseYuan } from '#core/money.ts';
import type { CellValue, SourceRow } from './import-file.ts';
import type { ImportRow } from './import.ts';
import { allowedValuesOf, enumCodeOf, INCIDENT_ENUMS, type IncidentEnumField } from './labels.ts';

/**
 * The columns of an import file (CSV or XLSX) and how a row of cells becomes the record the
 * importer validates: the same for the CLI and the import job. Headers are matched without regard
 * to case, spaces, `_`, `-`, a required mark `*` or a unit in brackets; each column also answers to
 * its Chinese name, and a bilingual header (`发生时间 occurredAt`, what the template writes) to
 * either half.
 */

export interface ImportColumn {
  readonly name: string;
  /** The Chinese header the template writes (and the import accepts). */
  readonly chinese: string;
  /** Other Chinese headers an office's register may use. */
  readonly aliases?: readonly string[];
  readonly required: boolean;
  /** The format, in English (the CLI's help) and in Chinese (the template's 填写说明). */
  readonly format: string;
  readonly formatChinese: string;
  /** What the column means, in Chinese. */
  readonly meaning: string;
}

const enumFormat = (field: IncidentEnumField) => `one of ${INCIDENT_ENUMS[field].codes.join(' ')}, or its Chinese label`;

export const IMPORT_COLUMNS: readonly ImportColumn[] = [
  { name: 'externalId', chinese: '记录编号', aliases: ['编号', '外部编号'], required: true, format: "the row's id in your register, unique within the community (makes re-runs safe)", formatChinese: '文本，最长 100 个字符；在本社区内唯一（重复导入时据此识别已导入的行）', meaning: '本单位登记簿中的记录编号' },
  { name: 'communityId', chinese: '社区ID', aliases: ['社区编号'], required: false, format: 'the community (defaults to --community ID, or the community of the upload)', formatChinese: '社区的 ID；留空则为导入时选定的社区', meaning: '事件所属的安全社区' },
  { name: 'occurredAt', chinese: '发生时间', aliases: ['发生日期时间', '时间'], required: true, format: '2024-05-01T14:30:00+08:00, 2024-05-01 14:30 or 2024/5/1 14:30 (Beijing time), or a date cell', formatChinese: '日期和时间（北京时间），如 2024-05-01 14:30、2024/5/1 14:30 或 2024年5月1日 14:30；也可为 Excel 日期单元格', meaning: '事故或伤害发生的时间' },
  { name: 'cause', chinese: '伤害原因', required: true, format: enumFormat('cause'), formatChinese: '从下拉列表中选择', meaning: '伤害的原因（机制），按全国伤害监测报告卡' },
  { name: 'intent', chinese: '伤害意图', required: true, format: enumFormat('intent'), formatChinese: '从下拉列表中选择', meaning: '伤害的意图' },
  { name: 'place', chinese: '发生地点', required: true, format: enumFormat('place'), formatChinese: '从下拉列表中选择', meaning: '伤害发生的地点' },
  { name: 'activity', chinese: '发生时活动', required: true, format: enumFormat('activity'), formatChinese: '从下拉列表中选择', meaning: '伤害发生时正在进行的活动' },
  { name: 'accidentType', chinese: '事故类别', aliases: ['事故类型'], required: false, format: `GB 6441-86 type (required when place is WORKPLACE): ${enumFormat('accidentType')}`, formatChinese: '从下拉列表中选择；发生地点为"工业和建筑场所"时必填', meaning: 'GB 6441-86《企业职工伤亡事故分类》的事故类别' },
  { name: 'severity', chinese: '严重程度', aliases: ['伤害程度'], required: true, format: enumFormat('severity'), formatChinese: '从下拉列表中选择', meaning: '伤害的严重程度（GB 6441-86：轻伤、重伤、死亡）' },
  { name: 'deaths', chinese: '死亡人数', required: true, format: 'whole number', formatChinese: '非负整数', meaning: '死亡人数' },
  { name: 'injured', chinese: '受伤人数', required: true, format: 'whole number', formatChinese: '非负整数', meaning: '受伤人数' },
  { name: 'economicLoss', chinese: '经济损失(元)', aliases: ['经济损失'], required: false, format: 'yuan, at most two decimals: 1234.50', formatChinese: '金额（元），最多两位小数，如 1234.50', meaning: '直接经济损失' },
  { name: 'victimAgeGroup', chinese: '伤者年龄组', aliases: ['年龄组'], required: false, format: enumFormat('victimAgeGroup'), formatChinese: '从下拉列表中选择', meaning: '（主要）伤者的年龄组' },
  { name: 'victimSex', chinese: '伤者性别', aliases: ['性别'], required: false, format: enumFormat('victimSex'), formatChinese: '从下拉列表中选择', meaning: '（主要）伤者的性别' },
  { name: 'description', chinese: '情况描述', aliases: ['描述', '事件描述'], required: false, format: 'free text, at most 2,000 characters', formatChinese: '文本，最长 2000 个字符；请勿填写姓名、电话等个人信息', meaning: '事件经过的简要描述' },
];

export const ENUM_COLUMNS: ReadonlySet<string> = new Set(Object.keys(INCIDENT_ENUMS));

/** `发生时间 occurredAt`, with `*` after the Chinese name of a required column: what the template's header row says. */
export const bilingualHeader = (column: ImportColumn): string => `${column.chinese}${column.required ? '*' : ''} ${column.name}`;

const normalise = (name: string) =>
  name
    .normalize('NFKC')
    .replace(/[(（][^)）]*[)）]/g, '')
    .toLowerCase()
    .replace(/[\s_*-]/g, '');

const COLUMN_BY_KEY = new Map<string, ImportColumn>(
  IMPORT_COLUMNS.flatMap((column) => [column.name, column.chinese, ...(column.aliases ?? [])].map((name) => [normalise(name), column] as const)),
);

/** The two columns the rejected rows' workbook puts first (import-rejected.ts): read past, so a corrected sheet imports as it is. */
const IGNORED_HEADERS = new Set(['行号line', '原因reason', '行号', '原因'].map(normalise));
const ignored = (header: string) => IGNORED_HEADERS.has(normalise(header));

/** The column a header cell names, or undefined: the whole cell first, else every half of a bilingual one agreeing. */
export function columnOf(header: string): ImportColumn | undefined {
  const whole = COLUMN_BY_KEY.get(normalise(header));
  if (whole) return whole;
  const parts = header
    .split(/[\s/|]+/)
    .map((part) => COLUMN_BY_KEY.get(normalise(part)))
    .filter((part) => part !== undefined);
  return parts.length > 0 && parts.every((part) => part === parts[0]) ? parts[0] : undefined;
}

/** What is wrong with a header, or undefined: columns nobody knows, required ones missing, one named twice. */
export function headerIssue(header: readonly string[], hasDefaultCommunity: boolean): string | undefined {
  const columns = columnsOf(header);
  const unknown = header.filter((name, index) => name !== '' && !ignored(name) && columns[index] === undefined);
  if (unknown.length > 0) return `unknown column(s) ${unknown.join(', ')}`;
  const names = columns.filter((column) => column !== undefined).map((column) => column.name);
  const twice = names.filter((name, index) => names.indexOf(name) !== index);
  if (twice.length > 0) return `column(s) named twice: ${[...new Set(twice)].join(', ')}`;
  const missing = IMPORT_COLUMNS.filter((column) => column.required && !names.includes(column.name)).map((column) => column.name);
  if (!names.includes('communityId') && !hasDefaultCommunity) missing.push('communityId (or a default community)');
  return missing.length > 0 ? `missing column(s) ${missing.join(', ')}` : undefined;
}

/** The header's columns, position by position (undefined for an empty header cell); call after headerIssue. */
export const columnsOf = (header: readonly string[]): (ImportColumn | undefined)[] => header.map((name) => (name === '' || ignored(name) ? undefined : columnOf(name)));

/**
 * A row of cells as the import takes a record: empty cells left out, numbers, money and the time
 * converted (a cell that is none is reported for its column), enum cells as their code (a code in
 * any case, or the Chinese label; else the allowed values are named). Everything else is judged
 * by the same zod schema as the mutation's rows.
 */
export function importRowOf(row: number, source: SourceRow, columns: readonly (ImportColumn | undefined)[], defaultCommunity: string | undefined): ImportRow {
  if (source.error !== undefined) return { row, communityId: defaultCommunity, record: {}, issues: [{ field: '(row)', message: source.error }] };
  const record: Record<string, unknown> = {};
  const issues: FieldIssue[] = [];
  let communityId: string | undefined;
  columns.forEach((column, index) => {
    const cell = source.cells[index] ?? null;
    if (!column || cell === null || isEmpty(cell)) return;
    if (typeof cell === 'object' && cell !== null && !(cell instanceof Date)) {
      issues.push({ field: column.name, message: `the cell holds the spreadsheet error ${cell.error}` });
      return;
    }
    const field = column.name;
    const converted = convert(field, cell);
    if ('issue' in converted) issues.push({ field, message: converted.issue });
    else if (field === 'communityId') communityId = String(converted.value);
    else record[field] = converted.value;
  });
  return { row, communityId: communityId ?? defaultCommunity, record, issues };
}

type Converted = { readonly value: unknown } | { readonly issue: string };

function convert(field: string, cell: string | number | boolean | Date): Converted {
  if (field === 'occurredAt') return occurredAtOf(cell);
  if (field === 'deaths' || field === 'injured') {
    const text = typeof cell === 'number' ? String(cell) : typeof cell === 'string' ? cell.trim() : '';
    return /^-?\d+$/.test(text) ? { value: Number(text) } : { issue: 'must be a whole number' };
  }
  if (field === 'economicLoss') {
    const fen = typeof cell === 'number' ? fenOfNumber(cell) : typeof cell === 'string' ? parseYuan(yuanText(cell)) : undefined;
    return fen === undefined ? { issue: 'must be a non-negative amount in yuan with at most two decimals, e.g. 1234.50' } : { value: fen };
  }
  if (ENUM_COLUMNS.has(field)) {
    const text = typeof cell === 'string' ? cell : String(cell);
    const code = enumCodeOf(field as IncidentEnumField, text);
    return code ? { value: code } : { issue: `"${text.trim()}" is none of the allowed values: ${allowedValuesOf(field as IncidentEnumField)}` };
  }
  if (cell instanceof Date) return { issue: 'must be text, not a date' };
  // Text: a number typed into a workbook cell (an externalId 1001) is its digits.
  return { value: typeof cell === 'string' ? cell.trim() : String(cell) };
}

function isEmpty(cell: CellValue): boolean {
  return cell === null || (typeof cell === 'string' && cell.replace(/[\s\u3000]/g, '') === '');
}

/** `¥1,234.50` → `1234.50`: the currency sign and thousands separators a spreadsheet's display adds. */
function yuanText(text: string): string {
  const plain = text.trim().replace(/^[¥￥]\s*/, '');
  return /^\d{1,3}(,\d{3})+(\.\d+)?$/.test(plain) ? plain.replaceAll(',', '') : plain;
}

/** A workbook's number cell as fen, when it has at most two decimals (1200.5 is 120050 fen). */
function fenOfNumber(value: number): number | undefined {
  if (!Number.isFinite(value) || value < 0) return undefined;
  const fen = Math.round(value * 100);
  return Math.abs(fen - value * 100) < 1e-6 ? fen : undefined;
}

const pad = (value: string | number) => String(value).padStart(2, '0');

/**
 * The time as the importer's schema reads it (an offset, or China time without one): a date cell
 * (exceljs gives its wall-clock time as UTC), an Excel serial number, or text, where the forms a
 * spreadsheet on Chinese Windows displays (2024/5/1 14:30, 2024年5月1日 14:30) become 2024-05-01 14:30.
 */
function occurredAtOf(cell: string | number | boolean | Date): Converted {
  if (cell instanceof Date) return { value: wallClock(cell) };
  if (typeof cell === 'number') {
    // Days since 1899-12-30 (Excel's 1900 date system), the fraction the time of day.
    if (cell <= 0 || cell > 2_958_465) return { issue: 'must be a date and time' };
    return { value: wallClock(new Date(Math.round((cell - 25_569) * 86_400_000))) };
  }
  const text = String(cell).trim();
  const local = /^(\d{4})\s*[/.年-]\s*(\d{1,2})\s*[/.月-]\s*(\d{1,2})\s*日?(?:[\sT]+(\d{1,2})\s*[:：]\s*(\d{2})(?:\s*[:：]\s*(\d{2}))?)?$/.exec(text);
  if (!local) return { value: text };
  const [, year, month, day, hour, minute, second] = local;
  const date = `${year}-${pad(month as string)}-${pad(day as string)}`;
  return { value: hour === undefined ? date : `${date} ${pad(hour)}:${minute}:${second ?? '00'}` };
}

function wallClock(date: Date): string {
  const iso = date.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}
