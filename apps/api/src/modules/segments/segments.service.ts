import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { levelFor } from '../../core/access/access.js';
import type { Actor } from '../../core/auth/actor.js';
import { AuthException } from '../../core/auth/auth.errors.js';
import { DomainException, RecordException } from '../../core/http/domain-exception.js';
import { ValidationFailedException } from '../../core/http/validation.js';
import { paginate, parseSort, type SortableFields } from '../../core/list/cursor-list.js';
import {
  type CreateSegmentDto,
  type ListSegmentsQueryDto,
  type SegmentDto,
  type SegmentPageDto,
  toSegmentDto,
  type UpdateSegmentDto,
} from './dto/segment.dto.js';
import { RecordSelections, type SelectionQuery } from './record-selections.js';
import { Segment, type SegmentEntity } from './segment.entity.js';
import { parseListFilter, reportedUnder, storedFilter } from './segment-filters.js';

const SORTABLE: SortableFields<Segment> = { name: { column: 's.name', value: (segment) => segment.name } };

/**
 * Saved list filters. A segment is seen by its owner and, with `team` visibility, by the owner's current team; only
 * the owner changes or deletes it. Counts and bulk actions run its filter with the reader's own access level, so a
 * shared segment never reveals a record its reader could not list.
 */
@Injectable()
export class SegmentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly selections: RecordSelections,
  ) {}

  async listSegments(actor: Actor, query: ListSegmentsQueryDto): Promise<SegmentPageDto> {
    assertMayRead(actor, query.entity);
    const segments = this.visible(actor).andWhere('s.entity = :entity', { entity: query.entity });
    const page = await paginate(segments, {
      sort: parseSort(undefined, SORTABLE, 'name'),
      tieBreaker: { column: 's.id', cast: 'uuid', value: (segment) => segment.id },
      limit: query.limit,
      cursor: query.cursor,
    });
    const counts = query.withCounts ? await Promise.all(page.items.map((segment) => this.countOrNull(actor, segment))) : [];
    return { items: page.items.map((segment, index) => toSegmentDto(segment, counts[index])), nextCursor: page.nextCursor };
  }

  async createSegment(actor: Actor, dto: CreateSegmentDto): Promise<SegmentDto> {
    assertMayRead(actor, dto.entity);
    const filter = await this.checkedFilter(actor, dto.entity, dto.filter);
    const result = await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(Segment)
      // TypeORM's insert typing cannot express a JSON column of unknown values.
      .values({ entity: dto.entity, name: dto.name, visibility: dto.visibility ?? 'private', ownerId: actor.userId, filter: filter as never })
      .returning('id')
      .updateEntity(false)
      .execute();
    const id = (result.raw as { id: string }[])[0]!.id;
    return toSegmentDto(await this.dataSource.getRepository(Segment).findOneByOrFail({ id }));
  }

  async updateSegment(actor: Actor, id: string, dto: UpdateSegmentDto, ifMatch?: number): Promise<SegmentDto> {
    const { version = ifMatch, filter, ...changes } = dto;
    if (version === undefined) throw RecordException.versionRequired();
    return this.dataSource.transaction(async (manager) => {
      const before = await this.lockOwn(manager, actor, id);
      if (before.version !== version) throw RecordException.stale('segment', before.version);
      const values = filter === undefined ? changes : { ...changes, filter: (await this.checkedFilter(actor, before.entity, filter)) as never };
      await manager.createQueryBuilder().update(Segment).set(values).where('id = :id AND version = :version', { id, version }).execute();
      return toSegmentDto(await manager.findOneByOrFail(Segment, { id }));
    });
  }

  async deleteSegment(actor: Actor, id: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.lockOwn(manager, actor, id);
      await manager.delete(Segment, { id });
    });
  }

  /** The list query of a segment the actor sees, to select records by it; 404 for one out of sight. */
  async queryOf(actor: Actor, id: string, entity: SegmentEntity): Promise<SelectionQuery> {
    const segment = await this.visible(actor).andWhere('s.id = :id AND s.entity = :entity', { id, entity }).getOne();
    if (!segment) throw RecordException.notFound('segment');
    return parseListFilter(this.selections.of(entity).listQuery, segment.filter, 'segment.filter');
  }

  /** Validates a filter like the list does, custom field filters included, and keeps what is worth storing. */
  private async checkedFilter(actor: Actor, entity: SegmentEntity, filter: Record<string, unknown>): Promise<Record<string, unknown>> {
    const selection = this.selections.of(entity);
    const query = await parseListFilter(selection.listQuery, filter, 'filter');
    await reportedUnder('filter', () => selection.matching(actor, 'read', query));
    return storedFilter(query);
  }

  /** How many records the segment matches for this reader; null once its filter no longer applies. */
  private async countOrNull(actor: Actor, segment: Segment): Promise<number | null> {
    const selection = this.selections.of(segment.entity);
    try {
      const query = await parseListFilter(selection.listQuery, segment.filter, 'filter');
      return await (await selection.matching(actor, 'read', query)).getCount();
    } catch (error) {
      if (error instanceof ValidationFailedException || (error instanceof DomainException && error.status === 400)) return null;
      throw error;
    }
  }

  private visible(actor: Actor, manager: EntityManager = this.dataSource.manager): SelectQueryBuilder<Segment> {
    return manager
      .getRepository(Segment)
      .createQueryBuilder('s')
      .where(
        `(s.ownerId = :segmentReader OR (s.visibility = 'team' AND s.ownerId IN (SELECT seg_u.id FROM users seg_u WHERE seg_u.team_id = :segmentTeam)))`,
        { segmentReader: actor.userId, segmentTeam: actor.teamId },
      );
  }

  private async lockOwn(manager: EntityManager, actor: Actor, id: string): Promise<Segment> {
    // Team members see a shared segment but may not change it: for them it is out of reach like a missing one.
    const segment = await manager
      .getRepository(Segment)
      .createQueryBuilder('s')
      .where('s.id = :id AND s.ownerId = :ownerId', { id, ownerId: actor.userId })
      .setLock('pessimistic_write')
      .getOne();
    if (!segment) throw RecordException.notFound('segment');
    return segment;
  }
}

function assertMayRead(actor: Actor, entity: SegmentEntity): void {
  if (levelFor(actor, entity, 'read') === 'none') throw new AuthException('permission_denied', `Your role may not read ${entity} records.`);
}
