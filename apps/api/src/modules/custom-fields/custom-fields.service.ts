import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { assertMayReadSettingsOf } from '../../core/access/access.js';
import { type AuditSnapshot, AuditService } from '../../core/audit/audit.service.js';
import type { Actor } from '../../core/auth/actor.js';
import { TtlCache } from '../../core/auth/ttl-cache.js';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config.js';
import { RecordException } from '../../core/http/domain-exception.js';
import { ValidationFailedException } from '../../core/http/validation.js';
import { CustomField } from './custom-field.entity.js';
import { CUSTOM_FIELD_TABLES, createCustomFieldIndexes, dropCustomFieldIndexes } from './custom-field-indexes.js';
import { CustomFieldSet } from './custom-field-set.js';
import type { CustomFieldEntity, CustomFieldType } from './custom-field-values.js';
import { CustomFieldException } from './custom-fields.errors.js';
import {
  type CreateCustomFieldDto,
  type CustomFieldDto,
  type CustomFieldListDto,
  type CustomFieldOptionDto,
  type ListCustomFieldsQueryDto,
  MAX_CUSTOM_FIELDS,
  type ReorderCustomFieldsDto,
  toCustomFieldDto,
  type UpdateCustomFieldDto,
} from './dto/custom-field.dto.js';

const CHOICE_TYPES: readonly CustomFieldType[] = ['select', 'multi-select'];

/** What the audit log keeps of a definition (under entity `settings`). */
function snapshot(field: CustomField): AuditSnapshot {
  const { entity, key, type, labels, required, position, options, active } = field;
  return { entity, key, type, labels, required, position, options, active };
}

/** Select types need their choices; the other types take none. */
function assertOptionsFit(type: CustomFieldType, options: CustomFieldOptionDto[]): void {
  const choice = CHOICE_TYPES.includes(type);
  if (choice && options.length === 0) {
    throw new ValidationFailedException([{ field: 'options', messages: [`a ${type} field needs at least one option`], codes: ['arrayNotEmpty'] }]);
  }
  if (!choice && options.length > 0) {
    throw new ValidationFailedException([{ field: 'options', messages: [`a ${type} field takes no options`], codes: ['optionsNotAllowed'] }]);
  }
}

/**
 * Definitions of custom fields, administered under the `settings` permission, and the values they govern on
 * contacts and companies. Deleting a definition deletes its values too (each record's old value stays in its audit
 * history); deactivating one hides it and keeps the values.
 */
@Injectable()
export class CustomFieldsService {
  private readonly logger = new Logger('CustomFieldsService');
  /**
   * Every list and write of a record reads its entity's definitions; they change rarely, so each instance keeps them a
   * few seconds (like roles) and drops them at once when it changes them itself.
   */
  private readonly fieldSets = new TtlCache<CustomFieldSet>(5_000);

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Whoever may read the records may read their fields' definitions: forms and lists need them. */
  async listCustomFields(actor: Actor, query: ListCustomFieldsQueryDto): Promise<CustomFieldListDto> {
    assertMayReadSettingsOf(actor, query.entity);
    return { items: (await this.definitions(query.entity)).map(toCustomFieldDto) };
  }

  async createCustomField(actor: Actor, dto: CreateCustomFieldDto): Promise<CustomFieldDto> {
    assertOptionsFit(dto.type, dto.options ?? []);
    const field = await this.dataSource.transaction(async (manager) => {
      // One creation per entity at a time, so that the limit holds.
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`custom_fields:${dto.entity}`]);
      const [{ count, last }] = (await manager.query(
        'SELECT count(*)::int AS count, max(position) AS last FROM custom_fields WHERE entity = $1',
        [dto.entity],
      )) as [{ count: number; last: number | null }];
      if (count >= MAX_CUSTOM_FIELDS) throw CustomFieldException.limit(MAX_CUSTOM_FIELDS);
      const result = await manager
        .createQueryBuilder()
        .insert()
        .into(CustomField)
        .values({
          entity: dto.entity,
          key: dto.key,
          type: dto.type,
          labels: dto.labels,
          required: dto.required ?? false,
          position: dto.position ?? (last ?? -1) + 1,
          options: dto.options ?? [],
          active: dto.active ?? true,
        } as never)
        // The unique index on (entity, key) decides, also between concurrent requests.
        .orIgnore()
        .returning('id')
        .updateEntity(false)
        .execute();
      const id = (result.raw as { id: string }[])[0]?.id;
      if (!id) throw CustomFieldException.keyTaken(dto.key);
      const created = await manager.findOneByOrFail(CustomField, { id });
      await this.audit.record(manager, actor, 'settings', id, 'create', {}, snapshot(created));
      return created;
    });
    this.fieldSets.forget(field.entity);
    await createCustomFieldIndexes(this.dataSource, field).catch((error: unknown) =>
      this.logger.warn({ err: error, field: field.key }, 'Index of a custom field not built; sorting by it stays slow'),
    );
    return toCustomFieldDto(field);
  }

  async updateCustomField(actor: Actor, id: string, dto: UpdateCustomFieldDto, ifMatch?: number): Promise<CustomFieldDto> {
    const { version = ifMatch, ...changes } = dto;
    if (version === undefined) throw RecordException.versionRequired();
    const after = await this.dataSource.transaction(async (manager) => {
      const before = await this.lock(manager, id);
      if (before.version !== version) throw RecordException.stale('custom field', before.version);
      if (changes.options !== undefined) assertOptionsFit(before.type, changes.options);
      await manager
        .createQueryBuilder()
        .update(CustomField)
        .set(changes as never)
        .where('id = :id AND version = :version', { id, version })
        .execute();
      const after = await manager.findOneByOrFail(CustomField, { id });
      await this.audit.record(manager, actor, 'settings', id, 'update', snapshot(before), snapshot(after));
      return after;
    });
    this.fieldSets.forget(after.entity);
    return toCustomFieldDto(after);
  }

  /**
   * Deletes the definition and its values from every record (trashed ones included) in one transaction, with an
   * audit entry per record that held a value, so that the old value stays readable in the record's history.
   */
  async deleteCustomField(actor: Actor, id: string, ifMatch?: number): Promise<void> {
    const field = await this.dataSource.transaction(async (manager) => {
      const field = await this.lock(manager, id);
      if (ifMatch !== undefined && field.version !== ifMatch) throw RecordException.stale('custom field', field.version);
      const table = CUSTOM_FIELD_TABLES[field.entity];
      // The jsonpath test is answered by the GIN index on `custom`.
      const held: { id: string; value: unknown }[] = await manager.query(
        `SELECT id, custom -> $1 AS value FROM ${table} WHERE custom @? CAST($2 AS jsonpath) ORDER BY id FOR UPDATE`,
        [field.key, `$."${field.key}"`],
      );
      if (held.length) {
        // The version bump makes edits opened before the removal conflict instead of writing the value back.
        await manager.query(`UPDATE ${table} SET custom = custom - $1, version = version + 1 WHERE id = ANY($2)`, [
          field.key,
          held.map((record) => record.id),
        ]);
        await this.audit.recordMany(
          manager,
          actor,
          field.entity,
          held.map((record) => ({ entityId: record.id, action: 'update', before: { [`custom.${field.key}`]: record.value }, after: {} })),
        );
      }
      await manager.delete(CustomField, { id });
      await this.audit.record(manager, actor, 'settings', id, 'delete', snapshot(field), {});
      return field;
    });
    this.fieldSets.forget(field.entity);
    await dropCustomFieldIndexes(this.dataSource, field);
  }

  /** Puts the fields of an entity in the order of `ids`, which must name each of them once. */
  async reorderCustomFields(actor: Actor, dto: ReorderCustomFieldsDto): Promise<CustomFieldListDto> {
    const list = await this.dataSource.transaction(async (manager) => {
      const fields = await manager
        .getRepository(CustomField)
        .createQueryBuilder('f')
        .where('f.entity = :entity', { entity: dto.entity })
        .setLock('pessimistic_write')
        .getMany();
      const known = new Set(fields.map((field) => field.id));
      if (fields.length !== dto.ids.length || !dto.ids.every((fieldId) => known.has(fieldId))) {
        throw new ValidationFailedException([
          { field: 'ids', messages: [`ids must list each of the ${fields.length} fields of the ${dto.entity} once`], codes: ['arrayComplete'] },
        ]);
      }
      for (const field of fields) {
        const position = dto.ids.indexOf(field.id);
        if (position === field.position) continue;
        await manager.update(CustomField, { id: field.id }, { position });
        await this.audit.record(manager, actor, 'settings', field.id, 'update', { position: field.position }, { position });
      }
      return { items: (await this.definitions(dto.entity, manager)).map(toCustomFieldDto) };
    });
    this.fieldSets.forget(dto.entity);
    return list;
  }

  /**
   * The fields of `entity`, to check the values of a write and to filter and sort a list. Another instance's change
   * reaches this one within the cache's few seconds.
   */
  fieldSet(entity: CustomFieldEntity): Promise<CustomFieldSet> {
    return this.fieldSets.get(entity, async () => new CustomFieldSet(await this.definitions(entity), this.config.defaultPhoneRegion));
  }

  private definitions(entity: CustomFieldEntity, manager: EntityManager = this.dataSource.manager): Promise<CustomField[]> {
    return manager
      .getRepository(CustomField)
      .createQueryBuilder('f')
      .where('f.entity = :entity', { entity })
      .orderBy('f.position', 'ASC')
      .addOrderBy('f.id', 'ASC')
      .getMany();
  }

  private async lock(manager: EntityManager, id: string): Promise<CustomField> {
    const field = await manager.getRepository(CustomField).createQueryBuilder('f').where('f.id = :id', { id }).setLock('pessimistic_write').getOne();
    if (!field) throw RecordException.notFound('custom field');
    return field;
  }
}
