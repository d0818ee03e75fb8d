import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { assertAssignableOwner, levelFor } from '../../core/access/access.js';
import type { Actor } from '../../core/auth/actor.js';
import { AuthException } from '../../core/auth/auth.errors.js';
import { ValidationFailedException } from '../../core/http/validation.js';
import type { OwnedRecord } from '../../core/records/owned-record.entity.js';
import type { OwnedRecords } from '../../core/records/owned-records.js';
import type { BulkActionResultDto, BulkAction, BulkCompaniesDto, BulkContactsDto, BulkDealsDto } from './dto/bulk-action.dto.js';
import { RecordSelections, type SelectionQuery } from './record-selections.js';
import type { SegmentEntity } from './segment.entity.js';
import { SegmentsService } from './segments.service.js';

/** Records per transaction: big enough to be quick, small enough not to hold locks on a whole table. */
const BATCH_SIZE = 200;

type BulkBody = BulkContactsDto | BulkCompaniesDto | BulkDealsDto;
type Operation = Parameters<OwnedRecords<OwnedRecord>['writeMany']>[2];

function required(field: string, action: BulkAction): ValidationFailedException {
  return new ValidationFailedException([{ field, messages: [`${field} is required for ${action}`], codes: ['required'] }]);
}

const SELECTIONS = ['ids', 'filter', 'segmentId'] as const;

/** The records are named one way only, so that no request is read two ways. */
function assertOneSelection(body: BulkBody): void {
  if (SELECTIONS.filter((key) => body[key] !== undefined).length !== 1) {
    throw new ValidationFailedException(
      SELECTIONS.map((field) => ({ field, messages: ['send exactly one of ids, filter and segmentId'], codes: ['selectionRequired'] })),
    );
  }
}

/** What the action does to each record; its change is null for a record that already is as asked. */
function operationOf(body: BulkBody): Operation {
  const { action, ownerId, tags } = body;
  switch (action) {
    case 'delete':
      return { action: 'delete' };
    case 'assignOwner':
      if (!ownerId) throw required('ownerId', action);
      return { action: 'update', change: (record) => (record.ownerId === ownerId ? null : { ownerId }) };
    case 'addTags':
    case 'removeTags': {
      if (!tags?.length) throw required('tags', action);
      return {
        action: 'update',
        change: (record) => {
          const next = action === 'addTags' ? [...new Set([...record.tags, ...tags])] : record.tags.filter((tag) => !tags.includes(tag));
          return next.length === record.tags.length ? null : { tags: next };
        },
      };
    }
  }
}

/**
 * Changes many contacts or companies at once: those named by id, or all a filter or saved segment shows the actor.
 * Each batch is one transaction with an audit entry per changed record; a record outside the actor's level for the
 * action (update for owner and tags, delete for delete) is never touched and counts as skipped.
 */
@Injectable()
export class BulkActionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly selections: RecordSelections,
    private readonly segments: SegmentsService,
  ) {}

  async bulkUpdate(actor: Actor, entity: SegmentEntity, body: BulkBody): Promise<BulkActionResultDto> {
    assertOneSelection(body);
    const operation = operationOf(body);
    if (levelFor(actor, entity, operation.action) === 'none') {
      throw new AuthException('permission_denied', `Your role may not ${operation.action} ${entity} records.`);
    }
    // The new owner is checked once, like a single update checks it: a rep may only hand records to themselves.
    if (body.action === 'assignOwner') await assertAssignableOwner(this.dataSource.manager, actor, entity, 'update', body.ownerId!);
    const records = this.selections.of(entity).records;
    const result: BulkActionResultDto = { matched: 0, changed: 0, unchanged: 0, skipped: 0 };
    for await (const ids of this.batches(actor, entity, body)) {
      const batch = await records.writeMany(actor, ids, operation);
      result.matched += ids.length;
      result.changed += batch.changed;
      result.unchanged += batch.unchanged;
      result.skipped += batch.skipped;
    }
    return result;
  }

  /** The selected ids, a batch at a time. */
  private async *batches(actor: Actor, entity: SegmentEntity, body: BulkBody): AsyncGenerator<string[]> {
    if (body.ids) {
      const ids = [...new Set(body.ids)];
      for (let start = 0; start < ids.length; start += BATCH_SIZE) yield ids.slice(start, start + BATCH_SIZE);
      return;
    }
    const query: SelectionQuery = body.filter ?? (await this.segments.queryOf(actor, body.segmentId!, entity));
    yield* this.matchingIds(actor, entity, query);
  }

  /** What the list shows the actor for `query`, in id order, resumed after the last id of each batch. */
  private async *matchingIds(actor: Actor, entity: SegmentEntity, query: SelectionQuery): AsyncGenerator<string[]> {
    const matching = await this.selections.of(entity).matching(actor, 'read', { ...query, deleted: 'exclude' });
    const alias = matching.alias;
    let after: string | null = null;
    for (;;) {
      const batch = matching.clone().select(`${alias}.id`, 'id').orderBy(`${alias}.id`).limit(BATCH_SIZE);
      if (after) batch.andWhere(`${alias}.id > :bulkAfter`, { bulkAfter: after });
      const ids = (await batch.getRawMany<{ id: string }>()).map((row) => row.id);
      if (ids.length) yield ids;
      if (ids.length < BATCH_SIZE) return;
      after = ids.at(-1)!;
    }
  }
}
