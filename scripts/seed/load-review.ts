import { afterEndorsement, firstPosition } from '#certification/chain.ts';
import { applyForCertificationInputSchema, type Certification } from '#certification/model.ts';
import type { CertificationRepository } from '#certification/repository.ts';
import type { Community } from '#community/model.ts';
import type { CommunityRepository } from '#community/repository.ts';
import { joined } from '#core/db/records.ts';
import type { WritePipeline } from '#core/db/pipeline.ts';
import { ConflictError } from '#core/errors.ts';
import type { WriteOrigin } from '#core/origin.ts';
import { uniqueSorted } from '#core/taxonomy.ts';
import { type Assessment, type AssessmentItem, openedSelfAssessment, summarize } from '#review/assessment-model.ts';
import type { AssessmentRepository } from '#review/assessment-repository.ts';
import { bundledSheet } from '#review/bundled-sheets.ts';
import type { ScoringSheet } from '#review/sheet.ts';
import { type Activity, createActivityInputSchema, recordSurveyInputSchema, type Survey } from '#training/model.ts';
import { type ActivityRepository, surveyId } from '#training/repository.ts';
import {
  DUDIAN,
  DUDIAN_DRAFT_KEY,
  demoNationalReviews,
  demoPendingApplication,
  dudianDraftItems,
  dudianRecentTraining,
  dudianSurvey,
  nationalChain,
  ON_SITE_EXPERTS,
  onSiteGrades,
  pendingApplicationSteps,
  pendingSelfGrades,
  REVIEW_SHEET,
  selfGrades,
} from './demo-review.ts';
import { demoId } from './ids.ts';

/**
 * Writes the review demo (demo-review.ts) through the repositories and the write pipeline, in
 * the transactions the API commits: a self-assessment is opened (CREATE, its draft guard), saved
 * (UPDATE) and submitted (ASSESSMENT_SUBMITTED, the guard released); an application is applied
 * (CERTIFICATION_APPLIED, its open-application guard) and endorsed (CERTIFICATION_ENDORSED, the
 * queue of the level it waits for); an on-site scoring is written with its certification. So the
 * counters, the community figures, the child indexes, the listings and the audit trail follow.
 * A reload finds what is there and writes nothing again.
 */
export interface ReviewSeed {
  readonly pipeline: WritePipeline;
  readonly origin: WriteOrigin;
  readonly communities: CommunityRepository;
  readonly assessments: AssessmentRepository;
  readonly certifications: CertificationRepository;
  readonly activities: ActivityRepository;
  /** ISO instant of the load. */
  readonly now: string;
  /** China's date of the load: 杜店's records are relative to it. */
  readonly today: string;
}

export function reviewSheet(): ScoringSheet {
  const sheet = bundledSheet(REVIEW_SHEET.id, REVIEW_SHEET.version);
  if (!sheet) throw new Error(`the bundled sheet ${REVIEW_SHEET.id}@${REVIEW_SHEET.version} is missing`);
  return sheet;
}

async function communityOf(seed: ReviewSeed, key: string): Promise<Community> {
  const community = await seed.communities.get(demoId('community', key));
  if (!community) throw new Error(`demo community ${key} is not loaded`);
  return community;
}

/**
 * A self-assessment as an editor makes it: opened empty, saved with its items, and, when
 * `submittedOn` is given, submitted with its summary. Each step is skipped when a reload finds it
 * done. Returns whether it created the assessment.
 */
async function writeSelfAssessment(seed: ReviewSeed, community: Community, key: string, items: Record<string, AssessmentItem>, submittedOn?: string): Promise<boolean> {
  const sheet = reviewSheet();
  const store = seed.assessments.assessments;
  const id = demoId('assessment', key);
  let current = await store.getConsistent(id);
  let created = false;
  if (!current) {
    const opened = openedSelfAssessment(id, community, sheet, seed.now);
    await seed.assessments.open(opened, seed.origin);
    current = opened;
    created = true;
  }
  if (current.status === 'DRAFT' && Object.keys(current.items).length === 0) {
    const saved: Assessment = { ...current, items, version: current.version + 1, updatedAt: seed.now };
    await seed.assessments.save(current, saved, seed.origin);
    current = saved;
  }
  if (submittedOn && current.status === 'DRAFT') {
    // The community's stage is the demo's (demo-communities.ts): the submission moves nothing.
    const submitted: Assessment = { ...current, status: 'SUBMITTED', summary: summarize(sheet, current.items), submittedOn, version: current.version + 1, updatedAt: seed.now };
    await seed.assessments.submit(current, submitted, undefined, seed.origin);
  }
  return created;
}

/** 西城's and 吴店's self-assessments of 2008, submitted before their applications. */
export async function seedReviewSelfAssessments(seed: ReviewSeed): Promise<number> {
  const sheet = reviewSheet();
  let written = 0;
  for (const review of demoNationalReviews) {
    const community = await communityOf(seed, review.communityKey);
    if (await writeSelfAssessment(seed, community, review.selfKey, selfGrades(sheet, review), review.selfSubmittedOn)) written += 1;
  }
  return written;
}

/**
 * A demo certification this module scores: the 2009 national designations of 西城 and 吴店 gain
 * their self-assessment, the review team's on-site assessment (SUBMITTED at the decision, with
 * its summary and findings), the computed score, the chain and phase DECIDED.
 */
export function scoredCertification(certificationKey: string, base: Certification, now: string): { certification: Certification; onSite: Assessment } | undefined {
  const review = demoNationalReviews.find((candidate) => candidate.certificationKey === certificationKey);
  if (!review) return undefined;
  if (!base.onSiteReviewOn || !base.decidedOn || !base.regionCode) throw new Error(`${certificationKey}: a scored demo certification needs its review and decision`);
  const sheet = reviewSheet();
  const items = onSiteGrades(sheet, review);
  const summary = summarize(sheet, items);
  const selfAssessmentId = demoId('assessment', review.selfKey);
  const onSite: Assessment = {
    id: demoId('assessment', review.onSiteKey),
    communityId: base.communityId,
    regionCode: base.regionCode,
    kind: 'ON_SITE',
    status: 'SUBMITTED',
    sheetId: sheet.id,
    sheetVersion: sheet.version,
    level: base.level,
    items,
    summary,
    submittedOn: base.decidedOn,
    certificationId: base.id,
    onSiteReviewOn: base.onSiteReviewOn,
    expertGroup: base.expertGroup ?? ON_SITE_EXPERTS,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  const certification: Certification = {
    ...base,
    expertGroup: base.expertGroup ?? ON_SITE_EXPERTS,
    selfAssessmentId,
    onSiteAssessmentId: onSite.id,
    score: summary.total / 1000,
    maxScore: summary.max / 1000,
    phase: 'DECIDED',
    chain: nationalChain(review.communityKey, base.regionCode, base.appliedOn, review.chainDates, selfAssessmentId),
  };
  return { certification, onSite };
}

/**
 * The scored certification and its on-site assessment in one transaction; a certification of an
 * older demo version (loaded without scores) is completed in place. Returns whether it wrote.
 */
export async function writeScoredCertification(seed: ReviewSeed, scored: { certification: Certification; onSite: Assessment }, regionCode: string): Promise<boolean> {
  const { certification, onSite } = scored;
  const store = seed.certifications.certifications;
  const onSiteWrite = seed.certifications.assessments.created(onSite, regionCode);
  try {
    await seed.pipeline.commit({ operation: 'CREATE', ...joined(store.created(certification, regionCode), onSiteWrite) }, seed.origin);
    return true;
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
  }
  const current = await store.getConsistent(certification.id);
  if (!current || current.onSiteAssessmentId) return false;
  const next: Certification = { ...certification, version: current.version + 1, createdAt: current.createdAt, updatedAt: seed.now };
  await seed.pipeline.commit({ operation: 'ASSESSMENT_SCORED', ...joined(store.replaced(current, next, regionCode), onSiteWrite) }, seed.origin);
  return true;
}

export interface ApplicationCounts {
  assessments: number;
  certifications: number;
  surveys: number;
  activities: number;
}

/** 杜店's draft self-assessment (with its survey and training) and 沙土's application waiting for the city. */
export async function seedReviewApplications(seed: ReviewSeed): Promise<ApplicationCounts> {
  const counts: ApplicationCounts = { assessments: 0, certifications: 0, surveys: 0, activities: 0 };
  const sheet = reviewSheet();

  // 杜店: last year's survey, a recent training, and the draft on the national sheet.
  const dudian = await communityOf(seed, DUDIAN);
  const { version: _version, ...surveyInput } = recordSurveyInputSchema.parse({ ...dudianSurvey(seed.today), communityId: dudian.id });
  const survey: Survey = { id: surveyId(dudian.id, surveyInput.year), ...surveyInput, regionCode: dudian.regionCode, version: 1, createdAt: seed.now, updatedAt: seed.now };
  if (await writeOnce(() => seed.activities.createSurvey(survey, dudian.regionCode, seed.origin))) counts.surveys += 1;
  const training = dudianRecentTraining(seed.today);
  const activityInput = createActivityInputSchema.parse({ ...training.input, communityId: dudian.id });
  const activity: Activity = { id: demoId('activity', training.key), ...activityInput, regionCode: dudian.regionCode, audienceGroups: uniqueSorted(activityInput.audienceGroups), version: 1, createdAt: seed.now, updatedAt: seed.now };
  if (await writeOnce(() => seed.activities.createActivity(activity, dudian.regionCode, seed.origin))) counts.activities += 1;
  if (await writeSelfAssessment(seed, dudian, DUDIAN_DRAFT_KEY, dudianDraftItems(sheet, seed.today, dudian.id, survey.id))) counts.assessments += 1;

  // 沙土: its submitted self-assessment, the application, and 牡丹区's endorsement.
  const pending = demoPendingApplication;
  const shatu = await communityOf(seed, pending.communityKey);
  const selfAssessmentId = demoId('assessment', pending.selfKey);
  if (await writeSelfAssessment(seed, shatu, pending.selfKey, pendingSelfGrades(sheet), pending.selfSubmittedOn)) counts.assessments += 1;
  const id = demoId('certification', pending.certificationKey);
  const store = seed.certifications.certifications;
  const [submit, endorsement] = pendingApplicationSteps(shatu.regionCode, selfAssessmentId);
  let current = await store.getConsistent(id);
  if (!current) {
    const { comment: _comment, selfAssessmentId: _self, ...fields } = applyForCertificationInputSchema.parse({
      communityId: shatu.id,
      level: 'NATIONAL',
      appliedOn: pending.appliedOn,
      selfAssessmentId,
    });
    const start = firstPosition('NATIONAL', shatu.regionCode);
    const applied: Certification = {
      id,
      ...fields,
      regionCode: shatu.regionCode,
      selfAssessmentId,
      decision: 'PENDING',
      phase: start.phase,
      ...(start.waitingFor ? { waitingFor: start.waitingFor, waitingSince: submit.at } : {}),
      chain: [submit],
      version: 1,
      createdAt: seed.now,
      updatedAt: seed.now,
    };
    // The community is APPLIED already (its demo stage history): the application moves nothing.
    await seed.certifications.apply(applied, shatu.regionCode, undefined, seed.origin);
    current = applied;
    counts.certifications += 1;
  }
  if (current.phase === 'ENDORSEMENT' && current.waitingFor?.level === 'COUNTY') {
    const after = afterEndorsement('NATIONAL', 'COUNTY', shatu.regionCode);
    const { waitingFor: _waitingFor, waitingSince: _waitingSince, ...rest } = current;
    const endorsed: Certification = {
      ...rest,
      phase: after.phase,
      ...(after.waitingFor ? { waitingFor: after.waitingFor, waitingSince: endorsement.at } : {}),
      chain: [...(current.chain ?? []), endorsement],
      version: current.version + 1,
      updatedAt: seed.now,
    };
    await seed.certifications.chainStep('CERTIFICATION_ENDORSED', current, endorsed, shatu.regionCode, undefined, seed.origin);
  }
  return counts;
}

/** Commits the write unless its record exists already (a reload): false then. */
export async function writeOnce(write: () => Promise<void>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    if (error instanceof ConflictError) return false;
    throw error;
  }
}
