/**
 * Fills a benchmark database with a realistic sales CRM: 1,000,000 contacts and 200,000 companies in Russian,
 * Latvian, Spanish and English, owned by ~50 users in 5 teams, 1,000,000 deals in three pipelines with 2,000,000
 * rows of stage history (seed-deals.ts), and 2,000,000 tasks with their reminders (seed-tasks.ts). The database is
 * dropped, created and migrated with the built API's migrations, then loaded through COPY with the keys, indexes and
 * foreign keys set aside and rebuilt afterwards.
 *
 *   pnpm build && pnpm bench:seed [--contacts 1000000] [--companies 200000] [--deals 1000000] [--stage-history 2000000]
 *                                 [--tasks 2000000] [--tasks-now ISO] [--verify] [--database-url postgres://…/crm_bench]
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import pg from 'pg';
import {
  API_DIST,
  assertBenchDatabase,
  BENCH_LOGINS,
  BENCH_PASSWORD,
  databaseUrlFrom,
  DEFAULT_DATABASE_URL,
  importApi,
  parseArgs,
  PhaseTimer,
} from './bench-env.js';
import {
  asciiHandle,
  type Language,
  LANGUAGES,
  LEAD_SOURCES,
  PHONE_FORMATS,
  STATUSES,
  TAGS,
  UTM,
} from './seed-vocabulary.js';
import { copyDeals, DEAL_TABLES, seedPipelines, verifyDeals } from './seed-deals.js';
import { copyTasks, HOME_TIME_ZONE, localDate, TASK_TABLES, verifyTasks } from './seed-tasks.js';
import { chance, copyRows, digit, int, json, NULL, pick, random, reseed, text, textArray, timestamp, uuid, weighted } from './seed-random.js';

interface ContactKeysModule {
  normalizeEmail(value: string): string;
  normalizePhone(value: string, defaultRegion: string): string | null;
  normalizeTaxId(value: string): string;
}
interface SecretsModule {
  hashPassword(password: string): Promise<string>;
}
interface ReminderMessagesModule {
  reminderBody(dueAt: Date, reader: { locale: string; timeZone: string }): string;
}
interface CustomFieldIndexesModule {
  createCustomFieldIndexes(dataSource: { query(sql: string): Promise<unknown> }, field: { entity: 'contact'; key: string; type: string }): Promise<void>;
}

const { values: args } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    contacts: { type: 'string', default: '1000000' },
    companies: { type: 'string', default: '200000' },
    deals: { type: 'string', default: '1000000' },
    'stage-history': { type: 'string', default: '2000000' },
    tasks: { type: 'string', default: '2000000' },
    'tasks-now': { type: 'string' },
    verify: { type: 'boolean', default: false },
    seed: { type: 'string', default: '20261125' },
    // The region the API reads numbers without a country code in (its DEFAULT_PHONE_REGION).
    'phone-region': { type: 'string', default: process.env.DEFAULT_PHONE_REGION ?? 'LV' },
    force: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (args.help) {
  process.stdout.write(`pnpm bench:seed [options]   (after pnpm build; drops and re-creates the database)
  --database-url URL   bench database (BENCH_DATABASE_URL, default ${DEFAULT_DATABASE_URL}); its name must contain "bench"
  --contacts N         contacts (1000000)
  --companies N        companies (200000)
  --deals N            deals (1000000); 10 % of them are the open deals of the first pipeline, the measured board
  --stage-history N    deal_stage_history rows in all (2000000): one 'created' per deal, 'won'/'lost' per closed deal,
                       the rest 'moved'
  --tasks N            tasks (2000000): 20 % open, 75 % done, 5 % cancelled; rep@bench.crm is assigned 2 % of them
  --tasks-now ISO      the moment open tasks are planned around (now): their due days count from its date in
                       ${HOME_TIME_ZONE}, in each assignee's zone; reminders due before it have fired
  --verify             also check every deal's stage history against the deal row (a few seconds more)
  --seed N             random seed: the same seed gives the same rows (20261125)
  --phone-region XX    region of numbers typed without a country code, as the API's DEFAULT_PHONE_REGION (LV)
  --force              accept a database whose name lacks "bench"
`);
  process.exit(0);
}

const DATABASE_URL = databaseUrlFrom(args['database-url']);
const CONTACTS = Number(args.contacts);
const COMPANIES = Number(args.companies);
const DEALS = Number(args.deals);
const STAGE_HISTORY = Number(args['stage-history']);
const TASKS = Number(args.tasks);
const TASKS_NOW = args['tasks-now'] ? Date.parse(args['tasks-now']) : Date.now();
if (!Number.isFinite(TASKS_NOW)) throw new Error(`--tasks-now ${args['tasks-now']} is not a date`);
/** rep@bench.crm's share of the tasks: about 40,000 of 2,000,000, 8,000 of them open. */
const REP_TASK_SHARE = 0.02;
const PHONE_REGION = args['phone-region']!.toUpperCase();
const YEARS = 3;
const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);
const SPAN_MS = YEARS * 365 * 24 * 3600 * 1000;

reseed(Number(args.seed));

const pickLanguage = weighted((Object.keys(LANGUAGES) as Language[]).map((language) => [language, LANGUAGES[language].weight] as const));
const pickStatus = weighted(STATUSES);

/** Growing business: more records lately than three years ago. */
function createdAt(): number {
  return NOW - SPAN_MS + Math.sqrt(random()) * SPAN_MS;
}

// ---------------------------------------------------------------------------------------------------------------

interface SeedUser {
  id: string;
  email: string;
  name: string;
  role: 'admin' | 'sales_head' | 'sales_rep' | 'operator' | 'analyst';
  teamId: string | null;
  locale: Language;
  /** IANA zone: the team's, Riga for the users outside teams. */
  timeZone: string;
  /** Share of the records this user owns; 0 for users who own none. */
  weight: number;
}

interface SeedCompany {
  id: string;
  index: number;
  language: Language;
  brand: string;
  domain: string;
}

/** The company works from Riga: the London (English-speaking) and Online desks too; Moscow and Madrid are offices. */
const TEAMS = [
  { name: 'Riga', language: 'lv' as Language, timeZone: 'Europe/Riga' },
  { name: 'Moscow', language: 'ru' as Language, timeZone: 'Europe/Moscow' },
  { name: 'Madrid', language: 'es' as Language, timeZone: 'Europe/Madrid' },
  { name: 'London', language: 'en' as Language, timeZone: 'Europe/Riga' },
  { name: 'Online', language: 'ru' as Language, timeZone: 'Europe/Riga' },
];
const REPS_PER_TEAM = 8;

function personName(language: Language): { first: string; last: string; middle: string | null } {
  const names = LANGUAGES[language];
  const female = chance(0.5);
  const [male, femaleLast] = pick(names.last);
  const patronymic = names.patronymics && chance(0.6) ? pick(names.patronymics) : null;
  return {
    first: pick(female ? names.female : names.male),
    last: female ? femaleLast : male,
    middle: patronymic ? patronymic[female ? 1 : 0] : null,
  };
}

function makeUsers(): { teams: { id: string; name: string }[]; users: SeedUser[] } {
  const teams = TEAMS.map((team) => ({ id: uuid(), name: team.name }));
  const user = (email: string, role: SeedUser['role'], teamId: string | null, language: Language, weight: number, timeZone = 'Europe/Riga'): SeedUser => {
    const { first, last } = personName(language);
    return { id: uuid(), email, name: `${first} ${last}`, role, teamId, locale: language, timeZone, weight };
  };
  const users: SeedUser[] = [user(BENCH_LOGINS.admin, 'admin', null, 'en', 0), user('analyst@bench.crm', 'analyst', null, 'en', 0)];
  TEAMS.forEach((team, t) => {
    const teamId = teams[t]!.id;
    users.push(user(t === 0 ? BENCH_LOGINS.head : `head${t + 1}@bench.crm`, 'sales_head', teamId, team.language, 0.5, team.timeZone));
    for (let r = 1; r <= REPS_PER_TEAM; r++) {
      const email = t === 0 && r === 1 ? BENCH_LOGINS.rep : `rep${t + 1}.${r}@bench.crm`;
      // The known rep owns an average book; the others vary, as real reps do.
      users.push(user(email, 'sales_rep', teamId, team.language, t === 0 && r === 1 ? 1 : 0.5 + random(), team.timeZone));
    }
    users.push(user(`operator${t + 1}@bench.crm`, 'operator', teamId, team.language, 0, team.timeZone));
  });
  return { teams, users };
}

async function main(): Promise<void> {
  const databaseName = assertBenchDatabase(DATABASE_URL, args.force!);
  const keys = await importApi<ContactKeysModule>('core/records/contact-keys.js');
  const secrets = await importApi<SecretsModule>('core/auth/secrets.js');
  const timer = new PhaseTimer();
  process.stdout.write(
    `Seeding ${databaseName}: ${CONTACTS} contacts, ${COMPANIES} companies, ${DEALS} deals with ${STAGE_HISTORY} stage changes, ${TASKS} tasks ` +
      `(open ones planned around ${localDate(HOME_TIME_ZONE, TASKS_NOW)})\n`,
  );

  await timer.run('create the database', async () => {
    const admin = new pg.Client({ connectionString: DATABASE_URL.replace(/\/[^/?]*(\?|$)/, '/postgres$1') });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS "${databaseName}"`);
      await admin.query(`CREATE DATABASE "${databaseName}"`);
    } finally {
      await admin.end();
    }
  });

  await timer.run('migrate (apps/api/dist/bin/migrate.js)', async () => {
    const child = spawn(process.execPath, [resolve(API_DIST, 'bin/migrate.js')], {
      env: { ...process.env, DATABASE_URL, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const code = await new Promise<number | null>((resolveExit) => child.on('exit', resolveExit));
    if (code !== 0) throw new Error(`migrate.js exited with ${code}`);
  });

  const pool = new pg.Pool({
    connectionString: DATABASE_URL,
    // Four for the deals' COPYs, which run side by side (three for the tasks').
    max: 5,
    application_name: 'crm-bench-seed',
    // Per session only: nothing waits for a commit to reach the disk, and index builds sort in memory.
    options: '-c synchronous_commit=off -c maintenance_work_mem=1GB',
  });
  try {
    const setAside = await timer.run('set aside indexes and foreign keys', () => setAsideIndexes(pool));
    const custom = await customFieldsOf(pool);

    const { teams, users } = makeUsers();
    await timer.run('teams and users', async () => {
      const roles = new Map((await pool.query<{ id: string; key: string }>('SELECT id, key FROM roles')).rows.map((row) => [row.key, row.id]));
      const passwordHash = await secrets.hashPassword(BENCH_PASSWORD);
      await pool.query('INSERT INTO teams (id, name) SELECT * FROM unnest($1::uuid[], $2::text[])', [teams.map((t) => t.id), teams.map((t) => t.name)]);
      await pool.query(
        `INSERT INTO users (id, email, name, password_hash, locale, team_id, role_id, created_at, time_zone)
         SELECT id, email, name, $4, locale, team_id, role_id, $8::timestamptz, time_zone
         FROM unnest($1::uuid[], $2::text[], $3::text[], $5::text[], $6::uuid[], $7::uuid[], $9::text[]) AS u(id, email, name, locale, team_id, role_id, time_zone)`,
        [
          users.map((u) => u.id),
          users.map((u) => u.email),
          users.map((u) => u.name),
          passwordHash,
          users.map((u) => u.locale),
          users.map((u) => u.teamId),
          users.map((u) => roles.get(u.role)),
          new Date(NOW - SPAN_MS).toISOString(),
          users.map((u) => u.timeZone),
        ],
      );
    });

    const owners = users.filter((user) => user.weight > 0);
    const pickOwner = weighted(owners.map((user) => [user, user.weight] as const));
    // Who owns what, by index in `owners`: the tasks link to their assignee's records.
    const ownerIndex = new Map(owners.map((user, index) => [user.id, index]));
    const companyOwner = new Uint8Array(COMPANIES);
    const contactOwner = new Uint8Array(CONTACTS);
    const companies: SeedCompany[] = [];
    const companiesByLanguage: Record<Language, SeedCompany[]> = { ru: [], lv: [], es: [], en: [] };
    for (let i = 0; i < COMPANIES; i++) {
      const language = pickLanguage();
      const names = LANGUAGES[language];
      const word = pick(names.companyWords);
      const brand = chance(0.4) ? `${word} ${pick(names.cities)}` : word;
      const company = { id: uuid(), index: i, language, brand, domain: `${asciiHandle(brand)}${chance(0.5) ? int(1000) : ''}.${names.webTld}` };
      companies.push(company);
      companiesByLanguage[language].push(company);
    }

    const phone = (language: Language) => pick(PHONE_FORMATS[language]).replace(/#/g, digit);
    const phonesOf = (values: { type: string; value: string }[]) => [
      ...new Set(values.map((p) => keys.normalizePhone(p.value, PHONE_REGION)).filter((p): p is string => p !== null)),
    ];
    const emailsOf = (values: { value: string }[]) => [...new Set(values.map((e) => keys.normalizeEmail(e.value)))];
    const address = (language: Language) => {
      const names = LANGUAGES[language];
      return { country: names.country, city: pick(names.cities), street: `${pick(names.streets)} ${1 + int(120)}`, postalCode: String(10000 + int(89999)) };
    };

    const companyColumns = [
      'id', 'name', 'legal_name', 'tax_id', 'tax_id_normalized', 'industry', 'website', 'address', 'phones', 'emails', 'tags',
      'owner_id', 'created_by_id', 'created_at', 'updated_at', 'deleted_at', 'version', 'emails_normalized', 'phones_normalized',
    ];
    const COMPANY_TAGS: readonly (readonly [string, number])[] = [
      ['vip', 0.05], ['smb', 0.5], ['enterprise', 0.1], ['supplier', 0.15], ['partner', 0.08], ['key-account', 0.03],
    ];
    const TAX_ID: Record<Language, () => string> = {
      ru: () => Array.from({ length: 10 }, digit).join(''),
      lv: () => `LV4000${Array.from({ length: 5 }, digit).join('')}`,
      es: () => `${pick(['A', 'B'])}${Array.from({ length: 8 }, digit).join('')}`,
      en: () => `GB${Array.from({ length: 3 }, digit).join('')} ${Array.from({ length: 4 }, digit).join('')} ${Array.from({ length: 2 }, digit).join('')}`,
    };
    const companyRow = (index: number): string => {
      const company = companies[index]!;
      const names = LANGUAGES[company.language];
      const name = pick(names.companyForms).replace('%', company.brand);
      const taxId = chance(0.8) ? TAX_ID[company.language]() : null;
      const phones = Array.from({ length: 1 + int(2) }, () => ({ type: 'work', value: phone(company.language) }));
      const emails = [{ type: 'work', value: `${pick(['info', 'office', 'sales', 'hello'])}@${company.domain}` }];
      const owner = pickOwner();
      companyOwner[index] = ownerIndex.get(owner.id)!;
      const created = createdAt();
      const updated = created + random() * (NOW - created);
      const tags = COMPANY_TAGS.filter(([, share]) => chance(share)).map(([tag]) => tag);
      return [
        company.id,
        text(name),
        chance(0.3) ? text(name.toUpperCase()) : NULL,
        text(taxId),
        text(taxId === null ? null : keys.normalizeTaxId(taxId)),
        text(pick(names.industries)),
        `https://${company.domain}`,
        chance(0.7) ? json(address(company.language)) : NULL,
        json(phones),
        json(emails),
        textArray(tags),
        owner.id,
        owner.id,
        timestamp(created),
        timestamp(updated),
        chance(0.01) ? timestamp(updated) : NULL,
        String(1 + Math.floor(random() ** 3 * 6)),
        textArray(emailsOf(emails)),
        textArray(phonesOf(phones)),
      ].join('\t') + '\n';
    };

    const contactColumns = [
      'id', 'first_name', 'middle_name', 'last_name', 'position', 'company_id', 'emails', 'phones', 'address', 'tags', 'status',
      'lead_source', 'utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content', 'owner_id', 'created_by_id',
      'created_at', 'updated_at', 'deleted_at', 'version', 'emails_normalized', 'phones_normalized',
      ...(custom ? ['custom'] : []),
    ];
    const phoneTypes = ['mobile', 'mobile', 'mobile', 'work', 'home'];
    // Who works where, for the deals' contacts: ids by contact index, and each contact's company index (-1: none).
    const contactIds: string[] = new Array(CONTACTS);
    const contactCompany = new Int32Array(CONTACTS);
    const contactRow = (index: number): string => {
      const language = pickLanguage();
      const names = LANGUAGES[language];
      const { first, middle, last } = personName(language);
      const company = chance(0.7) ? pick(companiesByLanguage[language]) : null;
      const handle = `${asciiHandle(first)}.${asciiHandle(last)}`;
      const emails: { type: string; value: string }[] = [];
      if (chance(0.8)) emails.push({ type: 'personal', value: `${handle}${chance(0.5) ? int(100) : ''}@${pick(names.emailDomains)}` });
      if (company && chance(0.6)) emails.push({ type: 'work', value: `${asciiHandle(first).slice(0, 1)}.${asciiHandle(last)}@${company.domain}` });
      const phones: { type: string; value: string }[] = [];
      if (chance(0.9)) phones.push({ type: pick(phoneTypes), value: phone(language) });
      if (chance(0.25)) phones.push({ type: 'work', value: phone(language) });
      const owner = pickOwner();
      const creator = chance(0.85) ? owner : pickOwner();
      const created = createdAt();
      const updated = created + random() ** 2 * (NOW - created);
      const sourced = chance(0.8);
      const utm = sourced && chance(0.3);
      const id = uuid();
      contactIds[index] = id;
      contactCompany[index] = company ? company.index : -1;
      contactOwner[index] = ownerIndex.get(owner.id)!;
      const row = [
        id,
        text(first),
        text(middle),
        text(last),
        chance(0.6) ? text(pick(names.positions)) : NULL,
        company ? company.id : NULL,
        json(emails),
        json(phones),
        chance(0.4) ? json(address(language)) : NULL,
        textArray(TAGS.filter(([, share]) => chance(share)).map(([tag]) => tag)),
        pickStatus(),
        sourced ? pick(LEAD_SOURCES) : NULL,
        utm ? pick(UTM.source) : NULL,
        utm ? pick(UTM.medium) : NULL,
        utm ? pick(UTM.campaign) : NULL,
        utm && chance(0.3) ? text(pick(['crm', 'sales software', 'lead management', 'контакты'])) : NULL,
        utm && chance(0.2) ? `ad${int(20)}` : NULL,
        owner.id,
        creator.id,
        timestamp(created),
        timestamp(updated),
        chance(0.01) ? timestamp(updated) : NULL,
        String(1 + Math.floor(random() ** 3 * 6)),
        textArray(emailsOf(emails)),
        textArray(phonesOf(phones)),
      ];
      if (custom) row.push(json(customValues()));
      return row.join('\t') + '\n';
    };

    await timer.run(`COPY ${COMPANIES} companies and ${CONTACTS} contacts`, async () => {
      const client = await pool.connect();
      try {
        await copyRows(client, 'companies', companyColumns, COMPANIES, companyRow);
        await copyRows(client, 'contacts', contactColumns, CONTACTS, contactRow);
      } finally {
        client.release();
      }
    });

    // Deals: their contacts come from the deal's company when it has any, so index the contacts by company.
    const companyContactStart = new Int32Array(COMPANIES + 1);
    for (const company of contactCompany) if (company >= 0) companyContactStart[company + 1]!++;
    for (let c = 0; c < COMPANIES; c++) companyContactStart[c + 1]! += companyContactStart[c]!;
    const contactsByCompany = new Int32Array(companyContactStart[COMPANIES]!);
    const filled = companyContactStart.slice(0, COMPANIES);
    contactCompany.forEach((company, contact) => {
      if (company >= 0) contactsByCompany[filled[company]!++] = contact;
    });
    const admin = users.find((user) => user.role === 'admin')!;
    const catalogue = await timer.run('pipelines, lost reasons, products', () => seedPipelines(pool, NOW, admin.id));
    const dealIds: string[] = new Array(DEALS);
    const dealOwner = new Uint8Array(DEALS);
    const dealCompany = new Int32Array(DEALS);
    const dealOpen = new Uint8Array(DEALS);
    const dealCounts = await timer.run(`COPY ${DEALS} deals, ${STAGE_HISTORY} stage changes, their contacts and line items`, () =>
      copyDeals(
        {
          pool,
          deals: DEALS,
          history: STAGE_HISTORY,
          now: NOW,
          createdAt,
          pickOwner,
          pickLanguage,
          adminId: admin.id,
          companies,
          contactIds,
          companyContactStart,
          contactsByCompany,
          remember: (index, id, ownerId, companyIndex, openAndLive) => {
            dealIds[index] = id;
            dealOwner[index] = ownerIndex.get(ownerId)!;
            dealCompany[index] = companyIndex;
            dealOpen[index] = openAndLive ? 1 : 0;
          },
        },
        catalogue,
      ),
    );
    process.stdout.write(`  ${dealCounts.deals} deals, ${dealCounts.history} stage changes, ${dealCounts.dealContacts} deal contacts, ${dealCounts.lineItems} line items\n`);

    const today = localDate(HOME_TIME_ZONE, TASKS_NOW);
    const rep = owners.findIndex((user) => user.email === BENCH_LOGINS.rep);
    const messages = await importApi<ReminderMessagesModule>('modules/tasks/task-reminder.messages.js').catch(() => null);
    const taskCounts = await timer.run(`COPY ${TASKS} tasks, their reminders and notifications`, () =>
      copyTasks({
        pool,
        tasks: TASKS,
        now: NOW,
        today,
        tasksNow: TASKS_NOW,
        createdAt,
        owners: owners.map((user) => ({ id: user.id, timeZone: user.timeZone, language: user.locale })),
        weights: owners.map((user) => user.weight),
        rep,
        repShare: REP_TASK_SHARE,
        companies: { ids: companies.map((company) => company.id), owner: companyOwner, brand: companies.map((company) => company.brand) },
        contacts: { ids: contactIds, owner: contactOwner, company: contactCompany },
        deals: { ids: dealIds, owner: dealOwner, company: dealCompany, preferred: dealOpen },
        reminderBody: messages?.reminderBody,
      }),
    );
    process.stdout.write(
      `  ${taskCounts.tasks} tasks (open ${taskCounts.byStatus.open}, done ${taskCounts.byStatus.done}, cancelled ${taskCounts.byStatus.cancelled}), ` +
        `${taskCounts.reminders} reminders, ${taskCounts.notifications} notifications; the rep: ${taskCounts.rep.tasks} live, ${taskCounts.rep.open} open, ` +
        `${taskCounts.rep.earlierDays} due before ${today}, ${taskCounts.rep.today} on ${today}\n`,
    );

    const customIndexes = (custom?.fields ?? []).map((field) => ({
      name: `custom field ${field.key}`,
      table: 'contacts',
      cost: 0,
      build: async () => {
        const { createCustomFieldIndexes } = await importApi<CustomFieldIndexesModule>('modules/custom-fields/custom-field-indexes.js');
        await createCustomFieldIndexes({ query: (sql) => pool.query(sql) }, { entity: 'contact', key: field.key, type: field.type });
      },
    }));
    await timer.run(`rebuild ${setAside.keys.length} keys, ${setAside.indexes.length + customIndexes.length} indexes and ${setAside.foreignKeys.length} foreign keys`, () =>
      restore(pool, setAside, customIndexes),
    );
    await timer.run('analyze', async () => {
      // Two tables at a time, largest first: the search columns carry 1000-value statistics (a 300,000-row sample).
      const tables = [...LOADED_TABLES].sort((x, y) => (TABLE_WEIGHT[y] ?? 1) - (TABLE_WEIGHT[x] ?? 1));
      const jobs = [...tables, 'teams, users, pipelines, pipeline_stages, lost_reasons, products'].map((table) => ({
        name: table,
        cost: TABLE_WEIGHT[table] ?? 0,
        build: () => pool.query(`ANALYZE ${table}`),
      }));
      await onTwoConnections(jobs, []);
    });
    const problems = await timer.run('verify', async () => [
      ...(await verifyDeals(pool, catalogue.pipelines[0]!, dealCounts, args.verify!)),
      ...(await verifyTasks(pool, taskCounts, owners[rep]!.id, today)),
    ]);
    if (problems.length) throw new Error(`The deals or tasks are not as planned:\n  ${problems.join('\n  ')}`);

    const summary = await pool.query<{ table: string; rows: string; size: string }>(
      `SELECT relname AS table, reltuples::bigint::text AS rows, pg_size_pretty(pg_total_relation_size(oid)) AS size
       FROM pg_class WHERE relname = ANY($1) ORDER BY relname`,
      [['users', ...LOADED_TABLES]],
    );
    for (const row of summary.rows) process.stdout.write(`  ${row.table}: ~${row.rows} rows, ${row.size} with indexes\n`);
  } finally {
    await pool.end();
  }
  process.stdout.write(`Seeded in ${timer.totalSeconds.toFixed(1)} s. Sign in as ${Object.values(BENCH_LOGINS).join(', ')} with "${BENCH_PASSWORD}".\n`);
}

// ---------------------------------------------------------------------------------------------------------------

interface SetAside {
  /** Primary keys and unique constraints, built again before the indexes. */
  keys: { name: string; table: string; definition: string }[];
  indexes: { name: string; table: string; definition: string }[];
  foreignKeys: { name: string; table: string; definition: string }[];
}

const LOADED_TABLES = ['contacts', 'companies', ...DEAL_TABLES, ...TASK_TABLES];
/** Rough size of each loaded table, to build the slowest indexes first. */
const TABLE_WEIGHT: Record<string, number> = {
  contacts: 10,
  deals: 6,
  tasks: 6,
  deal_stage_history: 5,
  deal_contacts: 2,
  companies: 2,
  deal_line_items: 1,
  task_reminders: 1,
  notifications: 0.5,
};

/**
 * Drops every foreign key from or to the loaded tables, their primary keys and unique constraints (unless a table
 * that is not loaded refers to them) and their other indexes, keeping the definitions as the migrations made them:
 * COPY then writes the heap alone, and every index is built once, sorted, instead of growing by random inserts
 * (uuid keys) that spill out of shared_buffers.
 */
async function setAsideIndexes(pool: pg.Pool): Promise<SetAside> {
  const foreignKeys = await pool.query<{ name: string; table: string; definition: string }>(
    `SELECT c.conname AS name, t.relname AS table, pg_get_constraintdef(c.oid) AS definition
     FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class r ON r.oid = c.confrelid
     WHERE c.contype = 'f' AND t.relnamespace = 'public'::regnamespace AND (t.relname = ANY($1) OR r.relname = ANY($1))`,
    [LOADED_TABLES],
  );
  const keys = await pool.query<{ name: string; table: string; definition: string }>(
    `SELECT c.conname AS name, t.relname AS table, pg_get_constraintdef(c.oid) AS definition
     FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
     WHERE c.contype IN ('p', 'u') AND t.relname = ANY($1) AND t.relnamespace = 'public'::regnamespace
       AND NOT EXISTS (
         SELECT 1 FROM pg_constraint f JOIN pg_class ft ON ft.oid = f.conrelid
         WHERE f.contype = 'f' AND f.confrelid = c.conrelid AND NOT (ft.relname = ANY($1)))`,
    [LOADED_TABLES],
  );
  const indexes = await pool.query<{ name: string; table: string; definition: string }>(
    `SELECT i.relname AS name, t.relname AS table, pg_get_indexdef(i.oid) AS definition
     FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
     WHERE t.relname = ANY($1) AND t.relnamespace = 'public'::regnamespace
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)`,
    [LOADED_TABLES],
  );
  for (const fk of foreignKeys.rows) await pool.query(`ALTER TABLE ${fk.table} DROP CONSTRAINT "${fk.name}"`);
  for (const key of keys.rows) await pool.query(`ALTER TABLE ${key.table} DROP CONSTRAINT "${key.name}"`);
  for (const index of indexes.rows) await pool.query(`DROP INDEX "${index.name}"`);
  return { keys: keys.rows, indexes: indexes.rows, foreignKeys: foreignKeys.rows };
}

interface IndexJob {
  name: string;
  /** The table it belongs to, for the per-table summary. */
  table?: string;
  cost: number;
  build: () => Promise<unknown>;
}

/** Runs the jobs on two connections, costliest first: the machine has two cores, and btree builds add parallel workers. */
async function onTwoConnections(jobs: IndexJob[], took: { name: string; table?: string; seconds: number }[]): Promise<void> {
  const queue = [...jobs].sort((a, b) => b.cost - a.cost);
  await Promise.all(
    [0, 1].map(async () => {
      for (let job = queue.shift(); job; job = queue.shift()) {
        const start = performance.now();
        await job.build();
        took.push({ name: job.name, table: job.table, seconds: (performance.now() - start) / 1000 });
      }
    }),
  );
}

/**
 * Rebuilds what `setAsideIndexes` dropped: the keys first, then the indexes (trigram, then other GIN, larger tables
 * first), each on two connections; then the `extra` ones one at a time (the API builds custom-field indexes
 * CONCURRENTLY, and concurrent builds of that kind on one table wait for each other's transactions, up to a
 * deadlock); then the foreign keys, added NOT VALID and validated two tables at a time.
 */
async function restore(pool: pg.Pool, setAside: SetAside, extra: IndexJob[]): Promise<void> {
  const took: { name: string; table?: string; seconds: number }[] = [];
  const phase = async (name: string, work: () => Promise<void>) => {
    const start = performance.now();
    await work();
    process.stdout.write(`  ${name}: ${((performance.now() - start) / 1000).toFixed(1)} s\n`);
  };
  await phase(`${setAside.keys.length} primary keys and unique constraints`, () =>
    onTwoConnections(
      setAside.keys.map((key) => ({
        name: key.name,
        cost: TABLE_WEIGHT[key.table] ?? 1,
        build: () => pool.query(`ALTER TABLE ${key.table} ADD CONSTRAINT "${key.name}" ${key.definition}`),
      })),
      took,
    ),
  );
  await phase(`${setAside.indexes.length + extra.length} indexes`, async () => {
    await onTwoConnections(
      setAside.indexes.map((index) => ({
        name: index.name,
        table: index.table,
        cost: (TABLE_WEIGHT[index.table] ?? 1) * (index.definition.includes('gin_trgm_ops') ? 10 : index.definition.includes('USING gin') ? 3 : 1),
        build: () => pool.query(index.definition),
      })),
      took,
    );
    for (const job of extra) await onTwoConnections([job], took);
  });
  took.sort((a, b) => b.seconds - a.seconds);
  process.stdout.write(`  slowest: ${took.slice(0, 4).map((i) => `${i.name} ${i.seconds.toFixed(1)} s`).join(', ')}\n`);
  // Per table, summed over both connections (so more than the wall time): what each table's indexes cost.
  const byTable = new Map<string, { seconds: number; count: number }>();
  for (const job of took) {
    if (!job.table) continue;
    const sum = byTable.get(job.table) ?? { seconds: 0, count: 0 };
    byTable.set(job.table, { seconds: sum.seconds + job.seconds, count: sum.count + 1 });
  }
  process.stdout.write(
    `  index build time by table: ${[...byTable].sort((a, b) => b[1].seconds - a[1].seconds).map(([table, sum]) => `${table} ${sum.seconds.toFixed(1)} s (${sum.count})`).join(', ')}\n`,
  );
  await phase(`${setAside.foreignKeys.length} foreign keys`, async () => {
    for (const fk of setAside.foreignKeys) await pool.query(`ALTER TABLE ${fk.table} ADD CONSTRAINT "${fk.name}" ${fk.definition} NOT VALID`);
    // VALIDATE locks only the referencing table against other schema changes: one table per connection at a time.
    const byTable = new Map<string, SetAside['foreignKeys']>();
    for (const fk of setAside.foreignKeys) byTable.set(fk.table, [...(byTable.get(fk.table) ?? []), fk]);
    await onTwoConnections(
      [...byTable].map(([table, fks]) => ({
        name: `foreign keys of ${table}`,
        cost: (TABLE_WEIGHT[table] ?? 1) * fks.length,
        build: async () => {
          for (const fk of fks) await pool.query(`ALTER TABLE ${table} VALIDATE CONSTRAINT "${fk.name}"`);
        },
      })),
      [],
    );
  });
}

interface CustomFieldSeed {
  key: string;
  type: 'select' | 'money' | 'number' | 'boolean' | 'date';
  labels: Record<Language, string>;
  options?: { value: string; labels: Record<Language, string> }[];
  /** A value in the stored form the API's normalizeValue gives (money as a two-place string, dates as YYYY-MM-DD). */
  value: () => string | number | boolean;
  share: number;
}

const CUSTOM_FIELDS: CustomFieldSeed[] = [
  {
    key: 'segment',
    type: 'select',
    labels: { en: 'Segment', ru: 'Сегмент', lv: 'Segments', es: 'Segmento' },
    options: [
      { value: 'smb', labels: { en: 'Small business', ru: 'Малый бизнес', lv: 'Mazais bizness', es: 'Pequeña empresa' } },
      { value: 'mid_market', labels: { en: 'Mid-market', ru: 'Средний бизнес', lv: 'Vidējais bizness', es: 'Mediana empresa' } },
      { value: 'enterprise', labels: { en: 'Enterprise', ru: 'Крупный бизнес', lv: 'Lielais bizness', es: 'Gran empresa' } },
      { value: 'public_sector', labels: { en: 'Public sector', ru: 'Госсектор', lv: 'Valsts sektors', es: 'Sector público' } },
    ],
    value: () => pick(['smb', 'smb', 'mid_market', 'enterprise', 'public_sector']),
    share: 0.5,
  },
  {
    key: 'budget',
    type: 'money',
    labels: { en: 'Budget', ru: 'Бюджет', lv: 'Budžets', es: 'Presupuesto' },
    value: () => `${500 * (1 + int(400))}.00`,
    share: 0.3,
  },
  {
    key: 'employees',
    type: 'number',
    labels: { en: 'Employees', ru: 'Сотрудников', lv: 'Darbinieki', es: 'Empleados' },
    value: () => Math.round(2 + random() ** 3 * 5000),
    share: 0.25,
  },
  {
    key: 'newsletter_consent',
    type: 'boolean',
    labels: { en: 'Newsletter consent', ru: 'Согласие на рассылку', lv: 'Piekrišana jaunumiem', es: 'Consentimiento del boletín' },
    value: () => chance(0.7),
    share: 0.4,
  },
  {
    key: 'renewal_date',
    type: 'date',
    labels: { en: 'Renewal date', ru: 'Дата продления', lv: 'Atjaunošanas datums', es: 'Fecha de renovación' },
    value: () => new Date(NOW + (random() - 0.3) * 365 * 24 * 3600 * 1000).toISOString().slice(0, 10),
    share: 0.15,
  },
];

/**
 * Custom fields, when the schema has them (contacts.custom and custom_fields): a few contact fields are defined as
 * an admin would, contacts get values in their stored form, and each field gets the indexes the API builds for it.
 */
async function customFieldsOf(pool: pg.Pool): Promise<{ fields: CustomFieldSeed[] } | null> {
  const { rows } = await pool.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns
     WHERE table_schema = 'public' AND table_name = 'contacts' AND column_name = 'custom' AND data_type = 'jsonb'`,
  );
  if (!rows.length) {
    process.stdout.write('  contacts have no custom column: no custom values\n');
    return null;
  }
  const definitions = await pool.query(`SELECT to_regclass('public.custom_fields') IS NOT NULL AS present`);
  if (!definitions.rows[0].present) {
    process.stdout.write('  contacts.custom exists but custom_fields does not: no custom values\n');
    return null;
  }
  await pool.query(
    `INSERT INTO custom_fields (entity, key, type, labels, position, options)
     SELECT 'contact', key, type, labels, position, options
     FROM jsonb_to_recordset($1::jsonb) AS f(key text, type text, labels jsonb, position int, options jsonb)`,
    [JSON.stringify(CUSTOM_FIELDS.map((field, position) => ({ key: field.key, type: field.type, labels: field.labels, position, options: field.options ?? [] })))],
  );
  process.stdout.write(`  custom contact fields: ${CUSTOM_FIELDS.map((field) => `${field.key} (${field.type})`).join(', ')}\n`);
  return { fields: CUSTOM_FIELDS };
}

function customValues(): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const field of CUSTOM_FIELDS) if (chance(field.share)) values[field.key] = field.value();
  return values;
}

await main();
