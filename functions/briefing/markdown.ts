import type { BriefingBlock, BriefingDocument } from './model.ts';

/**
 * The briefing as Markdown (CommonMark with GFM tables) for a front end to show: the same
 * document the DOCX renders, title as the first heading, the issue line, office and date under
 * it, sections as second-level headings, tables as pipe tables. Text from the records (project
 * names, topics) is escaped so that it never becomes markup.
 */
export function briefingMarkdown(briefing: BriefingDocument): string {
  const lines: string[] = [
    `# ${text(briefing.title)}`,
    '',
    `**${text(briefing.issueLine)}**`,
    '',
    `${text(briefing.office)}　　${text(briefing.dateLine)}`,
    '',
    '---',
    '',
    `## ${text(briefing.headline)}`,
    '',
  ];
  for (const section of briefing.sections) {
    lines.push(`### ${text(section.heading)}`, '');
    for (const block of section.blocks) lines.push(...blockLines(block), '');
  }
  lines.push('---', '', `*${text(briefing.note)}*`, '');
  return lines.join('\n');
}

function blockLines(block: BriefingBlock): string[] {
  switch (block.kind) {
    case 'paragraph':
      return [text(block.text)];
    case 'list':
      return block.items.map((item, index) => `${index + 1}. ${text(item)}`);
    case 'table':
      return [
        `**${text(block.caption)}**`,
        '',
        row(block.header),
        `|${block.header.map((_, index) => (index === 0 ? ' --- ' : ' ---: ')).join('|')}|`,
        ...block.rows.map(row),
      ];
  }
}

const row = (cells: readonly string[]) => `| ${cells.map((cell) => text(cell)).join(' | ')} |`;

/** Markdown's punctuation escaped, line breaks flattened: record text stays text. */
function text(value: string): string {
  return value.replace(/[\r\n]+/g, ' ').replace(/([\\`*_{}[\]<>#+!|~])/g, '\\$1');
}
