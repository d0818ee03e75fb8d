import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { levelFor } from '../../core/access/access.js';
import { AuditService, type AuditSnapshot } from '../../core/audit/audit.service.js';
import type { Actor } from '../../core/auth/actor.js';
import { AuthException } from '../../core/auth/auth.errors.js';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config.js';
import { RecordException } from '../../core/http/domain-exception.js';
import { ValidationFailedException } from '../../core/http/validation.js';
import type { OwnedRecord } from '../../core/records/owned-record.entity.js';
import { OwnedRecords } from '../../core/records/owned-records.js';
import { RECORD_LINKS } from '../../core/records/record-links.js';
import { snapshot as companySnapshot } from '../companies/companies.service.js';
import { Company } from '../companies/company.entity.js';
import { type CompanyDto, toCompanyDto } from '../companies/dto/company.dto.js';
import { Contact } from '../contacts/contact.entity.js';
import { snapshot as contactSnapshot } from '../contacts/contacts.service.js';
import { type ContactDto, toContactDto } from '../contacts/dto/contact.dto.js';
import { DUPLICATE_KINDS, type DuplicateEntity } from './duplicate-kinds.js';
import type { MergeRecordsDto } from './dto/duplicates.dto.js';
import { mergedValues } from './merged-values.js';

interface Mergeable<T extends OwnedRecord> {
  entity: DuplicateEntity;
  target: new () => T;
  records: OwnedRecords<T>;
  snapshot: (record: T) => AuditSnapshot;
}

/**
 * Merges one client record (the source) into another (the target) in one transaction: the target takes what it lacks
 * from the source, every link registered in RECORD_LINKS moves to it, the source goes to the trash, and both get
 * their audit entries. Needs update rights on the target and delete rights on the source.
 */
@Injectable()
export class MergeService {
  private readonly contacts: Mergeable<Contact>;
  private readonly companies: Mergeable<Company>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    const mergeable = <T extends OwnedRecord>(entity: DuplicateEntity, target: new () => T, snapshot: (record: T) => AuditSnapshot) => ({
      entity,
      target,
      records: new OwnedRecords(dataSource, audit, { entity, target, snapshot }),
      snapshot,
    });
    this.contacts = mergeable('contact', Contact, contactSnapshot);
    this.companies = mergeable('company', Company, companySnapshot);
  }

  async mergeContact(actor: Actor, id: string, dto: MergeRecordsDto): Promise<ContactDto> {
    return toContactDto(await this.merge(actor, this.contacts, id, dto));
  }

  async mergeCompany(actor: Actor, id: string, dto: MergeRecordsDto): Promise<CompanyDto> {
    return toCompanyDto(await this.merge(actor, this.companies, id, dto));
  }

  private async merge<T extends OwnedRecord>(actor: Actor, kind: Mergeable<T>, targetId: string, dto: MergeRecordsDto): Promise<T> {
    const { entity } = kind;
    if (dto.sourceId === targetId) {
      throw new ValidationFailedException([{ field: 'sourceId', messages: ['sourceId must name another record than the one that stays'], codes: ['sameRecord'] }]);
    }
    if (levelFor(actor, entity, 'delete') === 'none') {
      throw new AuthException('permission_denied', `Your role may not delete ${entity} records, which a merge does to the second one.`);
    }
    return this.dataSource.transaction(async (manager) => {
      // Both rows locked in id order, so that two merges of the same pair wait for each other instead of deadlocking.
      await manager.query(`SELECT id FROM ${DUPLICATE_KINDS[entity].table} WHERE id = ANY($1) ORDER BY id FOR UPDATE`, [[targetId, dto.sourceId]]);
      const target = await this.reachable(manager, actor, kind, 'update', targetId);
      const source = await this.reachable(manager, actor, kind, 'delete', dto.sourceId);
      if (dto.version !== undefined && target.version !== dto.version) throw RecordException.stale(entity, target.version);

      const repository = manager.getRepository(kind.target);
      const fields = repository.metadata.columns.filter((column) => column.isUpdate).map((column) => column.propertyName);
      const values = mergedValues(fields, target as unknown as Record<string, unknown>, source as unknown as Record<string, unknown>, this.config.defaultPhoneRegion);
      await this.write(manager, kind, targetId, values);
      await this.moveLinks(manager, entity, dto.sourceId, targetId);
      await this.write(manager, kind, dto.sourceId, { deletedAt: () => 'now()' });

      const merged = await repository.findOneByOrFail({ id: targetId } as never);
      const trashed = await repository.findOneByOrFail({ id: dto.sourceId } as never);
      await this.audit.record(manager, actor, entity, targetId, 'merge', kind.snapshot(target), { ...kind.snapshot(merged), mergedFrom: dto.sourceId });
      await this.audit.record(
        manager,
        actor,
        entity,
        dto.sourceId,
        'delete',
        { ...kind.snapshot(source), deletedAt: null },
        { ...kind.snapshot(trashed), deletedAt: trashed.deletedAt, mergedInto: targetId },
      );
      return merged;
    });
  }

  /** The live record if it lies within the actor's level for `action`; 404 otherwise, as if it did not exist. */
  private async reachable<T extends OwnedRecord>(manager: EntityManager, actor: Actor, kind: Mergeable<T>, action: 'update' | 'delete', id: string): Promise<T> {
    const record = await kind.records.query(actor, action, 'r', 'exclude', manager).andWhere('r.id = :id', { id }).getOne();
    if (!record) throw RecordException.notFound(kind.entity);
    return record;
  }

  private async write<T extends OwnedRecord>(manager: EntityManager, kind: Mergeable<T>, id: string, values: Record<string, unknown>): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(kind.target)
      // The values are columns of T by construction (mergedValues works from T's own column list).
      .set({ ...values, version: () => 'version + 1', updatedAt: () => 'now()' } as QueryDeepPartialEntity<T>)
      .where('id = :id', { id })
      .execute();
  }

  /** Points every registered link at the source to the target instead. */
  private async moveLinks(manager: EntityManager, entity: DuplicateEntity, sourceId: string, targetId: string): Promise<void> {
    const quote = (name: string) => manager.connection.driver.escape(name);
    for (const link of RECORD_LINKS.filter((candidate) => candidate.target === entity)) {
      if (link.uniqueWith) {
        // Rows linking both records to the same thing would collide once moved: the target's row stays.
        const [table, column, other] = [quote(link.table), quote(link.column), quote(link.uniqueWith.column)];
        if (link.uniqueWith.keepLowest) {
          const lowest = quote(link.uniqueWith.keepLowest);
          await manager.query(
            `UPDATE ${table} kept SET ${lowest} = LEAST(kept.${lowest}, gone.${lowest}) FROM ${table} gone
             WHERE kept.${column} = $1 AND gone.${column} = $2 AND gone.${other} = kept.${other}`,
            [targetId, sourceId],
          );
        }
        await manager.query(
          `DELETE FROM ${table} gone USING ${table} kept WHERE gone.${column} = $2 AND kept.${column} = $1 AND kept.${other} = gone.${other}`,
          [targetId, sourceId],
        );
      }
      const kind = link.kindColumn ? ` AND ${quote(link.kindColumn)} = $3` : '';
      await manager.query(
        `UPDATE ${quote(link.table)} SET ${quote(link.column)} = $1 WHERE ${quote(link.column)} = $2${kind}`,
        link.kindColumn ? [targetId, sourceId, entity] : [targetId, sourceId],
      );
    }
  }
}
