import { hashPassword } from '../core/auth/secrets.js';
import { normalizeEmail, normalizePhone, normalizeTaxId } from '../core/records/contact-keys.js';
import { withClient } from '../core/database/db-client.js';
import { seedDemoDeals } from './demo-deals.js';
import { seedDemoTasks } from './demo-tasks.js';

export const DEMO_PASSWORD = 'demo-password';

export interface DemoLogin {
  role: string;
  email: string;
}

const DEMO_USERS = [
  { email: 'admin@demo.crm', name: 'Anna Admin', role: 'admin', team: null, locale: 'en', timeZone: 'Europe/Riga' },
  { email: 'head@demo.crm', name: 'Ivan Petrov', role: 'sales_head', team: 'North', locale: 'ru', timeZone: 'Europe/Moscow' },
  { email: 'rep@demo.crm', name: 'Līga Ozola', role: 'sales_rep', team: 'North', locale: 'lv', timeZone: 'Europe/Riga' },
  { email: 'rep2@demo.crm', name: 'Carlos García', role: 'sales_rep', team: 'South', locale: 'es', timeZone: 'Europe/Madrid' },
  { email: 'operator@demo.crm', name: 'Olga Smirnova', role: 'operator', team: 'North', locale: 'ru', timeZone: 'Europe/Moscow' },
  { email: 'analyst@demo.crm', name: 'John Smith', role: 'analyst', team: null, locale: 'en', timeZone: 'Europe/London' },
] as const;

const COMPANIES = [
  ['ООО «Северный ветер»', '7707083893', 'Logistics', 'https://sever-veter.ru'],
  ['SIA Baltijas Koks', 'LV40003245752', 'Timber', 'https://baltijaskoks.lv'],
  ['Construcciones Ibéricas S.L.', 'B12345678', 'Construction', 'https://ibericas.es'],
  ['Northwind Traders Ltd', 'GB123456789', 'Wholesale', 'https://northwind.example'],
  ['АО «ТехноСфера»', '7728168971', 'Software', 'https://technosfera.ru'],
  ['SIA Rīgas Piens', 'LV40103211198', 'Food', 'https://rigaspiens.lv'],
  ['Hoteles del Sol S.A.', 'A87654321', 'Hospitality', 'https://hotelesdelsol.es'],
  ['Acme Robotics Inc', 'US94-1234567', 'Manufacturing', 'https://acme-robotics.example'],
] as const;

const PEOPLE = [
  ['Алексей', 'Иванов', '+7 912 345-67-89', 'a.ivanov@sever-veter.ru', 'Директор'],
  ['Мария', 'Кузнецова', '8 (495) 123-45-67', 'm.kuznetsova@technosfera.ru', 'Менеджер по закупкам'],
  ['Jānis', 'Bērziņš', '+371 2612 3456', 'janis@baltijaskoks.lv', 'Valdes loceklis'],
  ['Ilze', 'Kalniņa', '26 123 457', 'ilze.kalnina@rigaspiens.lv', 'Iepirkumu vadītāja'],
  ['Lucía', 'Fernández', '+34 612 34 56 78', 'lucia@ibericas.es', 'Directora comercial'],
  ['Javier', 'López', '612 345 679', 'javier.lopez@hotelesdelsol.es', 'Jefe de compras'],
  ['Emily', 'Johnson', '+44 20 7946 0958', 'emily@northwind.example', 'Procurement manager'],
  ['Michael', 'Brown', '+1 415 555 0134', 'm.brown@acme-robotics.example', 'CTO'],
  ['Дмитрий', 'Соколов', '+7 (921) 555-12-34', 'd.sokolov@sever-veter.ru', 'Логист'],
  ['Pēteris', 'Liepa', '+371 2955 1122', 'peteris@baltijaskoks.lv', 'Pārdošanas vadītājs'],
  ['Carmen', 'Martínez', '+34 91 123 45 67', 'carmen@ibericas.es', 'Arquitecta'],
  ['Sarah', 'Davis', '+44 161 496 0000', 'sarah.davis@northwind.example', 'Buyer'],
] as const;

// The region each demo person's number is written in when it has no country code (matches PEOPLE's order).
const PHONE_REGIONS = ['RU', 'RU', 'LV', 'LV', 'ES', 'ES', 'GB', 'US', 'RU', 'LV', 'ES', 'GB'];

const STATUSES = ['lead', 'prospect', 'client', 'partner'] as const;
const SOURCES = ['website', 'referral', 'cold_call', 'exhibition', 'advertising'] as const;

/**
 * Fills an empty database with a small, realistic sales team: a user per built-in role in two teams, companies
 * and contacts in four languages owned across the team, and their deals (demo-deals.ts). Does nothing if the demo
 * users exist, except add the deals to a demo database from before them.
 */
export async function seedDemoData(url: string): Promise<DemoLogin[]> {
  const logins = DEMO_USERS.map((user) => ({ role: user.role, email: user.email }));
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await withClient(url, async (client) => {
    const existing = await client.query(`SELECT 1 FROM users WHERE lower(email) = 'admin@demo.crm'`);
    if (existing.rowCount) {
      // A demo database seeded before deals (or tasks) existed gains them once.
      await client.query('BEGIN');
      await seedDemoDeals(client);
      await seedDemoTasks(client);
      await client.query('COMMIT');
      return;
    }
    await client.query('BEGIN');
    const teams = new Map<string, string>();
    for (const name of ['North', 'South']) {
      const { rows } = await client.query(
        `INSERT INTO teams (name) VALUES ($1) ON CONFLICT (lower(name)) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
        [name],
      );
      teams.set(name, rows[0].id);
    }
    const owners: string[] = [];
    for (const user of DEMO_USERS) {
      const { rows } = await client.query(
        `INSERT INTO users (email, name, password_hash, locale, time_zone, team_id, role_id)
         SELECT $1, $2, $3, $4, $5, $6, id FROM roles WHERE key = $7 RETURNING id`,
        [user.email, user.name, passwordHash, user.locale, user.timeZone, user.team ? teams.get(user.team) : null, user.role],
      );
      if (user.role === 'sales_rep' || user.role === 'sales_head') owners.push(rows[0].id);
    }
    const companyIds: string[] = [];
    for (const [index, [name, taxId, industry, website]] of COMPANIES.entries()) {
      const { rows } = await client.query(
        `INSERT INTO companies (name, tax_id, tax_id_normalized, industry, website, tags, owner_id, created_by_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7, now() - make_interval(days => $8)) RETURNING id`,
        [name, taxId, normalizeTaxId(taxId), industry, website, index % 2 ? ['vip'] : ['smb'], owners[index % owners.length], 40 - index],
      );
      companyIds.push(rows[0].id);
    }
    for (const [index, [first, last, phone, email, position]] of PEOPLE.entries()) {
      await client.query(
        `INSERT INTO contacts (first_name, last_name, position, company_id, emails, phones, tags, status, lead_source,
                               utm_source, owner_id, created_by_id, created_at, emails_normalized, phones_normalized)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, now() - make_interval(days => $12), $13, $14)`,
        [
          first,
          last,
          position,
          companyIds[index % companyIds.length],
          JSON.stringify([{ type: 'work', value: email }]),
          JSON.stringify([{ type: 'mobile', value: phone }]),
          index % 3 ? ['newsletter'] : ['vip', 'newsletter'],
          STATUSES[index % STATUSES.length],
          SOURCES[index % SOURCES.length],
          index % 2 ? 'google' : null,
          owners[index % owners.length],
          30 - index,
          [normalizeEmail(email)],
          [normalizePhone(phone, PHONE_REGIONS[index % PHONE_REGIONS.length]!)].filter(Boolean),
        ],
      );
    }
    await seedDemoDeals(client);
    await seedDemoTasks(client);
    await client.query('COMMIT');
  });
  return logins;
}
