import type { TimelineItem } from '@/features/timeline/timeline-api';

type Change = NonNullable<TimelineItem['change']>;

/** What a stage move changes on a deal: its own timeline item (kind deal) tells it in words, so a change repeats none of it. */
const STAGE_FIELDS = ['pipelineId', 'stageId', 'status', 'wonAt', 'lostAt', 'lostReasonId'];

/** The fields of a change worth showing: for a deal, those a stage move does not already tell. */
export function shownChangeFields(change: Change): [string, Change['changes'][string]][] {
  if (change.action !== 'update') return [];
  return Object.entries(change.changes).filter(([field]) => change.entity !== 'deal' || !STAGE_FIELDS.includes(field));
}

/** Whether a timeline item says something of its own; the update a stage move writes does not. */
export function worthShowing(item: TimelineItem): boolean {
  return !(item.change?.entity === 'deal' && item.change.action === 'update' && shownChangeFields(item.change).length === 0);
}
