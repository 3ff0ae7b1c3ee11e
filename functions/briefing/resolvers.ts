import type { BriefingResolvers, MutationResolvers } from '#generated/graphql.ts';
import type { BriefingBlock } from './model.ts';

/**
 * generateBriefing: the request's BriefingService checks, authorizes, builds and stores. It writes
 * a file, so it is a mutation, allowed once per operation (graphql/limits.ts).
 */
export const briefingMutations: Pick<MutationResolvers, 'generateBriefing'> = {
  generateBriefing: (_parent, args, { briefings }) => briefings.generate(args),
};

/** A block as plain lines: a paragraph is one, a list one per item, a table its caption and one per row (cells apart by tabs). */
function linesOf(block: BriefingBlock): string[] {
  switch (block.kind) {
    case 'paragraph':
      return [block.text];
    case 'list':
      return block.items.map((item, index) => `${index + 1}. ${item}`);
    case 'table':
      return [block.caption, block.header.join('\t'), ...block.rows.map((row) => row.join('\t'))];
  }
}

/** The stored briefing (GeneratedBriefing) read as the schema's Briefing. */
export const Briefing: BriefingResolvers = {
  title: (briefing) => briefing.document.title,
  issueLine: (briefing) => briefing.document.issueLine,
  office: (briefing) => briefing.document.office,
  headline: (briefing) => briefing.document.headline,
  sections: (briefing) => briefing.document.sections.map((section) => ({ heading: section.heading, lines: section.blocks.flatMap(linesOf) })),
};
