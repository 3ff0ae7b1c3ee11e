import type {
  AssessmentIndicatorResolvers,
  AssessmentItemResolvers,
  AssessmentPartResolvers,
  AssessmentResolvers,
  CommunityResolvers,
  MutationResolvers,
  QueryResolvers,
} from '#generated/graphql.ts';

/** Thousandths of a point (scoring.ts) as the API shows them: points with their decimals. */
const points = (thousandths: number) => thousandths / 1000;

export const assessmentQueries: Pick<QueryResolvers, 'assessment'> = {
  assessment: (_parent, { id }, { assessments }) => assessments.get(id),
};

export const assessmentMutations: Pick<MutationResolvers, 'openSelfAssessment' | 'saveSelfAssessment' | 'submitSelfAssessment' | 'reviseSelfAssessment'> = {
  openSelfAssessment: (_parent, { input }, { assessments }) => assessments.openSelf(input),
  saveSelfAssessment: (_parent, { input }, { assessments }) => assessments.saveSelf(input),
  submitSelfAssessment: (_parent, { input }, { assessments }) => assessments.submitSelf(input),
  reviseSelfAssessment: (_parent, { input }, { assessments }) => assessments.reviseSelf(input),
};

export const communityAssessmentFields: Pick<CommunityResolvers, 'assessments'> = {
  assessments: (community, args, { assessments }) => assessments.ofCommunity(community, args),
};

export const Assessment: AssessmentResolvers = {
  community: (assessment, _args, { communities }) => communities.get(assessment.communityId),
  sheet: (assessment, _args, { sheets }) => sheets.require(assessment.sheetId, assessment.sheetVersion),
  total: async (assessment, _args, { assessments }) => points((await assessments.score(assessment)).result.total),
  maxTotal: async (assessment, _args, { assessments }) => points((await assessments.score(assessment)).result.max),
  outcome: async (assessment, _args, { assessments }) => (await assessments.score(assessment)).result.outcome,
  outcomeReason: async (assessment, _args, { assessments }) => (await assessments.score(assessment)).result.reason,
  complete: async (assessment, _args, { assessments }) => (await assessments.score(assessment)).result.complete,
  gradedParts: async (assessment, _args, { assessments }) => (await assessments.score(assessment)).result.gradedParts,
  parts: async (assessment, _args, { assessments }) => (await assessments.score(assessment)).result.parts,
  zeroItems: async (assessment, _args, { assessments }) => [...(await assessments.score(assessment)).result.zeroItems],
  indicators: (assessment, _args, { assessments }) => assessments.indicatorsOf(assessment),
  items: (assessment, _args, { assessments }) => assessments.itemsOf(assessment),
  submittedOn: (assessment) => assessment.submittedOn ?? null,
  revisionOf: (assessment, _args, { assessments }) => (assessment.revisionOf ? assessments.get(assessment.revisionOf) : null),
  certification: (assessment, _args, { certifications }) => (assessment.certificationId ? certifications.get(assessment.certificationId) : null),
  history: (assessment, args, { audit }) => audit.history('Assessment', assessment.id, assessment.communityId, args),
};

export const AssessmentIndicator: AssessmentIndicatorResolvers = {
  nameEn: (indicator) => indicator.nameEn ?? null,
  score: (indicator) => points(indicator.score),
  max: (indicator) => points(indicator.max),
};

export const AssessmentItem: AssessmentItemResolvers = {
  score: (item) => points(item.score),
  max: (item) => points(item.max),
  note: (item) => item.note ?? null,
  finding: (item) => item.finding ?? null,
  links: (item) => [...item.links],
  parts: (item) => [...item.parts],
};

export const AssessmentPart: AssessmentPartResolvers = {
  points: (part) => points(part.points),
  score: (part) => points(part.score),
  grade: (part) => part.grade ?? null,
  suggestion: (part, _args, { assessments }) => assessments.suggestionFor(part),
  selfGrade: (part, _args, { assessments }) => assessments.selfGradeFor(part),
};
