/**
 * The tasks part of the bench seed: tasks assigned to the reps and heads, linked to their deals, contacts and
 * companies, the reminders of the open ones and the notifications of the reminders fired lately, generated in one
 * pass and streamed into three COPYs at once.
 *
 * Two clocks. Closed (done, cancelled) tasks follow the seed's fixed clock like every other table. Open tasks are
 * planned around a calendar day, `today` (by default the date in Riga at the moment of seeding), in each assignee's
 * time zone: 15 % are overdue (due on an earlier day), 2.5 % due today, 2.5 % on each of the next seven days and the
 * rest spread over days 8–60, at working hours of the assignee's zone. A run later the same day sees today's figures;
 * on each of the next seven days "today" still holds about as many tasks, and yesterday's join the overdue ones.
 * Whether a reminder has fired is decided by `tasksNow` (the moment of seeding by default).
 */
import type pg from 'pg';
import { chance, CopyStream, int, NULL, pick, random, text, textArray, timestamp, uuid, weighted } from './seed-random.js';
import { type Language, TASK_DESCRIPTIONS, TASK_RESULTS, TASK_TAGS, TASK_TITLES, type TaskType } from './seed-vocabulary.js';

/** The tables the tasks COPY fills; their keys, indexes and foreign keys are set aside around it. */
export const TASK_TABLES = ['tasks', 'task_reminders', 'notifications'];

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const YEAR = 365 * DAY;

/** The zone whose date is `today` unless told otherwise: most users work in Riga. */
export const HOME_TIME_ZONE = 'Europe/Riga';

/** Share of open tasks per planned day: overdue, today, each of the next 7 days; the rest over days 8–60. */
const OPEN_PLAN = { overdue: 0.15, today: 0.025, perNearDay: 0.025, nearDays: 7, lastDay: 60 };

// ---------------------------------------------------------------------------------------------------------------
// Time zones: wall-clock days and times of an IANA zone, with the offset cached per zone and UTC hour (the zones
// used here change their offset on whole UTC hours).

/** Per zone: its formatter, and the offsets found so far by UTC hour. */
const zones = new Map<string, { format: Intl.DateTimeFormat; byHour: Map<number, number> }>();

/** Milliseconds to add to a UTC instant to get the wall-clock time of `zone`. */
export function zoneOffset(zone: string, at: number): number {
  let cache = zones.get(zone);
  if (!cache) {
    const format = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    zones.set(zone, (cache = { format, byHour: new Map() }));
  }
  const hour = Math.floor(at / HOUR);
  let offset = cache.byHour.get(hour);
  if (offset === undefined) {
    const parts = Object.fromEntries(cache.format.formatToParts(new Date(hour * HOUR)).map((part) => [part.type, part.value]));
    offset = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second)) - hour * HOUR;
    cache.byHour.set(hour, offset);
  }
  return offset;
}

/** The wall-clock day (days since 1970-01-01) of an instant in `zone`. */
export function localDay(zone: string, at: number): number {
  return Math.floor((at + zoneOffset(zone, at)) / DAY);
}

/** The instant of wall-clock `minutes` past midnight of `day` in `zone`. */
export function zonedInstant(zone: string, day: number, minutes: number): number {
  const wall = day * DAY + minutes * MINUTE;
  const guess = wall - zoneOffset(zone, wall);
  return wall - zoneOffset(zone, guess);
}

/** `YYYY-MM-DD` of an instant in `zone`. */
export function localDate(zone: string, at: number): string {
  return new Date(localDay(zone, at) * DAY).toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------------------------------------------

export interface TaskOwner {
  id: string;
  timeZone: string;
  language: Language;
}

/** Records by index, with the index of their owner in `owners` (and their company's index, -1 for none). */
interface Records {
  ids: readonly string[];
  owner: Uint8Array;
  company?: Int32Array;
  /** 1 for the records open tasks prefer (open, live deals). */
  preferred?: Uint8Array;
}

export interface TaskSeedInput {
  pool: pg.Pool;
  tasks: number;
  /** The seed's fixed clock: closed tasks are created up to it. */
  now: number;
  /** The day open tasks are planned around, `YYYY-MM-DD`, in each assignee's zone. */
  today: string;
  /** Reminders due before this moment have fired. */
  tasksNow: number;
  /** A creation time over three years, denser lately (the contacts' distribution). */
  createdAt: () => number;
  /** Reps and heads, as the records' owners; `weights` as for the records, but `rep` gets `repShare` of the tasks. */
  owners: readonly TaskOwner[];
  weights: readonly number[];
  rep: number;
  repShare: number;
  companies: Records & { brand: readonly string[] };
  contacts: Records;
  deals: Records;
  /** The API's reminder text (task-reminder.messages.js), when the built API has it: the notifications' body. */
  reminderBody?: (dueAt: Date, reader: { locale: string; timeZone: string }) => string;
}

export interface TaskSeedCounts {
  tasks: number;
  reminders: number;
  notifications: number;
  byStatus: Record<'open' | 'done' | 'cancelled', number>;
  /** The rep's live tasks as planned: all, open, on an earlier day than `today`, on `today`. */
  rep: { tasks: number; open: number; earlierDays: number; today: number };
}

/** Indices of `records` grouped by owner (compressed rows): owner o's are items[start[o] … start[o + 1]). */
function byOwner(records: Records, owners: number, keep?: (index: number) => boolean): { start: Int32Array; items: Int32Array } {
  const start = new Int32Array(owners + 1);
  const n = records.ids.length;
  for (let i = 0; i < n; i++) if (!keep || keep(i)) start[records.owner[i]! + 1]!++;
  for (let o = 0; o < owners; o++) start[o + 1]! += start[o]!;
  const items = new Int32Array(start[owners]!);
  const filled = start.slice(0, owners);
  for (let i = 0; i < n; i++) if (!keep || keep(i)) items[filled[records.owner[i]!]!++] = i;
  return { start, items };
}

const TYPES = weighted<TaskType>([['call', 35], ['todo', 30], ['meeting', 20], ['email', 15]]);
const PRIORITIES = weighted([['low', 20], ['normal', 60], ['high', 20]] as const);
const OFFSETS = weighted<readonly number[]>([[[15], 1], [[60], 1], [[15, 1440], 1]]);
/** The outcomes the API takes per type (TASK_OUTCOMES). */
const CALL_OUTCOMES = weighted([['reached', 60], ['no_answer', 25], ['busy', 10], ['wrong_number', 5]] as const);
const MEETING_OUTCOMES = weighted([['held', 80], ['rescheduled', 12], ['no_show', 8]] as const);
const RECURRENCES = weighted([
  [{ frequency: 'weekly', interval: 1 }, 3],
  [{ frequency: 'daily', interval: 1 }, 1],
  [{ frequency: 'monthly', interval: 1 }, 1],
] as const);

/** Wall-clock minutes of a due time: 08:00–18:45 in quarter hours, fewer at lunch and in the evening. */
const WORKING_HOURS = weighted([[8, 3], [9, 5], [10, 5], [11, 4], [12, 2], [13, 3], [14, 5], [15, 4], [16, 3], [17, 2], [18, 1]] as const);
function workingMinutes(): number {
  return WORKING_HOURS() * 60 + 15 * int(4);
}

/** Plans and streams the tasks, their reminders and notifications; returns what it wrote. */
export async function copyTasks(input: TaskSeedInput): Promise<TaskSeedCounts> {
  const owners = input.owners.length;
  const others = input.weights.reduce((sum, weight, o) => (o === input.rep ? sum : sum + weight), 0);
  const pickOwner = weighted(
    input.owners.map((_, o) => [o, o === input.rep ? (others * input.repShare) / (1 - input.repShare) : input.weights[o]!] as const),
  );
  const dealsOf = byOwner(input.deals, owners);
  const openDealsOf = byOwner(input.deals, owners, (i) => input.deals.preferred![i] === 1);
  const contactsOf = byOwner(input.contacts, owners);
  const companiesOf = byOwner(input.companies, owners);
  /** A record of the owner's (85 %; among `preferred` ones when asked and there are any), else anyone's. */
  const recordOf = (records: Records, grouped: { start: Int32Array; items: Int32Array }, owner: number, preferred?: { start: Int32Array; items: Int32Array }): number => {
    if (chance(0.85)) {
      for (const group of preferred ? [preferred, grouped] : [grouped]) {
        const from = group.start[owner]!;
        const count = group.start[owner + 1]! - from;
        if (count > 0) return group.items[from + int(count)]!;
      }
    }
    return int(records.ids.length);
  };

  const todayDay = Math.floor(Date.parse(`${input.today}T00:00:00Z`) / DAY);
  if (!Number.isFinite(todayDay)) throw new Error(`--today ${input.today} is not a date`);
  // Nothing is created after the start of `today` (nor after the fixed clock, for closed tasks).
  const todayStart = zonedInstant(HOME_TIME_ZONE, todayDay, 0);
  const closedCap = Math.min(input.now, todayStart);
  const oldest = input.now - 3 * YEAR;

  const counts: TaskSeedCounts = {
    tasks: 0,
    reminders: 0,
    notifications: 0,
    byStatus: { open: 0, done: 0, cancelled: 0 },
    rep: { tasks: 0, open: 0, earlierDays: 0, today: 0 },
  };
  const clients = await Promise.all(TASK_TABLES.map(() => input.pool.connect()));
  try {
    const [tasks, reminders, notifications] = await Promise.all([
      CopyStream.open(clients[0]!, 'tasks', [
        'id', 'title', 'description', 'type', 'priority', 'status', 'due_at', 'time_zone', 'all_day', 'duration_minutes', 'reminder_offsets',
        'recurrence', 'series_id', 'entity', 'entity_id', 'completed_at', 'completed_by_id', 'result', 'outcome', 'tags', 'owner_id',
        'created_by_id', 'created_at', 'updated_at', 'deleted_at', 'version',
      ]),
      CopyStream.open(clients[1]!, 'task_reminders', ['id', 'task_id', 'offset_minutes', 'remind_at', 'fired_at']),
      CopyStream.open(clients[2]!, 'notifications', ['id', 'user_id', 'kind', 'title', 'body', 'entity', 'entity_id', 'task_id', 'reminder_id', 'created_at', 'read_at']),
    ]);
    const streams = [tasks, reminders, notifications];

    for (let i = 0; i < input.tasks; i++) {
      const id = uuid();
      const o = pickOwner();
      const owner = input.owners[o]!;
      const zone = owner.timeZone;
      const roll = random();
      const status = roll < 0.2 ? 'open' : roll < 0.95 ? 'done' : 'cancelled';
      const open = status === 'open';
      const type = TYPES();
      const deleted = chance(0.01);

      // The linked record: a deal 50 % (an open one of the assignee's for open tasks), a contact 30 %, a company 10 %.
      const link = random();
      let entity: 'deal' | 'contact' | 'company' | null = null;
      let entityId: string | null = null;
      let company = -1;
      if (link < 0.5 && input.deals.ids.length) {
        const deal = recordOf(input.deals, dealsOf, o, open ? openDealsOf : undefined);
        entity = 'deal';
        entityId = input.deals.ids[deal]!;
        company = input.deals.company![deal]!;
      } else if (link < 0.8 && input.contacts.ids.length) {
        const contact = recordOf(input.contacts, contactsOf, o);
        entity = 'contact';
        entityId = input.contacts.ids[contact]!;
        company = input.contacts.company![contact]!;
      } else if (link < 0.9 && input.companies.ids.length) {
        company = recordOf(input.companies, companiesOf, o);
        entity = 'company';
        entityId = input.companies.ids[company]!;
      }
      const base = pick(TASK_TITLES[owner.language][type]);
      const title = company >= 0 && chance(0.5) ? `${base} — ${input.companies.brand[company]}` : base;

      // Due: none on a few to-dos; all-day on some to-dos (midnight of the day in the zone), else working hours.
      const undated = type === 'todo' && chance(0.04);
      const allDay = !undated && type === 'todo' && chance(0.1);
      let due: number | null = null;
      let created: number;
      let completed: number | null = null;
      let plannedDay = 0;
      if (open) {
        const plan = random();
        if (plan < OPEN_PLAN.overdue) plannedDay = -Math.min(400, 1 + Math.floor(-Math.log(1 - random()) * 12));
        else if (plan < OPEN_PLAN.overdue + OPEN_PLAN.today) plannedDay = 0;
        else if (plan < OPEN_PLAN.overdue + OPEN_PLAN.today + OPEN_PLAN.nearDays * OPEN_PLAN.perNearDay) plannedDay = 1 + int(OPEN_PLAN.nearDays);
        else plannedDay = OPEN_PLAN.nearDays + 1 + int(OPEN_PLAN.lastDay - OPEN_PLAN.nearDays);
        const dueAt = zonedInstant(zone, todayDay + plannedDay, allDay ? 0 : workingMinutes());
        if (!undated) due = dueAt;
        // Set up some days before it was due, and never after the start of today.
        created = Math.max(oldest, Math.min(dueAt - HOUR - Math.floor(-Math.log(1 - random()) * 8 * DAY), todayStart - MINUTE * (1 + int(600))));
      } else {
        created = Math.floor(Math.min(input.createdAt(), closedCap - 2 * HOUR));
        const lead = chance(0.2) ? 0 : 1 + Math.floor(-Math.log(1 - random()) * 5);
        const day = localDay(zone, created) + lead;
        const minutes = allDay ? 0 : workingMinutes();
        let dueAt = zonedInstant(zone, day, minutes);
        // Due at least a quarter of an hour after it was set up: the next day at that time otherwise.
        if (dueAt < created + 15 * MINUTE) dueAt = zonedInstant(zone, day + 1, minutes);
        if (!undated) due = dueAt;
        // Done mostly within hours after the due time, some early, some days late; closed before the fixed clock.
        const when = random();
        const spread = -Math.log(1 - random());
        const target = (due ?? created + lead * DAY) + (when < 0.15 ? -spread * 6 * HOUR : when < 0.85 ? spread * 3 * HOUR : DAY + spread * 2 * DAY);
        completed = Math.floor(Math.min(closedCap - MINUTE, Math.max(created + 5 * MINUTE, target)));
        if (completed <= created) completed = created + 1000;
      }
      const updated = completed ?? created + Math.floor(random() ** 3 * Math.max(0, todayStart - created));
      const offsetsOf = open && due !== null && chance(0.4) ? OFFSETS() : [];
      const recurrence = open && due !== null && chance(0.015) ? RECURRENCES() : null;
      const creator = chance(0.85) ? owner : input.owners[pickOwner()]!;
      const names = owner.language;
      const outcome = status !== 'done' ? null : type === 'call' ? CALL_OUTCOMES() : type === 'meeting' ? MEETING_OUTCOMES() : null;
      const results = TASK_RESULTS[names];

      tasks.push(
        [
          id,
          text(title),
          chance(0.25) ? text(pick(TASK_DESCRIPTIONS[names])) : NULL,
          type,
          PRIORITIES(),
          status,
          timestamp(due),
          zone,
          allDay ? 't' : 'f',
          type === 'meeting' ? String(pick([30, 45, 60, 60, 90, 120])) : type === 'call' && chance(0.5) ? String(pick([10, 15, 30])) : NULL,
          `{${offsetsOf.join(',')}}`,
          recurrence ? text(JSON.stringify(recurrence)) : NULL,
          recurrence ? id : NULL,
          entity ?? NULL,
          entityId ?? NULL,
          timestamp(completed),
          completed === null ? NULL : chance(0.95) ? owner.id : creator.id,
          status === 'done' && chance(0.5) ? text(pick(outcome === 'no_answer' ? results.noAnswer : results.done)) : NULL,
          outcome ?? NULL,
          textArray(TASK_TAGS.filter(([, share]) => chance(share)).map(([tag]) => tag)),
          owner.id,
          creator.id,
          timestamp(created),
          timestamp(updated),
          deleted ? timestamp(updated) : NULL,
          String(1 + int(3) + (open ? 0 : 1)),
        ].join('\t') + '\n',
      );
      counts.byStatus[status]++;
      if (o === input.rep && !deleted) {
        counts.rep.tasks++;
        if (open && due !== null) {
          counts.rep.open++;
          if (plannedDay < 0) counts.rep.earlierDays++;
          if (plannedDay === 0) counts.rep.today++;
        }
      }

      // Reminders of live open tasks: fired (and notified, when in the last three days) before `tasksNow`.
      if (!deleted) {
        for (const offset of offsetsOf) {
          const reminderId = uuid();
          const remindAt = due! - offset * MINUTE;
          // Drawn whether used or not: the rows that follow must not depend on the moment of seeding.
          const delay = 1000 + int(30_000);
          const notificationId = uuid();
          const readRoll = random();
          const readAfter = random();
          const fired = remindAt <= input.tasksNow ? Math.min(remindAt + delay, input.tasksNow) : null;
          reminders.push(`${reminderId}\t${id}\t${offset}\t${timestamp(remindAt)}\t${timestamp(fired)}\n`);
          if (fired !== null && fired >= input.tasksNow - 3 * DAY) {
            const read = fired < input.tasksNow - 4 * HOUR && readRoll < 0.7 ? fired + Math.floor(readAfter * Math.min(DAY, input.tasksNow - fired)) : null;
            notifications.push(
              `${notificationId}\t${owner.id}\ttask_reminder\t${text(title)}\t${text(input.reminderBody?.(new Date(due!), { locale: owner.language, timeZone: zone }))}\t${entity ?? NULL}\t${entityId ?? NULL}\t${id}\t${reminderId}\t${timestamp(fired)}\t${timestamp(read)}\n`,
            );
          }
        }
      }

      for (const stream of streams) {
        const wait = stream.flush();
        if (wait) await wait;
      }
    }
    await Promise.all(streams.map((stream) => stream.end()));
    counts.tasks = tasks.rows;
    counts.reminders = reminders.rows;
    counts.notifications = notifications.rows;
  } catch (error) {
    await Promise.all(clients.map((client) => client.query('ROLLBACK').catch(() => undefined)));
    throw error;
  } finally {
    for (const client of clients) client.release();
  }
  return counts;
}

/**
 * What the seed promised, checked in the database: the row counts, the statuses, and the rep's open tasks by day in
 * their zone against the plan; prints the rep's overdue and today figures as of the database's now().
 */
export async function verifyTasks(pool: pg.Pool, expected: TaskSeedCounts, repId: string, today: string): Promise<string[]> {
  const problems: string[] = [];
  const { rows } = await pool.query<{ tasks: string; reminders: string; notifications: string; statuses: Record<string, string> }>(
    `SELECT (SELECT count(*) FROM tasks) AS tasks, (SELECT count(*) FROM task_reminders) AS reminders,
            (SELECT count(*) FROM notifications) AS notifications,
            (SELECT jsonb_object_agg(status, n) FROM (SELECT status, count(*) AS n FROM tasks GROUP BY status) s) AS statuses`,
  );
  const row = rows[0]!;
  if (Number(row.tasks) !== expected.tasks) problems.push(`tasks: ${row.tasks}, expected ${expected.tasks}`);
  if (Number(row.reminders) !== expected.reminders) problems.push(`task_reminders: ${row.reminders}, expected ${expected.reminders}`);
  if (Number(row.notifications) !== expected.notifications) problems.push(`notifications: ${row.notifications}, expected ${expected.notifications}`);
  for (const status of ['open', 'done', 'cancelled'] as const) {
    if (Number(row.statuses[status] ?? 0) !== expected.byStatus[status]) problems.push(`${status} tasks: ${row.statuses[status]}, expected ${expected.byStatus[status]}`);
  }
  const { rows: rep } = await pool.query<{ tasks: number; open: number; earlier: number; on_today: number; overdue_now: number; today_now: number; zone: string }>(
    `SELECT count(*)::int AS tasks,
            count(*) FILTER (WHERE t.status = 'open' AND t.due_at IS NOT NULL)::int AS open,
            count(*) FILTER (WHERE t.status = 'open' AND (t.due_at AT TIME ZONE u.time_zone)::date < $2::date)::int AS earlier,
            count(*) FILTER (WHERE t.status = 'open' AND (t.due_at AT TIME ZONE u.time_zone)::date = $2::date)::int AS on_today,
            count(*) FILTER (WHERE t.status = 'open' AND t.due_at < now())::int AS overdue_now,
            count(*) FILTER (WHERE t.status = 'open' AND (t.due_at AT TIME ZONE u.time_zone)::date = (now() AT TIME ZONE u.time_zone)::date)::int AS today_now,
            min(u.time_zone) AS zone
     FROM tasks t JOIN users u ON u.id = t.owner_id
     WHERE t.owner_id = $1 AND t.deleted_at IS NULL`,
    [repId, today],
  );
  const r = rep[0]!;
  const planned = expected.rep;
  if (r.tasks !== planned.tasks || r.open !== planned.open || r.earlier !== planned.earlierDays || r.on_today !== planned.today) {
    problems.push(`the rep's tasks ${r.tasks}/${r.open}/${r.earlier}/${r.on_today} (all/open/before ${today}/on ${today}), planned ${planned.tasks}/${planned.open}/${planned.earlierDays}/${planned.today}`);
  }
  process.stdout.write(
    `  tasks ${row.tasks} (open ${row.statuses.open}, done ${row.statuses.done}, cancelled ${row.statuses.cancelled}), reminders ${row.reminders}, notifications ${row.notifications}\n` +
      `  rep@bench.crm (${r.zone}): ${r.tasks} live tasks, ${r.open} open; due before ${today} ${r.earlier}, on ${today} ${r.on_today}; ` +
      `as of now(): overdue ${r.overdue_now}, today ${r.today_now}\n`,
  );
  return problems;
}
