import { RecordStore } from '#core/db/records.ts';
import type { Table } from '#core/db/table.ts';
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

  constructor(readonly table: Table) {
    this.activities = new RecordStore<Activity>(table, {
      kind: 'ACTIVITY',
      label: 'activity',
      listing: (activity) => ({ partition: activityListing(activity.communityId), position: `${activity.heldOn}#${activity.id}` }),
    });
    this.surveys = new RecordStore<Survey>(table, {
      kind: 'SURVEY',
      label: 'survey',
      listing: (survey) => ({ partition: surveyListing(survey.communityId), position: `${survey.year}#${survey.id}` }),
    });
  }
}

export const activityListing = (communityId: string) => `COMMUNITY#${communityId}#ACTIVITIES`;
export const surveyListing = (communityId: string) => `COMMUNITY#${communityId}#SURVEYS`;
export const surveyId = (communityId: string, year: number) => `${communityId}:${year}`;
