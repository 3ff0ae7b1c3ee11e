import { randomUUID } from 'node:crypto';
import { systemOrigin, type WriteOrigin } from '#core/origin.ts';
import type { Table } from '#core/db/table.ts';
import { createWritePipeline } from '#graphql/pipeline.ts';
import {
  applyForCertificationInputSchema,
  type Certification,
  decideCertificationInputSchema,
  DEFAULT_MAX_SCORE,
  recordCertificationReviewInputSchema,
} from '#certification/model.ts';
import { AssessmentRepository } from '#review/assessment-repository.ts';
import { CertificationRepository } from '#certification/repository.ts';
import { createInterventionInputSchema, createProjectInputSchema, type Intervention, type Project } from '#project/model.ts';
import { ProjectRepository } from '#project/repository.ts';
import { type Activity, createActivityInputSchema, recordSurveyInputSchema, type Survey } from '#training/model.ts';
import { ActivityRepository, surveyId } from '#training/repository.ts';
import { chinaToday, uniqueSorted } from '#core/taxonomy.ts';
import { CommunityRepository } from '#community/repository.ts';
import { CommunityService } from '#community/service.ts';
import { IncidentImporter, MAX_IMPORT_RECORDS } from '#incident/import.ts';
import { RecentIncidentIndex } from '#incident/recent-index.ts';
import { IncidentRepository } from '#incident/repository.ts';
import { demoCommunities } from './demo-communities.ts';
import { demoActivities, demoCertifications, demoIncidents, demoProjects, demoSurveys } from './demo-records.ts';
import { DUDIAN, dudianIncidents } from './demo-review.ts';
import { demoId } from './ids.ts';
import { phaseCounter, quietly, type SeedProgress } from './progress.ts';
import { type ReviewSeed, scoredCertification, seedReviewApplications, seedReviewSelfAssessments, writeOnce, writeScoredCertification } from './load-review.ts';

/**
 * Writes the creation record of the demo communities with the same repositories and key design
 * the API uses, validated by the same zod schemas. Stage histories are the briefings', so the
 * records are written as they stand rather than replayed through the stage-moving mutations.
 * Every record's id derives from its demo key: a reload skips what is there.
 */
export interface RecordCounts {
  incidents: number;
  projects: number;
  interventions: number;
  activities: number;
  surveys: number;
  certifications: number;
  /** Self-assessments (the on-site ones come with their certifications). */
  assessments: number;
}

export async function seedDemoRecords(table: Table, now = new Date().toISOString(), today = chinaToday(), progress: SeedProgress = quietly): Promise<RecordCounts> {
  // One unit per record of the briefings' lists, and one for the review demo's self-assessments (its applications follow the incidents).
  const { tick } = phaseCounter(progress, 'records', demoProjects.length + demoActivities.length + demoSurveys.length + demoCertifications.length + 1);
  const counts: RecordCounts = { incidents: 0, projects: 0, interventions: 0, activities: 0, surveys: 0, certifications: 0, assessments: 0 };
  const pipeline = createWritePipeline(table);
  const origin = seedOrigin();
  const projects = new ProjectRepository(table, pipeline);
  const activities = new ActivityRepository(table, pipeline);
  const communityRepository = new CommunityRepository(table, pipeline);
  const assessments = new AssessmentRepository(table, pipeline, communityRepository);
  const certifications = new CertificationRepository(table, pipeline, communityRepository, assessments.assessments);
  const reviewSeed: ReviewSeed = { pipeline, origin, communities: communityRepository, assessments, certifications, activities, now, today };
  const stamp = { version: 1, createdAt: now, updatedAt: now };
  // Every record counts in its community's region (creation-counters.ts), in its own transaction.
  const regions = new Map(demoCommunities.map((demo) => [demoId('community', demo.key), demo.input.regionCode]));
  const regionOf = (communityId: string): string => {
    const region = regions.get(communityId);
    if (!region) throw new Error(`demo record of unknown community ${communityId}`);
    return region;
  };

  for (const demo of demoProjects) {
    tick();
    const communityId = demoId('community', demo.communityKey);
    const input = createProjectInputSchema.parse({ ...demo.input, communityId });
    const regionCode = regionOf(communityId);
    const project: Project = {
      id: demoId('project', demo.key),
      ...input,
      regionCode,
      targetGroups: uniqueSorted(input.targetGroups),
      environments: uniqueSorted(input.environments),
      ...stamp,
    };
    const interventions: Intervention[] = demo.interventions.map((intervention, index) => ({
      id: demoId('intervention', `${demo.key}/intervention/${index}`),
      ...createInterventionInputSchema.parse({ ...intervention, projectId: project.id }),
      communityId,
      regionCode,
      ...stamp,
    }));
    const written = await writeOnce(() => projects.create(project, regionCode, origin, interventions));
    if (written) {
      counts.projects += 1;
      counts.interventions += interventions.length;
    }
  }

  for (const demo of demoActivities) {
    tick();
    const input = createActivityInputSchema.parse({
      ...demo.input,
      communityId: demoId('community', demo.communityKey),
      ...(demo.projectKey ? { projectId: demoId('project', demo.projectKey) } : {}),
    });
    const regionCode = regionOf(input.communityId);
    const activity: Activity = { id: demoId('activity', demo.key), ...input, regionCode, audienceGroups: uniqueSorted(input.audienceGroups), ...stamp };
    if (await writeOnce(() => activities.createActivity(activity, regionCode, origin))) counts.activities += 1;
  }

  for (const demo of demoSurveys) {
    tick();
    const { version: _version, ...input } = recordSurveyInputSchema.parse({ ...demo.input, communityId: demoId('community', demo.communityKey) });
    const regionCode = regionOf(input.communityId);
    const survey: Survey = { id: surveyId(input.communityId, input.year), ...input, regionCode, ...stamp };
    if (await writeOnce(() => activities.createSurvey(survey, regionCode, origin))) counts.surveys += 1;
  }

  // The 2009 national reviews rest on self-assessments submitted before the applications.
  counts.assessments += await seedReviewSelfAssessments(reviewSeed);
  tick();

  for (const demo of demoCertifications) {
    tick();
    const communityId = demoId('community', demo.communityKey);
    const id = demoId('certification', demo.key);
    const application = applyForCertificationInputSchema.parse({ ...demo.application, communityId });
    const review = demo.review && recordCertificationReviewInputSchema.parse({ ...demo.review, id, version: 1 });
    const decision = demo.decision && decideCertificationInputSchema.parse({ ...demo.decision, id, version: 2 });
    const regionCode = regionOf(communityId);
    const certification: Certification = {
      id,
      ...application,
      regionCode,
      ...(review ? { ...withoutIdentity(review), ...(review.score !== undefined ? { maxScore: review.maxScore ?? DEFAULT_MAX_SCORE[application.level] } : {}) } : {}),
      ...(decision ? withoutIdentity(decision) : { decision: 'PENDING' as const }),
      ...stamp,
      version: 1 + (review ? 1 : 0) + (decision ? 1 : 0),
    };
    // 西城's and 吴店's are scored on the national sheet (load-review.ts); the others stay as recorded.
    const scored = scoredCertification(demo.key, certification, now);
    if (scored ? await writeScoredCertification(reviewSeed, scored, regionCode) : await writeOnce(() => certifications.record(certification, regionCode, origin))) {
      counts.certifications += 1;
    }
  }

  counts.incidents = await seedDemoIncidents(table, today, progress);
  const applications = await seedReviewApplications(reviewSeed);
  counts.assessments += applications.assessments;
  counts.certifications += applications.certifications;
  counts.surveys += applications.surveys;
  counts.activities += applications.activities;
  return counts;
}

/**
 * The synthetic incidents of 牡丹区 (and 杜店's, demo-review.ts) go through the bulk importer, as an ADMIN, in calls of 1,000
 * rows: the same validation, guards and recent-incident index as `npm run import`. Their
 * externalIds make a reload recognise them as duplicates.
 */
async function seedDemoIncidents(table: Table, today: string, progress: SeedProgress): Promise<number> {
  const principal = { role: 'ADMIN', subject: 'demo-seed' } as const;
  const pipeline = createWritePipeline(table);
  const origin = seedOrigin();
  const importer = new IncidentImporter(
    new IncidentRepository(table, pipeline),
    new RecentIncidentIndex(table),
    new CommunityService(new CommunityRepository(table, pipeline), principal, origin),
    principal,
    origin,
  );
  const incidents = [
    ...demoIncidents().map((incident) => ({ communityId: demoId('community', incident.communityKey), record: incident.input })),
    // 杜店's, relative to the day of the load (demo-review.ts).
    ...dudianIncidents(today).map((record) => ({ communityId: demoId('community', DUDIAN), record })),
  ];
  const rows = incidents.map((incident, index) => ({ row: index + 1, ...incident }));
  let created = 0;
  const { tick } = phaseCounter(progress, 'incidents', rows.length);
  for (let start = 0; start < rows.length; start += MAX_IMPORT_RECORDS) {
    const batch = rows.slice(start, start + MAX_IMPORT_RECORDS);
    const prepared = await importer.prepare(batch);
    const refused = [...prepared.outcomes.values()].filter((outcome) => outcome.status === 'REJECTED');
    if (refused.length > 0) throw new Error(`demo incidents refused: ${JSON.stringify(refused.slice(0, 3))}`);
    const { written } = await importer.write(prepared, { atomic: true });
    created += [...written.values()].filter((outcome) => outcome.status === 'CREATED').length;
    tick(batch.length);
  }
  return created;
}

function withoutIdentity<T extends { id: string; version: number }>(value: T): Omit<T, 'id' | 'version'> {
  const { id: _id, version: _version, ...rest } = value;
  return rest;
}

/** The seed writes as the platform itself, one request id per load. */
export function seedOrigin(): WriteOrigin {
  return systemOrigin('demo-seed', `seed:${randomUUID()}`);
}
