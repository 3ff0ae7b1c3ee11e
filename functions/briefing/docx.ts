import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Packer,
  PageNumber,
  Paragraph,
  type ParagraphChild,
  Table,
  TableCell,
  TableRow,
  TabStopType,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx';
import type { BriefingBlock, BriefingDocument } from './model.ts';

/**
 * The briefing as a Word document (DOCX, with the `docx` package), in the look of the offices'
 * own 简报: the title large and red, the issue line centred, the issuing office at the left and
 * the date at the right above a red rule, the headline, then the sections; A4 with the margins of
 * the Chinese official document standard (GB/T 9704: 37 mm top, 35 mm bottom, 28 mm left, 26 mm
 * right) and the page number centred in the footer ("— 1 —").
 *
 * Fonts: Chinese text in 宋体 (SimSun: every Windows office has it; the title in 黑体/SimHei),
 * Latin text and figures in Times New Roman, the language marked zh-CN so that a machine without
 * SimSun falls back to a Simplified Chinese font (Word to its East Asian default, LibreOffice by
 * its replacement table and fontconfig: Noto Serif CJK SC, Source Han Serif, …) rather than to a
 * Japanese or a Latin one.
 */
export const BRIEFING_FONTS = {
  body: { eastAsia: 'SimSun', ascii: 'Times New Roman', hAnsi: 'Times New Roman', cs: 'Times New Roman' },
  title: { eastAsia: 'SimHei', ascii: 'Arial', hAnsi: 'Arial', cs: 'Arial' },
} as const;

/** Half-points: 小初 36 pt for the title, 三号 16 pt for the headline, 四号 14 pt for the body, 五号 10.5 pt for tables. */
const SIZE = { title: 72, headline: 32, heading: 30, body: 28, table: 21, footer: 21 } as const;
const RED = 'C00000';
const MM = 56.7; // twips per millimetre
/** A4 in twips. */
export const A4 = { width: 11906, height: 16838 } as const;
const MARGIN = { top: Math.round(37 * MM), bottom: Math.round(35 * MM), left: Math.round(28 * MM), right: Math.round(26 * MM) };
const TEXT_WIDTH = A4.width - MARGIN.left - MARGIN.right;
const LANGUAGE = { value: 'zh-CN', eastAsia: 'zh-CN' } as const;

function run(text: string, options: { bold?: boolean; size?: number; color?: string; title?: boolean } = {}): TextRun {
  return new TextRun({
    text,
    font: options.title ? BRIEFING_FONTS.title : BRIEFING_FONTS.body,
    size: options.size ?? SIZE.body,
    language: LANGUAGE,
    ...(options.bold ? { bold: true } : {}),
    ...(options.color ? { color: options.color } : {}),
  });
}

/** Body text: first line indented two characters, 1.5 lines apart, justified. */
function bodyParagraph(children: ParagraphChild[], indent = true): Paragraph {
  return new Paragraph({
    children,
    alignment: AlignmentType.JUSTIFIED,
    spacing: { line: 420, after: 60 },
    ...(indent ? { indent: { firstLine: SIZE.body * 20 } } : {}),
  });
}

function blockOf(block: BriefingBlock): (Paragraph | Table)[] {
  switch (block.kind) {
    case 'paragraph':
      return [bodyParagraph([run(block.text)])];
    case 'list':
      return block.items.map((item, index) => bodyParagraph([run(`${index + 1}. ${item}`)]));
    case 'table':
      return [
        new Paragraph({ children: [run(block.caption, { bold: true, size: SIZE.table })], alignment: AlignmentType.CENTER, spacing: { before: 120, after: 60 }, keepNext: true }),
        tableOf(block),
        new Paragraph({ children: [], spacing: { after: 60 } }),
      ];
  }
}

function tableOf(block: Extract<BriefingBlock, { kind: 'table' }>): Table {
  const columns = block.header.length;
  const first = Math.round(TEXT_WIDTH * (columns > 4 ? 0.28 : 0.34));
  const rest = Math.floor((TEXT_WIDTH - first) / Math.max(1, columns - 1));
  const widths = [first, ...Array.from({ length: columns - 1 }, () => rest)];
  const border = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
  const cell = (text: string, column: number, header: boolean) =>
    new TableCell({
      width: { size: widths[column] ?? rest, type: WidthType.DXA },
      verticalAlign: VerticalAlign.CENTER,
      borders: { top: border, bottom: border, left: border, right: border },
      children: [new Paragraph({ children: [run(text, { size: SIZE.table, bold: header })], alignment: column === 0 ? AlignmentType.LEFT : AlignmentType.CENTER })],
    });
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    rows: [
      new TableRow({ tableHeader: true, children: block.header.map((text, column) => cell(text, column, true)) }),
      ...block.rows.map((row) => new TableRow({ cantSplit: true, children: row.map((text, column) => cell(text, column, false)) })),
    ],
  });
}

/** The DOCX bytes of a briefing. */
export async function briefingDocx(briefing: BriefingDocument): Promise<Buffer> {
  const masthead = [
    new Paragraph({ children: [run(briefing.title, { title: true, size: SIZE.title, color: RED })], alignment: AlignmentType.CENTER, spacing: { before: 120, after: 240 } }),
    new Paragraph({ children: [run(briefing.issueLine, { size: SIZE.body })], alignment: AlignmentType.CENTER, spacing: { after: 240 } }),
    // The office at the left, the date at the right, a red rule beneath both.
    new Paragraph({
      children: [run(briefing.office), run(`\t${briefing.dateLine}`)],
      tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH }],
      border: { bottom: { style: BorderStyle.SINGLE, size: 18, color: RED, space: 4 } },
      spacing: { after: 360 },
    }),
    new Paragraph({ children: [run(briefing.headline, { bold: true, size: SIZE.headline })], alignment: AlignmentType.CENTER, spacing: { after: 240 } }),
  ];
  const body = briefing.sections.flatMap((section) => [
    new Paragraph({ children: [run(section.heading, { bold: true, size: SIZE.heading })], spacing: { before: 240, after: 120 }, indent: { firstLine: SIZE.body * 20 }, keepNext: true }),
    ...section.blocks.flatMap(blockOf),
  ]);
  const closing = [
    new Paragraph({ children: [], border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 4 } }, spacing: { before: 240 } }),
    bodyParagraph([run(briefing.note, { size: SIZE.table })], false),
  ];
  const document = new Document({
    title: `${briefing.title} ${briefing.issueLine}`,
    subject: briefing.headline,
    creator: briefing.office,
    description: briefing.headline,
    styles: { default: { document: { run: { font: BRIEFING_FONTS.body, size: SIZE.body, language: LANGUAGE } } } },
    sections: [
      {
        properties: { page: { size: { width: A4.width, height: A4.height }, margin: MARGIN } },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: BRIEFING_FONTS.body, size: SIZE.footer })],
              }),
            ],
          }),
        },
        children: [...masthead, ...body, ...closing],
      },
    ],
  });
  return Packer.toBuffer(document);
}
