import { chinaToday } from '#core/taxonomy.ts';
import type { MutationResolvers, QueryResolvers, ResidentReportResolvers } from '#generated/graphql.ts';
import { daysWaiting, isOverdue } from './report-model.ts';

export const residentReportQueries: Pick<QueryResolvers, 'residentReport' | 'residentReports' | 'residentReportByTrackingCode'> = {
  residentReport: (_parent, { id }, { residentReports }) => residentReports.get(id),
  residentReports: (_parent, { communityId, ...args }, { residentReports }) => residentReports.list(communityId, args),
  residentReportByTrackingCode: (_parent, { code }, { residentReports }) => residentReports.byTrackingCode(code),
};

export const residentReportMutations: Pick<MutationResolvers, 'submitResidentReport' | 'answerResidentReport'> = {
  submitResidentReport: (_parent, { input }, { residentReports }) => residentReports.submit(input),
  answerResidentReport: (_parent, { input }, { residentReports }) => residentReports.answer(input),
};

export const ResidentReport: ResidentReportResolvers = {
  community: (report, _args, { communities }) => communities.get(report.communityId),
  location: (report) => ({ address: report.location.address, latitude: report.location.latitude ?? null, longitude: report.location.longitude ?? null }),
  phone: (report, _args, { residentReports }) => residentReports.phoneOf(report),
  description: (report, _args, { residentReports }) => residentReports.descriptionOf(report),
  overdue: (report) => isOverdue(report, chinaToday()),
  daysWaiting: (report) => daysWaiting(report, chinaToday()),
  outcome: (report) => report.outcome ?? null,
  answer: (report) => report.answer ?? null,
  answeredAt: (report) => report.answeredAt ?? null,
  answeredOn: (report) => report.answeredOn ?? null,
  hiddenDanger: (report, _args, { hiddenDangers }) => (report.dangerId ? hiddenDangers.get(report.dangerId) : null),
  history: (report, args, { audit }) => audit.history('ResidentReport', report.id, report.communityId, args),
  evidence: (report, args, { evidence }) => evidence.ofOwner({ ownerType: 'RESIDENT_REPORT', ownerId: report.id, communityId: report.communityId }, args),
};
