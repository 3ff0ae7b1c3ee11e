import type { Resolvers } from '#generated/graphql.ts';
import { authorizeRootField } from '#core/auth/policy.ts';
import type { AppContext } from './context.ts';
import { Community, communityMutations, communityQueries } from '#community/resolvers.ts';
import { Region, regionQueries } from '#region/resolvers.ts';
import {
  communityIncidentFields,
  Incident,
  IncidentChange,
  IncidentImportReport,
  IncidentImportRow,
  incidentMutations,
  incidentQueries,
} from '#incident/resolvers.ts';
import { communityProjectFields, Intervention, Project, projectMutations, projectQueries } from '#project/resolvers.ts';
import { Activity, activityMutations, activityQueries, communityActivityFields, Survey } from '#training/resolvers.ts';
import {
  Certification,
  ChainPosition,
  ChainStep,
  DesignationDue,
  certificationMutations,
  certificationQueries,
  communityCertificationFields,
} from '#certification/resolvers.ts';
import {
  activityEvidenceFields,
  certificationEvidenceFields,
  communityEvidenceFields,
  Evidence,
  evidenceMutations,
  evidenceQueries,
  incidentEvidenceFields,
  interventionEvidenceFields,
  projectEvidenceFields,
} from '#evidence/resolvers.ts';
import { analyticsMutations, analyticsQueries } from '#analytics/resolvers.ts';
import { auditQueries, historyFields } from '#audit/resolvers.ts';
import { exportMutations, exportQueries } from '#analytics/export-resolvers.ts';
import { Briefing, briefingMutations } from '#briefing/resolvers.ts';
import {
  Assessment,
  AssessmentIndicator,
  AssessmentItem,
  AssessmentPart,
  assessmentMutations,
  assessmentQueries,
  communityAssessmentFields,
} from '#review/assessment-resolvers.ts';
import { MarkNotificationsReadResult, Notification, NotificationConnection, notificationMutations, notificationQueries } from '#notification/resolvers.ts';
import { ScoringSheet, ScoringSheetIndicator, ScoringSheetItem, sheetMutations, sheetQueries } from '#review/sheet-resolvers.ts';
import { ReviewPack, reviewPackMutations, reviewPackQueries } from '#review-pack/resolvers.ts';
import { IncidentImportJob, importJobMutations, importJobQueries } from '#incident/import-job-resolvers.ts';
import { GridCell, HazardSource, hazardMutations, hazardQueries, InspectionFrequencies, SupervisedUnit } from '#hazard/resolvers.ts';
import { Inspection, InspectionDue, inspectionMutations, inspectionQueries } from '#hazard/inspection-resolvers.ts';
import { HiddenDanger, hiddenDangerMutations, hiddenDangerQueries } from '#hazard/danger-resolvers.ts';
import { ResidentReport, residentReportMutations, residentReportQueries } from '#hazard/report-resolvers.ts';
import { Node, nodeQueries } from './node.ts';
import { scalars } from './scalars.ts';

/**
 * Every root field asks the policy first whether the caller may use it at all (authorizeRootField:
 * an intake app only its two), before its arguments reach a service.
 */
function guardedRoot<T extends object>(fields: T): T {
  return Object.fromEntries(
    Object.entries(fields).map(([name, resolve]) => {
      if (typeof resolve !== 'function') throw new Error(`root field ${name} must be a resolver function`);
      return [name, (parent: unknown, args: unknown, context: AppContext, info: unknown) => {
        authorizeRootField(context.principal, name);
        return (resolve as (...all: unknown[]) => unknown)(parent, args, context, info);
      }];
    }),
  ) as T;
}

export const resolvers: Resolvers = {
  ...scalars,
  Query: guardedRoot({ ...regionQueries, ...communityQueries, ...projectQueries, ...activityQueries, ...certificationQueries, ...incidentQueries, ...evidenceQueries, ...analyticsQueries, ...exportQueries, ...auditQueries, ...assessmentQueries, ...sheetQueries, ...reviewPackQueries, ...importJobQueries, ...notificationQueries, ...hazardQueries, ...inspectionQueries, ...hiddenDangerQueries, ...residentReportQueries, ...nodeQueries }),
  Mutation: guardedRoot({ ...communityMutations, ...projectMutations, ...activityMutations, ...certificationMutations, ...incidentMutations, ...evidenceMutations, ...analyticsMutations, ...exportMutations, ...briefingMutations, ...assessmentMutations, ...sheetMutations, ...reviewPackMutations, ...importJobMutations, ...notificationMutations, ...hazardMutations, ...inspectionMutations, ...hiddenDangerMutations, ...residentReportMutations }),
  Community: { ...Community, ...historyFields.Community, ...communityProjectFields, ...communityActivityFields, ...communityCertificationFields, ...communityIncidentFields, ...communityEvidenceFields, ...communityAssessmentFields },
  Project: { ...Project, ...historyFields.Project, ...projectEvidenceFields },
  Intervention: { ...Intervention, ...historyFields.Intervention, ...interventionEvidenceFields },
  Activity: { ...Activity, ...historyFields.Activity, ...activityEvidenceFields },
  Survey: { ...Survey, ...historyFields.Survey },
  Certification: { ...Certification, ...historyFields.Certification, ...certificationEvidenceFields },
  Incident: { ...Incident, ...historyFields.Incident, ...incidentEvidenceFields },
  Evidence: { ...Evidence, ...historyFields.Evidence },
  AuditEntry: { at: (entry) => entry.at, communityId: (entry) => entry.communityId || null },
  Briefing,
  ChainPosition,
  ChainStep,
  DesignationDue,
  IncidentChange,
  IncidentImportReport,
  IncidentImportRow,
  Region,
  Assessment,
  AssessmentIndicator,
  AssessmentItem,
  AssessmentPart,
  ScoringSheet,
  ScoringSheetIndicator,
  ScoringSheetItem,
  ReviewPack,
  IncidentImportJob,
  Notification,
  NotificationConnection,
  MarkNotificationsReadResult,
  GridCell,
  HazardSource,
  SupervisedUnit,
  InspectionFrequencies,
  Inspection,
  InspectionDue,
  HiddenDanger,
  ResidentReport,
  Node,
};
