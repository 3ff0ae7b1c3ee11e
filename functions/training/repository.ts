import { RecordStore } from '#core/db/records.ts';
import type { WritePipeline } from '#core/db/pipeline.ts';
import type { WriteOrigin } from '#core/origin.ts';
import type { Table } from '#core/db/table.ts';
import { listingKeys, untaggedSurveyId } from '#core/db/keys.ts';
import { surveyId } from '#core/ids.ts';
import { ConflictError } from '#core/errors.ts';
import type { Activity, Survey } from './model.ts';

/**
 * Trainings and activities, and yearly surveys, in the single table.
 *   activity  pk ACTIVITY#<id>              sk ACTIVITY   gsi1 COMMUNITY#<cid>#ACTIVITIES / <heldOn>#<id>
 *   survey    pk SURVEY#<cid>:<year>        sk SURVEY     gsi1 COMMUNITY#<cid>#SURVEYS / <year>#<id>
 * A survey's id is its community and year, so a second survey of the same year cannot be created.
 */
export class ActivityRepository {
  readonly activities: RecordStore<Activity>;
  readonly surveys: RecordStore<Survey>;

  constructor(
    readonly table: Table,
    private readonly pipeline: WritePipeline,
  ) {
    this.activities = new RecordStore<Activity>(table, {
      kind: 'ACTIVITY',
      type: 'Activity',
      label: 'activity',
      listing: (activity) => ({ partition: activityListing(activity.communityId), position: `${activity.heldOn}#${activity.id}` }),
    });
    this.surveys = new RecordStore<Survey>(table, {
      kind: 'SURVEY',
      type: 'Survey',
      label: 'survey',
      listing: (survey) => ({ partition: surveyListing(survey.communityId), position: `${survey.year}#${survey.id}` }),
    });
  }

  createActivity(activity: Activity, regionCode: string, origin: WriteOrigin): Promise<void> {
    return this.pipeline.commit({ operation: 'CREATE', ...this.activities.created(activity, regionCode) }, origin);
  }

  updateActivity(current: Activity, next: Activity, regionCode: string, origin: WriteOrigin): Promise<void> {
    return this.pipeline.commit({ operation: 'UPDATE', ...this.activities.replaced(current, next, regionCode) }, origin);
  }

  deleteActivity(current: Activity, regionCode: string, origin: WriteOrigin): Promise<void> {
    return this.pipeline.commit({ operation: 'DELETE', ...this.activities.deleted(current, regionCode) }, origin);
  }

  /** The year's first survey: CONFLICT when the year has one. */
  createSurvey(survey: Survey, regionCode: string, origin: WriteOrigin): Promise<void> {
    const write = this.surveys.created(survey, regionCode);
    const [record] = write.steps;
    const yearTaken = () => new ConflictError(`the survey of ${survey.year} is already recorded; send its version to replace it`, 'input.year');
    return this.pipeline.commit(
      { operation: 'CREATE', steps: record ? [{ item: record.item, onConditionFailed: yearTaken }] : [], changes: write.changes },
      origin,
    );
  }

  replaceSurvey(current: Survey, next: Survey, regionCode: string, origin: WriteOrigin): Promise<void> {
    return this.pipeline.commit({ operation: 'UPDATE', ...this.surveys.replaced(current, next, regionCode) }, origin);
  }
}

export const activityListing = listingKeys.activities;
export const surveyListing = listingKeys.surveys;
export { surveyId, untaggedSurveyId };
