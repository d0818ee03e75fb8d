import { randomUUID } from 'node:crypto';
import { withinLevel } from '@crm/permissions';
import type { EntityManager, ObjectLiteral } from 'typeorm';
import { levelFor, scopeToActor } from '../../core/access/access.js';
import type { AuditedChange, AuditService } from '../../core/audit/audit.service.js';
import type { Actor } from '../../core/auth/actor.js';
import { type FieldError, validateBody } from '../../core/http/validation.js';
import { clientRecordKeys, normalizeEmail, normalizePhone } from '../../core/records/contact-keys.js';
import type { OwnedRecord } from '../../core/records/owned-record.entity.js';
import { clientRecordColumns } from '../../core/records/owned-records.js';
import { Company } from '../companies/company.entity.js';
import { type ColumnMapping, rowBody } from './import-fields.js';
import type { DuplicatePolicy } from './import-job.entity.js';
import { type ImportTarget, keysOf } from './import-targets.js';

type Values = Record<string, unknown>;

/** A row of the file: its number among the data rows (1 = the first row after the header) and its cells. */
export interface FileRow {
  number: number;
  cells: string[];
}

/** A row read into column values of the record it makes, with the values that name other records. */
export interface ReadRow {
  values: Values;
  ownerEmail?: string;
  companyName?: string;
}

export interface RowFailure extends FileRow {
  error: string;
}

export interface BatchResult {
  created: number;
  updated: number;
  skipped: number;
  failures: RowFailure[];
}

export interface BatchContext {
  actor: Actor;
  target: ImportTarget;
  policy: DuplicatePolicy;
  phoneRegion: string;
  audit: AuditService;
}

/** The rows of a batch read and validated, before anything in the database is looked at. */
export interface ReadBatch {
  rows: (FileRow & ReadRow)[];
  failures: RowFailure[];
}

/**
 * Validates a row with the DTO, pipe options and extra rules of the endpoint it may end in: the create body, or under
 * the update policy (where a row may only name a record to update) the update body, with the create rules checked
 * once the row turns out to create a record.
 */
export async function readRow(
  target: ImportTarget,
  mapping: ColumnMapping[],
  cells: string[],
  phoneRegion: string,
  policy: DuplicatePolicy,
): Promise<ReadRow | FieldError[]> {
  const { body, ownerEmail, companyName } = rowBody(target.entity, mapping, cells);
  const dto = await validateBody(policy === 'update' ? target.updateDto : target.createDto, body);
  if (Array.isArray(dto)) return dto;
  // Fields the row leaves empty stay out, so that column defaults and merges see them as absent.
  const values: Values = {};
  for (const [field, value] of Object.entries(clientRecordColumns({ ...dto }, phoneRegion))) if (value !== undefined) values[field] = value;
  const missing = policy === 'update' ? [] : target.required(values);
  return missing.length ? missing : { values, ownerEmail, companyName };
}

// Validation is CPU work; giving the event loop a turn now and then lets the previous batch's statements go on.
const YIELD_EVERY = 20;

/** Validates the rows of a batch; independent of the database, so it may run while the previous batch is written. */
export async function readBatch(context: BatchContext, mapping: ColumnMapping[], rows: FileRow[]): Promise<ReadBatch> {
  const batch: ReadBatch = { rows: [], failures: [] };
  for (const [index, row] of rows.entries()) {
    if (index % YIELD_EVERY === YIELD_EVERY - 1) await new Promise((resolve) => setImmediate(resolve));
    const read = await readRow(context.target, mapping, row.cells, context.phoneRegion, context.policy);
    if (Array.isArray(read)) batch.failures.push({ number: row.number, cells: row.cells, error: describeErrors(read) });
    else batch.rows.push({ ...row, ...read });
  }
  return batch;
}

export function describeErrors(errors: FieldError[]): string {
  return errors.map((error) => `${error.field}: ${error.messages.join(', ')}`).join('; ');
}

/** JSON with sorted keys, so that values read back from jsonb compare equal to the same values built here. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b)))
      : inner,
  );
}

/** A record the batch writes: a new one, or an existing one with its state before the batch. */
interface Planned {
  id: string;
  before: OwnedRecord | null;
  values: Values;
}

/**
 * Writes one batch of validated rows inside the caller's transaction: recognizes duplicates in the database and earlier
 * in the batch by their normalized keys (earlier batches are in the database by then), resolves owners and companies,
 * then inserts and updates in one statement each and writes one audit entry per record. Queries per batch, never per row.
 */
export class ImportBatch {
  private readonly keyIndex = new Map<string, Planned>();
  /** The records to write, in the order rows first touched them. */
  private readonly planned = new Set<Planned>();
  private readonly result: BatchResult = { created: 0, updated: 0, skipped: 0, failures: [] };
  private users = new Map<string, { id: string; teamId: string | null }>();
  private userTeams = new Map<string, string | null>();
  private companies = new Map<string, string>();

  constructor(
    private readonly manager: EntityManager,
    private readonly context: BatchContext,
  ) {}

  async write(batch: ReadBatch): Promise<BatchResult> {
    this.result.failures.push(...batch.failures);
    const existing = await this.findDuplicates(batch.rows);
    await this.loadUsers(batch.rows, existing);
    await this.loadCompanies(batch.rows);
    for (const record of existing) this.index({ id: record.id, before: record, values: this.columnsOf(record) });
    for (const row of batch.rows) this.plan(row);
    await this.save();
    this.result.failures.sort((a, b) => a.number - b.number);
    return this.result;
  }

  private fail(row: FileRow, error: string): void {
    this.result.failures.push({ number: row.number, cells: row.cells, error });
  }

  private index(planned: Planned): void {
    for (const key of keysOf(this.context.target, planned.values)) if (!this.keyIndex.has(key)) this.keyIndex.set(key, planned);
  }

  private columnsOf(record: OwnedRecord): Values {
    return Object.fromEntries(this.context.target.columns.map((column) => [column, (record as unknown as Values)[column]]));
  }

  private async findDuplicates(rows: ReadRow[]): Promise<OwnedRecord[]> {
    if (this.context.policy === 'create') return [];
    const keys = rows.flatMap((row) => keysOf(this.context.target, row.values));
    const of = (prefix: string) => [...new Set(keys.filter((key) => key.startsWith(prefix)).map((key) => key.slice(2)))];
    const [emails, phones, taxIds] = [of('e:'), of('p:'), of('t:')];
    // One index probe per key (the planner misjudges `&&` with a long array and scans the table instead).
    const table = this.manager.connection.getMetadata(this.context.target.record).tableName;
    const probes = [
      emails.length && `SELECT m.id FROM unnest(CAST(:emails AS text[])) AS k(key) JOIN ${table} m ON m.emails_normalized @> ARRAY[k.key]`,
      phones.length && `SELECT m.id FROM unnest(CAST(:phones AS text[])) AS k(key) JOIN ${table} m ON m.phones_normalized @> ARRAY[k.key]`,
      taxIds.length && `SELECT m.id FROM ${table} m WHERE m.tax_id_normalized = ANY(CAST(:taxIds AS text[]))`,
    ].filter(Boolean);
    if (!probes.length) return [];
    const query = this.manager
      .getRepository(this.context.target.record)
      .createQueryBuilder('r')
      .where('r.deletedAt IS NULL')
      .andWhere(`r.id = ANY(ARRAY(${probes.join(' UNION ')}))`, { emails, phones, taxIds })
      .orderBy('r.createdAt')
      .addOrderBy('r.id');
    // Records about to be updated stay as read until the batch commits.
    if (this.context.policy === 'update') query.setLock('pessimistic_write');
    // Until autovacuum has analyzed a table an import is filling, the planner takes it for a few rows and would compare
    // every key with every row (a scan of the table or of its primary key per key); only bitmap scans are left, which
    // for the probes means the key indexes.
    await this.manager.query('SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off');
    const found = await query.getMany();
    await this.manager.query('SET LOCAL enable_seqscan TO DEFAULT; SET LOCAL enable_indexscan TO DEFAULT');
    return found;
  }

  private async loadUsers(rows: ReadRow[], existing: OwnedRecord[]): Promise<void> {
    const emails = [...new Set(rows.map((row) => row.ownerEmail).filter((email): email is string => !!email))];
    const ids = [...new Set(existing.map((record) => record.ownerId).filter((id): id is string => !!id))];
    if (!emails.length && !ids.length) return;
    const users: { id: string; email: string; team_id: string | null; active: boolean }[] = await this.manager.query(
      'SELECT id, lower(email) AS email, team_id, active FROM users WHERE lower(email) = ANY($1) OR id = ANY($2)',
      [emails, ids],
    );
    for (const user of users) {
      this.userTeams.set(user.id, user.team_id);
      if (user.active) this.users.set(user.email, { id: user.id, teamId: user.team_id });
    }
  }

  private async loadCompanies(rows: ReadRow[]): Promise<void> {
    const names = [...new Set(rows.map((row) => row.companyName?.toLowerCase()).filter((name): name is string => !!name))];
    if (!names.length) return;
    const query = this.manager
      .getRepository(Company)
      .createQueryBuilder('co')
      .select(['co.id', 'co.name'])
      .where('co.deletedAt IS NULL AND lower(co.name) IN (:...names)', { names })
      .orderBy('co.createdAt', 'DESC');
    // The oldest company of a name wins, as the last one written into the map.
    for (const company of await scopeToActor(query, this.context.actor, 'company', 'read').getMany()) {
      this.companies.set(company.name.toLowerCase(), company.id);
    }
  }

  private mayOwn(action: 'create' | 'update', ownerId: string, ownerTeamId: string | null): boolean {
    return withinLevel(levelFor(this.context.actor, this.context.target.entity, action), this.context.actor, { ownerId, ownerTeamId });
  }

  /** Decides what one valid row does: create a record, skip a duplicate, update one, or fail with a reason. */
  private plan(row: FileRow & ReadRow): void {
    const { target, policy, actor } = this.context;
    const values = { ...row.values };
    let owner: { id: string; teamId: string | null } | undefined;
    if (row.ownerEmail) {
      owner = this.users.get(row.ownerEmail);
      if (!owner) return this.fail(row, `owner: no active user has the email ${row.ownerEmail}`);
      values.ownerId = owner.id;
    }
    if (row.companyName) {
      const companyId = this.companies.get(row.companyName.toLowerCase());
      if (!companyId) return this.fail(row, `company: no company named "${row.companyName}" within your reach; import the companies first`);
      values.companyId = companyId;
    }

    const duplicate = policy === 'create' ? undefined : keysOf(target, values).map((key) => this.keyIndex.get(key)).find(Boolean);
    if (!duplicate) {
      const missing = target.required(values);
      if (missing.length) return this.fail(row, describeErrors(missing));
      owner ??= { id: actor.userId, teamId: actor.teamId };
      if (!this.mayOwn('create', owner.id, owner.teamId)) return this.fail(row, `owner: you may not make ${row.ownerEmail} the owner of a ${target.entity}`);
      const planned = { id: randomUUID(), before: null, values: { ...target.defaults, ...values, ownerId: owner.id } };
      this.planned.add(planned);
      this.index(planned);
      this.result.created += 1;
      return;
    }
    if (policy === 'skip') {
      this.result.skipped += 1;
      return;
    }
    if (duplicate.before) {
      const currentOwner = duplicate.before.ownerId;
      if (!currentOwner || !this.mayOwn('update', currentOwner, this.userTeams.get(currentOwner) ?? null)) {
        return this.fail(row, `duplicate: matches ${target.entity} ${duplicate.id}, which you may not change`);
      }
    }
    if (owner && owner.id !== duplicate.values.ownerId && !this.mayOwn(duplicate.before ? 'update' : 'create', owner.id, owner.teamId)) {
      return this.fail(row, `owner: you may not make ${row.ownerEmail} the owner of a ${target.entity}`);
    }
    this.planned.add(duplicate);
    duplicate.values = this.merge(duplicate.values, values);
    this.index(duplicate);
    this.result.updated += 1;
  }

  /** A row's values over a record's: filled cells replace, emails, phones and tags add, address parts replace one by one. */
  private merge(current: Values, incoming: Values): Values {
    const next: Values = { ...current };
    const region = this.context.phoneRegion;
    const union = (list: string, key: (value: string) => string) => {
      const seen = new Set(((current[list] as { value: string }[] | undefined) ?? []).map((item) => key(item.value)));
      const added = ((incoming[list] as { value: string }[] | undefined) ?? []).filter((item) => !seen.has(key(item.value)));
      next[list] = [...((current[list] as unknown[] | undefined) ?? []), ...added];
    };
    for (const [field, value] of Object.entries(incoming)) {
      if (value === undefined || field.endsWith('Normalized')) continue;
      if (field === 'emails') union('emails', normalizeEmail);
      else if (field === 'phones') union('phones', (phone) => normalizePhone(phone, region) ?? phone);
      else if (field === 'tags') next.tags = [...new Set([...((current.tags as string[] | undefined) ?? []), ...(value as string[])])];
      else if (field === 'address') next.address = { ...((current.address as object | null) ?? {}), ...(value as object) };
      else next[field] = value;
    }
    const taxId = 'taxIdNormalized' in current ? { taxId: (next.taxId as string | null | undefined) ?? null } : {};
    return { ...next, ...clientRecordKeys({ emails: next.emails as { value: string }[], phones: next.phones as { value: string }[], ...taxId }, region) };
  }

  private async save(): Promise<void> {
    const { target, actor, audit } = this.context;
    const inserts = [...this.planned].filter((planned) => !planned.before);
    const updates = [...this.planned].filter(
      (planned) => planned.before && canonical(planned.values) !== canonical(this.columnsOf(planned.before)),
    );
    const after = new Map<string, OwnedRecord>();
    if (inserts.length) {
      const rows = inserts.map((planned) => ({ ...planned.values, id: planned.id, createdById: actor.userId }));
      for (const record of await this.writeRows('insert', rows)) after.set(record.id, record);
    }
    if (updates.length) {
      for (const record of await this.writeRows('update', updates.map((planned) => ({ ...planned.values, id: planned.id })))) after.set(record.id, record);
    }
    const changes: AuditedChange[] = [...inserts, ...updates].map((planned) => ({
      entityId: planned.id,
      action: planned.before ? 'update' : 'create',
      before: planned.before ? target.snapshot(planned.before) : {},
      after: target.snapshot(after.get(planned.id)!),
    }));
    await audit.recordMany(this.manager, actor, target.entity, changes);
  }

  /**
   * One INSERT … SELECT or UPDATE … FROM over `jsonb_to_recordset` of the whole batch: a single parameter whatever the
   * number of rows, typed by the entity's column metadata. Answers the records as written, for the audit log: an insert
   * reads back only what the database filled in (generated columns, defaults), an update everything.
   */
  private async writeRows(kind: 'insert' | 'update', rows: Values[]): Promise<OwnedRecord[]> {
    const metadata = this.manager.connection.getMetadata(this.context.target.record);
    const columns = ['id', ...(kind === 'insert' ? ['createdById'] : []), ...this.context.target.columns].map(
      (property) => metadata.findColumnWithPropertyName(property)!,
    );
    const definitions = columns.map((column) => `"${column.databaseName}" ${String(column.type)}${column.isArray ? '[]' : ''}`).join(', ');
    const records = JSON.stringify(
      rows.map((row) => {
        const record: ObjectLiteral = {};
        for (const column of columns) record[column.databaseName] = row[column.propertyName] ?? null;
        return record;
      }),
    );
    const names = columns.map((column) => `"${column.databaseName}"`);
    const source = `jsonb_to_recordset($1::jsonb) AS r(${definitions})`;
    const given = kind === 'insert' ? columns.filter((column) => column.propertyName !== 'id') : [];
    const returned = metadata.columns.filter((column) => !given.includes(column));
    const returning = returned.map((column) => `t."${column.databaseName}"`).join(', ');
    const written: ObjectLiteral[] =
      kind === 'insert'
        ? await this.manager.query(
            `INSERT INTO ${metadata.tableName} AS t (${names.join(', ')}) SELECT ${names.map((name) => `r.${name}`).join(', ')} FROM ${source} RETURNING ${returning}`,
            [records],
          )
        : (
            await this.manager.query(
              `UPDATE ${metadata.tableName} AS t SET ${names.filter((name) => name !== '"id"').map((name) => `${name} = r.${name}`).join(', ')},
                 version = t.version + 1, updated_at = now() FROM ${source} WHERE t.id = r.id RETURNING ${returning}`,
              [records],
            )
          )[0];
    const sent = new Map(rows.map((row) => [row.id as string, row]));
    // The driver already parses dates, arrays and JSON; the entity only needs property names for column names.
    return written.map((raw) => {
      const record = metadata.create() as OwnedRecord;
      for (const column of given) column.setEntityValue(record, sent.get(raw.id as string)![column.propertyName] ?? null);
      for (const column of returned) column.setEntityValue(record, raw[column.databaseName]);
      return record;
    });
  }
}
