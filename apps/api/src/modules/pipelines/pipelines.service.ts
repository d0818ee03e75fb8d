import { Injectable } from '@nestjs/common';
import { assertMayReadSettingsOf } from '../../core/access/access.js';
import { DataSource, type EntityManager } from 'typeorm';
import { type AuditedChange, type AuditSnapshot, AuditService } from '../../core/audit/audit.service.js';
import type { Actor } from '../../core/auth/actor.js';
import { RecordException } from '../../core/http/domain-exception.js';
import { ValidationFailedException } from '../../core/http/validation.js';
import {
  type CreatePipelineDto,
  type CreateStageDto,
  MAX_PIPELINES,
  MAX_STAGES,
  type NewStageDto,
  type PipelineDto,
  type PipelineListDto,
  type PipelineStageDto,
  type ReorderPipelinesDto,
  type ReorderStagesDto,
  toPipelineDto,
  toPipelineStageDto,
  type UpdatePipelineDto,
  type UpdateStageDto,
} from './dto/pipeline.dto.js';
import { Pipeline } from './pipeline.entity.js';
import { PipelineStage, type StageKind } from './pipeline-stage.entity.js';
import { PipelineException } from './pipelines.errors.js';
import { isUniqueViolation } from '../../core/database/unique-violation.js';

/** A pipeline with its stages by position. */
export interface PipelineWithStages {
  pipeline: Pipeline;
  stages: PipelineStage[];
}

const DEFAULT_PROBABILITY: Record<StageKind, number> = { open: 10, won: 100, lost: 0 };
const DEFAULT_COLOR: Record<StageKind, string> = { open: '#64748b', won: '#16a34a', lost: '#dc2626' };

/** The stages of a pipeline created without any: the funnel most sales teams start from. */
const DEFAULT_STAGES: Required<NewStageDto>[] = [
  { name: 'Qualification', color: '#64748b', probability: 10, kind: 'open' },
  { name: 'Needs analysis', color: '#0ea5e9', probability: 25, kind: 'open' },
  { name: 'Proposal', color: '#8b5cf6', probability: 50, kind: 'open' },
  { name: 'Negotiation', color: '#f59e0b', probability: 75, kind: 'open' },
  { name: 'Won', color: '#16a34a', probability: 100, kind: 'won' },
  { name: 'Lost', color: '#dc2626', probability: 0, kind: 'lost' },
];

/** What the audit log keeps of a pipeline and a stage (under entity `settings`). */
function pipelineSnapshot(pipeline: Pipeline): AuditSnapshot {
  return { setting: 'pipeline', name: pipeline.name, position: pipeline.position };
}

function stageSnapshot(stage: PipelineStage): AuditSnapshot {
  return {
    setting: 'pipeline_stage',
    pipelineId: stage.pipelineId,
    name: stage.name,
    position: stage.position,
    color: stage.color,
    probability: stage.probability,
    kind: stage.kind,
  };
}

function stageColumns(stage: NewStageDto, pipelineId: string, position: number): Partial<PipelineStage> {
  const kind = stage.kind ?? 'open';
  return {
    pipelineId,
    name: stage.name,
    position,
    color: stage.color ?? DEFAULT_COLOR[kind],
    probability: stage.probability ?? DEFAULT_PROBABILITY[kind],
    kind,
  };
}

function mapNameTaken(name: string | undefined) {
  return (error: unknown): never => {
    if (name !== undefined && isUniqueViolation(error, 'pipelines_name_key')) throw PipelineException.nameTaken(name);
    throw error;
  };
}

/** 400 unless `ids` names each of `rows` exactly once. */
function assertCompleteOrder(ids: string[], rows: { id: string }[], what: string): void {
  const known = new Set(rows.map((row) => row.id));
  if (ids.length !== rows.length || !ids.every((id) => known.has(id))) {
    throw new ValidationFailedException([
      { field: 'ids', messages: [`ids must list each of the ${rows.length} ${what} exactly once`], codes: ['arrayComplete'] },
    ]);
  }
}

/**
 * Pipelines and their stages, administered under the `settings` permission and read by everyone who works with deals.
 * A deal's status repeats its stage's kind, so a stage holding deals keeps its kind, a pipeline keeps an open stage,
 * and neither a stage nor a pipeline goes while deals are in it.
 */
@Injectable()
export class PipelinesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  // --- For other modules ---

  /** The pipeline with its stages by position, or null. */
  async findPipeline(id: string, manager: EntityManager = this.dataSource.manager): Promise<PipelineWithStages | null> {
    const pipeline = await manager.findOneBy(Pipeline, { id });
    return pipeline ? { pipeline, stages: await this.stagesOf(manager, [id]) } : null;
  }

  /** The first pipeline by position, where deals go when none is named; there is always one. */
  async defaultPipeline(manager: EntityManager = this.dataSource.manager): Promise<PipelineWithStages> {
    const [pipeline] = await manager.find(Pipeline, { order: { position: 'ASC', id: 'ASC' }, take: 1 });
    if (!pipeline) throw RecordException.notFound('pipeline');
    return { pipeline, stages: await this.stagesOf(manager, [pipeline.id]) };
  }

  /** A stage by id, or null. */
  findStage(id: string, manager: EntityManager = this.dataSource.manager): Promise<PipelineStage | null> {
    return manager.findOneBy(PipelineStage, { id });
  }

  // --- Pipelines ---

  async listPipelines(actor: Actor): Promise<PipelineListDto> {
    assertMayReadSettingsOf(actor, 'deal');
    return this.list(this.dataSource.manager);
  }

  async getPipeline(actor: Actor, id: string): Promise<PipelineDto> {
    assertMayReadSettingsOf(actor, 'deal');
    const found = await this.findPipeline(id);
    if (!found) throw RecordException.notFound('pipeline');
    return toPipelineDto(found.pipeline, found.stages);
  }

  async createPipeline(actor: Actor, dto: CreatePipelineDto): Promise<PipelineDto> {
    const stages = dto.stages ?? DEFAULT_STAGES;
    if (!stages.some((stage) => (stage.kind ?? 'open') === 'open')) {
      throw new ValidationFailedException([{ field: 'stages', messages: ['a pipeline needs at least one open stage'], codes: ['openStageRequired'] }]);
    }
    return this.dataSource
      .transaction(async (manager) => {
        await this.lockPipelineSet(manager);
        const [{ count, last }] = (await manager.query('SELECT count(*)::int AS count, max(position) AS last FROM pipelines')) as [
          { count: number; last: number | null },
        ];
        if (count >= MAX_PIPELINES) throw PipelineException.limit('pipelines', MAX_PIPELINES);
        const pipeline = await manager.save(manager.create(Pipeline, { name: dto.name, position: (last ?? -1) + 1, version: 1 }));
        const created = await manager.save(stages.map((stage, index) => manager.create(PipelineStage, { ...stageColumns(stage, pipeline.id, index), version: 1 })));
        await this.audit.record(manager, actor, 'settings', pipeline.id, 'create', {}, pipelineSnapshot(pipeline));
        await this.audit.recordMany(
          manager,
          actor,
          'settings',
          created.map((stage) => ({ entityId: stage.id, action: 'create', before: {}, after: stageSnapshot(stage) })),
        );
        return this.pipelineDto(manager, pipeline.id);
      })
      .catch(mapNameTaken(dto.name));
  }

  /** Renames the pipeline; needs the version you read. */
  async updatePipeline(actor: Actor, id: string, dto: UpdatePipelineDto, ifMatch?: number): Promise<PipelineDto> {
    const { version = ifMatch, ...changes } = dto;
    if (version === undefined) throw RecordException.versionRequired();
    return this.dataSource
      .transaction(async (manager) => {
        const before = await this.lockPipeline(manager, id, 'for_no_key_update');
        if (before.version !== version) throw RecordException.stale('pipeline', before.version);
        if (changes.name !== undefined && changes.name !== before.name) {
          await manager.update(Pipeline, { id }, { name: changes.name, version: () => 'version + 1', updatedAt: () => 'now()' });
          const after = await manager.findOneByOrFail(Pipeline, { id });
          await this.audit.record(manager, actor, 'settings', id, 'update', pipelineSnapshot(before), pipelineSnapshot(after));
        }
        return this.pipelineDto(manager, id);
      })
      .catch(mapNameTaken(changes.name));
  }

  async reorderPipelines(actor: Actor, dto: ReorderPipelinesDto): Promise<PipelineListDto> {
    return this.dataSource.transaction(async (manager) => {
      await this.lockPipelineSet(manager);
      const pipelines = await manager.find(Pipeline, { order: { position: 'ASC', id: 'ASC' } });
      assertCompleteOrder(dto.ids, pipelines, 'pipelines');
      const byId = new Map(pipelines.map((pipeline) => [pipeline.id, pipeline]));
      await this.renumber(manager, actor, Pipeline, dto.ids.map((id) => byId.get(id)!));
      return this.list(manager);
    });
  }

  /**
   * Deletes the pipeline with its stages. Refused while it holds deals, those in the trash included (restoring one
   * needs its pipeline), and for the last pipeline. Stage history rows of deals that have since moved to another
   * pipeline go with it.
   */
  async deletePipeline(actor: Actor, id: string, ifMatch?: number): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.lockPipelineSet(manager);
      // FOR UPDATE waits for deals being created in the pipeline and keeps new ones out until the end.
      const pipeline = await this.lockPipeline(manager, id, 'pessimistic_write');
      if (ifMatch !== undefined && pipeline.version !== ifMatch) throw RecordException.stale('pipeline', pipeline.version);
      const [{ count }] = (await manager.query('SELECT count(*)::int AS count FROM pipelines')) as [{ count: number }];
      if (count <= 1) throw PipelineException.lastPipeline();
      const [deals] = (await manager.query(
        `SELECT count(*) FILTER (WHERE deleted_at IS NULL)::int AS live, count(*) FILTER (WHERE deleted_at IS NOT NULL)::int AS trashed
         FROM deals WHERE pipeline_id = $1`,
        [id],
      )) as [{ live: number; trashed: number }];
      if (deals.live || deals.trashed) throw PipelineException.notEmpty(id, deals.live, deals.trashed);
      const stages = await this.stagesOf(manager, [id]);
      await manager.query('DELETE FROM deal_stage_history WHERE pipeline_id = $1', [id]);
      await manager.delete(Pipeline, { id });
      await this.audit.recordMany(manager, actor, 'settings', [
        ...stages.map((stage): AuditedChange => ({ entityId: stage.id, action: 'delete', before: stageSnapshot(stage), after: {} })),
        { entityId: id, action: 'delete', before: pipelineSnapshot(pipeline), after: {} },
      ]);
      await this.renumber(manager, actor, Pipeline, await manager.find(Pipeline, { order: { position: 'ASC', id: 'ASC' } }));
    });
  }

  // --- Stages ---

  /** Adds a stage; later stages move one place down. */
  async createStage(actor: Actor, pipelineId: string, dto: CreateStageDto): Promise<PipelineStageDto> {
    return this.dataSource.transaction(async (manager) => {
      await this.lockPipeline(manager, pipelineId, 'for_no_key_update');
      const stages = await this.stagesOf(manager, [pipelineId]);
      if (stages.length >= MAX_STAGES) throw PipelineException.limit('stages in a pipeline', MAX_STAGES);
      const kind = dto.kind ?? 'open';
      const lastOpen = stages.findLastIndex((stage) => stage.kind === 'open');
      const index = Math.min(dto.position ?? (kind === 'open' ? lastOpen + 1 : stages.length), stages.length);
      const stage = await manager.save(manager.create(PipelineStage, { ...stageColumns(dto, pipelineId, index), version: 1 }));
      await this.audit.record(manager, actor, 'settings', stage.id, 'create', {}, stageSnapshot(stage));
      await this.renumber(manager, actor, PipelineStage, stages.toSpliced(index, 0, stage));
      return toPipelineStageDto(await manager.findOneByOrFail(PipelineStage, { id: stage.id }));
    });
  }

  /**
   * Changes name, colour, probability or kind; needs the version you read. A kind change without a probability takes
   * the new kind's default (won 100, lost 0, open 10).
   */
  async updateStage(actor: Actor, pipelineId: string, stageId: string, dto: UpdateStageDto, ifMatch?: number): Promise<PipelineStageDto> {
    const { version = ifMatch, ...changes } = dto;
    if (version === undefined) throw RecordException.versionRequired();
    return this.dataSource.transaction(async (manager) => {
      await this.lockPipeline(manager, pipelineId, 'for_no_key_update');
      const before = await this.lockStage(manager, pipelineId, stageId);
      if (before.version !== version) throw RecordException.stale('stage', before.version);
      if (changes.kind !== undefined && changes.kind !== before.kind) {
        if (before.kind === 'open') await this.assertAnotherOpenStage(manager, pipelineId, stageId);
        const deals = await this.dealsIn(manager, stageId);
        if (deals.live || deals.trashed) throw PipelineException.kindLocked(pipelineId, stageId, deals.live, deals.trashed);
        changes.probability ??= DEFAULT_PROBABILITY[changes.kind];
      }
      const set = Object.fromEntries(Object.entries(changes).filter(([field, value]) => value !== before[field as keyof PipelineStage]));
      if (Object.keys(set).length) {
        await manager.update(PipelineStage, { id: stageId }, { ...set, version: () => 'version + 1', updatedAt: () => 'now()' });
        const after = await manager.findOneByOrFail(PipelineStage, { id: stageId });
        await this.audit.record(manager, actor, 'settings', stageId, 'update', stageSnapshot(before), stageSnapshot(after));
        return toPipelineStageDto(after);
      }
      return toPipelineStageDto(before);
    });
  }

  async reorderStages(actor: Actor, pipelineId: string, dto: ReorderStagesDto): Promise<PipelineDto> {
    return this.dataSource.transaction(async (manager) => {
      await this.lockPipeline(manager, pipelineId, 'for_no_key_update');
      const stages = await this.stagesOf(manager, [pipelineId]);
      assertCompleteOrder(dto.ids, stages, 'stages of the pipeline');
      const byId = new Map(stages.map((stage) => [stage.id, stage]));
      await this.renumber(manager, actor, PipelineStage, dto.ids.map((id) => byId.get(id)!));
      return this.pipelineDto(manager, pipelineId);
    });
  }

  /**
   * Deletes the stage. Refused while deals (outside the trash) are in it, and for the pipeline's last open stage.
   * Deals in the trash move to the nearest stage of the same kind, so that a restore finds them a place.
   */
  async deleteStage(actor: Actor, pipelineId: string, stageId: string, ifMatch?: number): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.lockPipeline(manager, pipelineId, 'for_no_key_update');
      const stage = await this.lockStage(manager, pipelineId, stageId);
      if (ifMatch !== undefined && stage.version !== ifMatch) throw RecordException.stale('stage', stage.version);
      if (stage.kind === 'open') await this.assertAnotherOpenStage(manager, pipelineId, stageId);
      const deals = await this.dealsIn(manager, stageId);
      if (deals.live) throw PipelineException.stageNotEmpty(pipelineId, stageId, deals.live, deals.trashed);
      const remaining = (await this.stagesOf(manager, [pipelineId])).filter((other) => other.id !== stageId);
      if (deals.trashed) {
        const heir = remaining
          .filter((other) => other.kind === stage.kind)
          .sort((a, b) => Math.abs(a.position - stage.position) - Math.abs(b.position - stage.position))[0];
        if (!heir) throw PipelineException.stageNotEmpty(pipelineId, stageId, 0, deals.trashed);
        const moved = (await manager.query('UPDATE deals SET stage_id = $2 WHERE stage_id = $1 RETURNING id', [stageId, heir.id])) as [
          { id: string }[],
          number,
        ];
        await this.audit.recordMany(
          manager,
          actor,
          'deal',
          moved[0].map((deal) => ({ entityId: deal.id, action: 'update', before: { stageId }, after: { stageId: heir.id } })),
        );
      }
      await manager.delete(PipelineStage, { id: stageId });
      await this.audit.record(manager, actor, 'settings', stageId, 'delete', stageSnapshot(stage), {});
      await this.renumber(manager, actor, PipelineStage, remaining);
    });
  }

  // --- Helpers ---

  private async list(manager: EntityManager): Promise<PipelineListDto> {
    const pipelines = await manager.find(Pipeline, { order: { position: 'ASC', id: 'ASC' } });
    const stages = await this.stagesOf(
      manager,
      pipelines.map((pipeline) => pipeline.id),
    );
    return { items: pipelines.map((pipeline) => toPipelineDto(pipeline, stages.filter((stage) => stage.pipelineId === pipeline.id))) };
  }

  private async pipelineDto(manager: EntityManager, id: string): Promise<PipelineDto> {
    const found = await this.findPipeline(id, manager);
    if (!found) throw RecordException.notFound('pipeline');
    return toPipelineDto(found.pipeline, found.stages);
  }

  private stagesOf(manager: EntityManager, pipelineIds: string[]): Promise<PipelineStage[]> {
    if (!pipelineIds.length) return Promise.resolve([]);
    return manager
      .getRepository(PipelineStage)
      .createQueryBuilder('s')
      .where('s.pipelineId IN (:...pipelineIds)', { pipelineIds })
      .orderBy('s.position', 'ASC')
      .addOrderBy('s.id', 'ASC')
      .getMany();
  }

  /** Serializes changes to the set of pipelines (creation, order, deletion), so that limits and "the last one" hold. */
  private async lockPipelineSet(manager: EntityManager): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['pipelines']);
  }

  /**
   * Locks the pipeline row: changes to its set of stages go one at a time. FOR NO KEY UPDATE lets deals keep
   * referencing it meanwhile; deleting it needs FOR UPDATE, which waits for them.
   */
  private async lockPipeline(manager: EntityManager, id: string, mode: 'for_no_key_update' | 'pessimistic_write'): Promise<Pipeline> {
    const pipeline = await manager.getRepository(Pipeline).createQueryBuilder('p').where('p.id = :id', { id }).setLock(mode).getOne();
    if (!pipeline) throw RecordException.notFound('pipeline');
    return pipeline;
  }

  /** FOR UPDATE also keeps deals from entering the stage until the change is done (their foreign key waits). */
  private async lockStage(manager: EntityManager, pipelineId: string, stageId: string): Promise<PipelineStage> {
    const stage = await manager
      .getRepository(PipelineStage)
      .createQueryBuilder('s')
      .where('s.id = :stageId AND s.pipelineId = :pipelineId', { stageId, pipelineId })
      .setLock('pessimistic_write')
      .getOne();
    if (!stage) throw RecordException.notFound('stage');
    return stage;
  }

  private async assertAnotherOpenStage(manager: EntityManager, pipelineId: string, stageId: string): Promise<void> {
    const [{ count }] = (await manager.query(
      `SELECT count(*)::int AS count FROM pipeline_stages WHERE pipeline_id = $1 AND kind = 'open' AND id <> $2`,
      [pipelineId, stageId],
    )) as [{ count: number }];
    if (count === 0) throw PipelineException.lastOpenStage();
  }

  private async dealsIn(manager: EntityManager, stageId: string): Promise<{ live: number; trashed: number }> {
    const [deals] = (await manager.query(
      `SELECT count(*) FILTER (WHERE deleted_at IS NULL)::int AS live, count(*) FILTER (WHERE deleted_at IS NOT NULL)::int AS trashed
       FROM deals WHERE stage_id = $1`,
      [stageId],
    )) as [{ live: number; trashed: number }];
    return deals;
  }

  /** Gives `rows` the positions 0, 1, 2… in their order, auditing each one that moves. */
  private async renumber(
    manager: EntityManager,
    actor: Actor,
    target: typeof Pipeline | typeof PipelineStage,
    rows: { id: string; position: number }[],
  ): Promise<void> {
    const moves = rows.map((row, position) => ({ id: row.id, from: row.position, to: position })).filter((move) => move.from !== move.to);
    if (!moves.length) return;
    const table = manager.getRepository(target).metadata.tableName;
    await manager.query(
      `UPDATE ${table} t SET position = m.position FROM jsonb_to_recordset($1::jsonb) AS m(id uuid, position int) WHERE t.id = m.id`,
      [JSON.stringify(moves.map((move) => ({ id: move.id, position: move.to })))],
    );
    await this.audit.recordMany(
      manager,
      actor,
      'settings',
      moves.map((move) => ({ entityId: move.id, action: 'update', before: { position: move.from }, after: { position: move.to } })),
    );
  }
}
