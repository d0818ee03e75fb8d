import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type pg from 'pg';
import { anchorOf } from '../modules/tasks/task-recurrence.js';

type TaskType = 'call' | 'meeting' | 'email' | 'todo';

const TITLES: Record<TaskType, string[]> = {
  call: ['Call back about the offer', 'Follow-up call', 'Qualify the lead by phone', 'Check in after the demo'],
  meeting: ['Demo on site', 'Contract negotiation', 'Kick-off meeting', 'Quarterly review'],
  email: ['Send the offer', 'Email the price list', 'Send the meeting notes', 'Send the contract draft'],
  todo: ['Prepare the contract', 'Update the proposal', 'Check the payment', 'Collect the requirements'],
};
const TYPES: TaskType[] = ['call', 'email', 'meeting', 'call', 'todo', 'email', 'call', 'todo'];
const RESULTS: Record<TaskType, [string, string | null][]> = {
  call: [
    ['Interested, wants the offer by Friday', 'reached'],
    ['No answer, try again tomorrow', 'no_answer'],
    ['Line busy', 'busy'],
  ],
  meeting: [
    ['Agreed on the scope and the timeline', 'held'],
    ['Moved to next week at their request', 'rescheduled'],
  ],
  email: [['Sent with the updated prices', null]],
  todo: [['Done and shared with the team', null]],
};
const TASKS = 80;

interface Owner {
  id: string;
  time_zone: string;
}

interface RecordRow {
  kind: 'contact' | 'company' | 'deal';
  id: string;
  owner_id: string | null;
}

/**
 * Tasks for the demo team: 80 over the reps, the head and the operator, most about one of the assignee's contacts,
 * companies or open deals, at working hours in the assignee's time zone: some overdue, some due today, upcoming ones,
 * done ones with what came of them, a few cancelled or undated, and a weekly pipeline review that recurs. No
 * reminders (they are scheduled jobs, made by the API). Does nothing once the demo users have tasks.
 */
export async function seedDemoTasks(client: pg.ClientBase): Promise<void> {
  const owners = (
    await client.query<Owner>(
      `SELECT u.id, u.time_zone FROM users u JOIN roles r ON r.id = u.role_id
       WHERE u.email LIKE '%@demo.crm' AND r.key IN ('sales_rep', 'sales_head', 'operator') ORDER BY u.email`,
    )
  ).rows;
  if (!owners.length) return;
  if ((await client.query('SELECT 1 FROM tasks WHERE created_by_id = ANY($1) LIMIT 1', [owners.map((owner) => owner.id)])).rowCount) return;
  const records = (
    await client.query<RecordRow>(
      `SELECT 'deal' AS kind, id, owner_id FROM deals WHERE status = 'open' AND deleted_at IS NULL
       UNION ALL SELECT 'contact', id, owner_id FROM contacts WHERE deleted_at IS NULL
       UNION ALL SELECT 'company', id, owner_id FROM companies WHERE deleted_at IS NULL
       ORDER BY 1, 2`,
    )
  ).rows;

  const now = DateTime.now();
  const tasks: Record<string, unknown>[] = [];
  for (let index = 0; index < TASKS; index++) {
    const owner = owners[index % owners.length]!;
    const type = TYPES[index % TYPES.length]!;
    const own = records.filter((record) => record.owner_id === owner.id);
    // Every fifth task is about nothing in particular; the rest about one of the assignee's records, deals first.
    const record = index % 5 === 4 || !own.length ? null : own[(index * 7) % own.length]!;
    const local = now.setZone(owner.time_zone).startOf('day').set({ hour: 9 + (index % 8) });
    const bucket = index % 10;
    let due: DateTime | null;
    if (bucket < 2) due = local.minus({ days: 1 + (index % 9) }); // overdue
    else if (bucket < 4) due = local; // today (some of it already past)
    else if (bucket < 7) due = local.plus({ days: 1 + (index % 20) }); // upcoming
    else if (bucket < 9) due = local.minus({ days: 2 + (index % 14) }); // done
    else due = index % 20 === 9 ? null : local.minus({ days: 3 }); // undated, or cancelled
    const status = bucket === 7 || bucket === 8 ? 'done' : bucket === 9 && due ? 'cancelled' : 'open';
    const [result, outcome] = status === 'done' ? RESULTS[type][index % RESULTS[type].length]! : [null, null];
    const closedAt = status === 'open' ? null : (due ?? now).plus({ hours: 1 }).toUTC().toISO();
    tasks.push({
      id: randomUUID(),
      // Which round of the types this is, not the index: otherwise an owner's tasks forty apart repeat each other.
      title: TITLES[type][Math.floor(index / TYPES.length) % TITLES[type].length],
      description: index % 6 === 0 ? 'Bring the signed copy and the updated price list.' : null,
      type,
      priority: index % 7 === 0 ? 'high' : index % 7 === 3 ? 'low' : 'normal',
      status,
      due_at: due?.toUTC().toISO() ?? null,
      time_zone: owner.time_zone,
      duration_minutes: type === 'meeting' ? 60 : type === 'call' ? 15 : null,
      entity: record?.kind ?? null,
      entity_id: record?.id ?? null,
      completed_at: closedAt,
      completed_by_id: status === 'open' ? null : owner.id,
      result,
      outcome,
      tags: index % 9 === 0 ? ['priority'] : [],
      owner_id: owner.id,
      created_at: (due ?? now).minus({ days: 3 }).toUTC().toISO(),
      recurrence: null,
      series_id: null,
    });
  }
  // The head's weekly pipeline review, Mondays at 09:00 in their zone: a series of one open occurrence so far.
  const head = (await client.query<Owner>(`SELECT u.id, u.time_zone FROM users u WHERE u.email = 'head@demo.crm'`)).rows[0] ?? owners[0]!;
  const monday = now.setZone(head.time_zone).startOf('week').plus({ weeks: 1 }).set({ hour: 9 });
  const reviewId = randomUUID();
  const reviewDue = monday.toJSDate();
  tasks.push({
    id: reviewId,
    title: 'Weekly pipeline review',
    description: 'Go through the deals without a next step and the overdue tasks of the team.',
    type: 'meeting',
    priority: 'normal',
    status: 'open',
    due_at: reviewDue.toISOString(),
    time_zone: head.time_zone,
    duration_minutes: 45,
    entity: null,
    entity_id: null,
    completed_at: null,
    completed_by_id: null,
    result: null,
    outcome: null,
    tags: [],
    owner_id: head.id,
    created_at: now.minus({ days: 1 }).toUTC().toISO(),
    recurrence: { frequency: 'weekly', interval: 1, until: null, anchor: anchorOf(reviewDue, head.time_zone), index: 0 },
    series_id: reviewId,
  });

  await client.query(
    `INSERT INTO tasks (id, title, description, type, priority, status, due_at, time_zone, duration_minutes, entity, entity_id, completed_at,
                        completed_by_id, result, outcome, tags, owner_id, created_by_id, created_at, updated_at, recurrence, series_id)
     SELECT id, title, description, type, priority, status, due_at, time_zone, duration_minutes, entity, entity_id, completed_at,
            completed_by_id, result, outcome, tags, owner_id, owner_id, created_at, coalesce(completed_at, created_at), recurrence, series_id
     FROM jsonb_to_recordset($1) AS t (id uuid, title text, description text, type text, priority text, status text, due_at timestamptz,
       time_zone text, duration_minutes int, entity text, entity_id uuid, completed_at timestamptz, completed_by_id uuid, result text,
       outcome text, tags text[], owner_id uuid, created_at timestamptz, recurrence jsonb, series_id uuid)`,
    [JSON.stringify(tasks)],
  );
}
