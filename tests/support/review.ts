import { randomUUID } from 'node:crypto';
import type { Community } from '#community/model.ts';
import type { Table } from '#core/db/table.ts';
import { systemOrigin } from '#core/origin.ts';
import type { Certification, CertificationLevel } from '#certification/model.ts';
import { CertificationRepository } from '#certification/repository.ts';
import { CommunityRepository } from '#community/repository.ts';
import { createWritePipeline } from '#graphql/pipeline.ts';
import { type Assessment, type AssessmentItem, summarize } from '#review/assessment-model.ts';
import { AssessmentRepository } from '#review/assessment-repository.ts';
import { DEFAULT_SHEET_IDS, latestBundledSheet } from '#review/bundled-sheets.ts';
import type { ScoringSheet, SheetGrade, SheetPart } from '#review/sheet.ts';
import { seedCommunity } from '#scripts/seed/community-fixture.ts';
import { newId } from '#core/ids.ts';

/** The bundled sheet a level's self-assessments are made on by default. */
export function sheetOfLevel(level: CertificationLevel): ScoringSheet {
  const sheet = latestBundledSheet(DEFAULT_SHEET_IDS[level]);
  if (!sheet) throw new Error(`no bundled sheet for ${level}`);
  return sheet;
}

/** Every part of every item of a sheet at `grade`, except the items given their own grades. */
export function gradedItems(sheet: ScoringSheet, grade: SheetGrade, except: Readonly<Record<string, SheetGrade>> = {}): Record<string, AssessmentItem> {
  return Object.fromEntries(
    sheet.items.map((item) => [item.id, { parts: Object.fromEntries(item.parts.map((part) => [part.part, except[item.id] ?? grade])) as Partial<Record<SheetPart, SheetGrade>> }]),
  );
}

/** The same as GraphQL item inputs (OnSiteItemInput / AssessmentItemInput). */
export function itemInputs(sheet: ScoringSheet, grade: SheetGrade, except: Readonly<Record<string, SheetGrade>> = {}, only?: readonly string[]) {
  return sheet.items
    .filter((item) => !only || only.includes(item.id))
    .map((item) => ({ itemId: item.id, parts: item.parts.map((part) => ({ part: part.part, grade: except[item.id] ?? grade })) }));
}

/**
 * A SUBMITTED self-assessment written straight through the repository (the self-assessment API
 * has its own tests): for tests of what comes after, the application and its chain.
 */
export async function seedSubmittedSelfAssessment(
  table: Table,
  community: Community,
  level: CertificationLevel,
  grade: SheetGrade = 'A',
): Promise<Assessment> {
  const sheet = sheetOfLevel(level);
  const now = new Date().toISOString();
  const items = gradedItems(sheet, grade);
  const assessment: Assessment = {
    id: newId('assessment'),
    communityId: community.id,
    regionCode: community.regionCode,
    kind: 'SELF',
    status: 'SUBMITTED',
    sheetId: sheet.id,
    sheetVersion: sheet.version,
    level,
    items,
    summary: summarize(sheet, items),
    submittedOn: now.slice(0, 10),
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  const pipeline = createWritePipeline(table);
  const repository = new AssessmentRepository(table, pipeline, new CommunityRepository(table, pipeline));
  await pipeline.commit({ operation: 'ASSESSMENT_SUBMITTED', ...repository.assessments.created(assessment, community.regionCode) }, systemOrigin('test-fixture', `fixture:${assessment.id}`));
  return assessment;
}

/** A standing designation: the community (DESIGNATED) and its decided certification, written through the pipeline. */
export async function seedDesignation(
  table: Table,
  options: {
    readonly regionCode: string;
    readonly level: CertificationLevel;
    readonly designatedOn: string;
    /** The community's DESIGNATED stage date (a stage date is never in the future); the designation date by default. */
    readonly stageOn?: string;
    /** @default the designation date */
    readonly appliedOn?: string;
    readonly validUntil?: string;
    readonly name?: string;
  },
): Promise<{ community: Community; certification: Certification }> {
  const { regionCode, level, designatedOn } = options;
  const community = await seedCommunity(table, {
    regionCode,
    name: options.name ?? `复评测试${randomUUID().slice(0, 6)}社区`,
    stage: 'DESIGNATED',
    launchedOn: '2005-01-01',
    stageHistory: [
      { stage: 'LAUNCHED', on: '2005-01-01' },
      { stage: 'DESIGNATED', on: options.stageOn ?? designatedOn },
    ],
  });
  const now = new Date().toISOString();
  const certification: Certification = {
    id: newId('certification'),
    communityId: community.id,
    regionCode,
    level,
    standardVersion: 'AQ/T 9001-2006',
    appliedOn: options.appliedOn ?? designatedOn,
    reReview: false,
    decision: 'DESIGNATED',
    decidedOn: designatedOn,
    designatedOn,
    ...(options.validUntil ? { validUntil: options.validUntil } : {}),
    phase: 'DECIDED',
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  const pipeline = createWritePipeline(table);
  const communities = new CommunityRepository(table, pipeline);
  const certifications = new CertificationRepository(table, pipeline, communities, new AssessmentRepository(table, pipeline, communities).assessments);
  await certifications.record(certification, regionCode, systemOrigin('test-fixture', `fixture:${certification.id}`));
  return { community, certification };
}
