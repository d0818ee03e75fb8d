import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { type AuditSnapshot, AuditService } from '../../core/audit/audit.service.js';
import type { Actor } from '../../core/auth/actor.js';
import { RecordException } from '../../core/http/domain-exception.js';
import { paginate, parseSort, type SortableFields } from '../../core/list/cursor-list.js';
import type { PageQueryDto } from '../../core/list/page-query.dto.js';
import { type CreateTeamDto, type TeamDto, type TeamPageDto, toTeamDto, type UpdateTeamDto } from './dto/team.dto.js';
import { Team } from './team.entity.js';
import { TeamException } from './teams.errors.js';

const SORTABLE: SortableFields<Team> = { name: { column: 't.name', value: (team) => team.name } };

function snapshot(team: Team): AuditSnapshot {
  return { name: team.name };
}

/** Teams have no owner: any level of `team` access reaches all of them. */
@Injectable()
export class TeamsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async listTeams(_actor: Actor, query: PageQueryDto): Promise<TeamPageDto> {
    const page = await paginate(this.dataSource.getRepository(Team).createQueryBuilder('t'), {
      sort: parseSort(undefined, SORTABLE, 'name'),
      tieBreaker: { column: 't.id', cast: 'uuid', value: (team) => team.id },
      limit: query.limit,
      cursor: query.cursor,
    });
    return { items: page.items.map(toTeamDto), nextCursor: page.nextCursor };
  }

  async getTeam(_actor: Actor, id: string): Promise<TeamDto> {
    const team = await this.dataSource.getRepository(Team).findOneBy({ id });
    if (!team) throw RecordException.notFound('team');
    return toTeamDto(team);
  }

  async createTeam(actor: Actor, dto: CreateTeamDto): Promise<TeamDto> {
    return this.dataSource.transaction(async (manager) => {
      const result = await manager
        .createQueryBuilder()
        .insert()
        .into(Team)
        .values({ name: dto.name })
        // The unique index on lower(name) decides, so two concurrent creations of one name cannot both pass.
        .orIgnore()
        .returning('id')
        .updateEntity(false)
        .execute();
      const id = (result.raw as { id: string }[])[0]?.id;
      if (!id) throw TeamException.nameTaken(dto.name);
      const team = await manager.findOneByOrFail(Team, { id });
      await this.audit.record(manager, actor, 'team', id, 'create', {}, snapshot(team));
      return toTeamDto(team);
    });
  }

  async updateTeam(actor: Actor, id: string, dto: UpdateTeamDto, ifMatch?: number): Promise<TeamDto> {
    const { version = ifMatch, ...changes } = dto;
    if (version === undefined) throw RecordException.versionRequired();
    return this.dataSource.transaction(async (manager) => {
      const before = await this.lock(manager, id);
      if (before.version !== version) throw RecordException.stale('team', before.version);
      if (changes.name !== undefined && (await this.nameTakenByAnother(manager, changes.name, id))) {
        throw TeamException.nameTaken(changes.name);
      }
      await manager
        .createQueryBuilder()
        .update(Team)
        .set(changes)
        .where('id = :id AND version = :version', { id, version })
        .execute();
      const after = await manager.findOneByOrFail(Team, { id });
      await this.audit.record(manager, actor, 'team', id, 'update', snapshot(before), snapshot(after));
      return toTeamDto(after);
    });
  }

  async deleteTeam(actor: Actor, id: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const team = await this.lock(manager, id);
      // Deactivated users do not hold a team back; the foreign key clears their team_id.
      const [{ members }]: { members: number }[] = await manager.query(
        'SELECT count(*)::int AS members FROM users WHERE team_id = $1 AND active',
        [id],
      );
      if (members > 0) {
        throw new TeamException('team_not_empty', `The team still has ${members} active member(s); move them to another team first.`, {
          members,
        });
      }
      await manager.delete(Team, { id });
      await this.audit.record(manager, actor, 'team', id, 'delete', snapshot(team), {});
    });
  }

  /** Locking the team also holds off users being added to it (their foreign key check waits for the lock). */
  private async lock(manager: EntityManager, id: string): Promise<Team> {
    const team = await manager.getRepository(Team).createQueryBuilder('t').where('t.id = :id', { id }).setLock('pessimistic_write').getOne();
    if (!team) throw RecordException.notFound('team');
    return team;
  }

  private async nameTakenByAnother(manager: EntityManager, name: string, id: string): Promise<boolean> {
    return manager
      .getRepository(Team)
      .createQueryBuilder('t')
      .where('lower(t.name) = lower(:name) AND t.id <> :id', { name, id })
      .getExists();
  }
}
