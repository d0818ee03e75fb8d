/**
 * The one permission matrix of the CRM, shared by the API (guards and query scoping) and the web client
 * (navigation and route guards). A role is a matrix: for every entity and action, the widest set of records
 * the role may touch.
 */

export const ENTITIES = [
  'company',
  'contact',
  'deal',
  'task',
  'call',
  'document',
  'report',
  'user',
  'team',
  'role',
  'api_key',
  'settings',
] as const;
export type Entity = (typeof ENTITIES)[number];

export const ACTIONS = ['create', 'read', 'update', 'delete', 'export'] as const;
export type Action = (typeof ACTIONS)[number];

/** Ordered from narrowest to widest. */
export const LEVELS = ['none', 'own', 'team', 'all'] as const;
export type Level = (typeof LEVELS)[number];

export type PermissionMatrix = Record<Entity, Record<Action, Level>>;
export type PartialMatrix = Partial<Record<Entity, Partial<Record<Action, Level>>>>;

export const BUILT_IN_ROLES = ['admin', 'sales_head', 'sales_rep', 'operator', 'analyst'] as const;
export type BuiltInRole = (typeof BUILT_IN_ROLES)[number];

/** Entities whose records have an owner, so that `own` and `team` mean something for them. */
export const OWNED_ENTITIES: readonly Entity[] = ['company', 'contact', 'deal', 'task', 'call', 'document'];

const CLIENT_BASE: readonly Entity[] = OWNED_ENTITIES;

export function isEntity(value: unknown): value is Entity {
  return typeof value === 'string' && (ENTITIES as readonly string[]).includes(value);
}

export function isLevel(value: unknown): value is Level {
  return typeof value === 'string' && (LEVELS as readonly string[]).includes(value);
}

function row(create: Level, read: Level, update: Level, del: Level, exp: Level): Record<Action, Level> {
  return { create, read, update, delete: del, export: exp };
}

function fill(level: Level): PermissionMatrix {
  const matrix = {} as PermissionMatrix;
  for (const entity of ENTITIES) matrix[entity] = row(level, level, level, level, level);
  return matrix;
}

/** Completes a partial matrix: every entity and action not named gets `none`. */
export function normalizeMatrix(partial: PartialMatrix): PermissionMatrix {
  const matrix = fill('none');
  for (const entity of ENTITIES) {
    for (const action of ACTIONS) {
      const level = partial[entity]?.[action];
      if (level !== undefined) matrix[entity][action] = level;
    }
  }
  return matrix;
}

function withClientBase(levels: Record<Action, Level>, extra: PartialMatrix = {}): PermissionMatrix {
  const partial: PartialMatrix = {};
  for (const entity of CLIENT_BASE) partial[entity] = { ...levels };
  for (const [entity, actions] of Object.entries(extra)) {
    partial[entity as Entity] = { ...partial[entity as Entity], ...actions };
  }
  return normalizeMatrix(partial);
}

export const BUILT_IN_MATRICES: Record<BuiltInRole, PermissionMatrix> = {
  admin: fill('all'),
  sales_head: withClientBase(row('team', 'team', 'team', 'team', 'team'), {
    report: { read: 'team', export: 'team' },
    user: { read: 'team' },
    team: { read: 'all' },
    role: { read: 'all' },
  }),
  sales_rep: withClientBase(row('own', 'own', 'own', 'own', 'none'), {
    report: { read: 'own' },
    user: { read: 'team' },
    team: { read: 'all' },
    role: { read: 'all' },
  }),
  // Operators take incoming calls for everyone: they find any client and hand leads to any rep.
  operator: withClientBase(row('all', 'all', 'own', 'none', 'none'), {
    deal: { create: 'all', read: 'own', update: 'own', delete: 'none', export: 'none' },
    user: { read: 'all' },
    team: { read: 'all' },
    role: { read: 'all' },
  }),
  analyst: withClientBase(row('none', 'all', 'none', 'none', 'all'), {
    report: { read: 'all', export: 'all' },
    user: { read: 'all' },
    team: { read: 'all' },
    role: { read: 'all' },
  }),
};

/** The matrix a role grants: built-in roles follow this release's matrices, custom ones carry their own. */
export function matrixOfRole(role: { key: string; builtIn: boolean; permissions: PartialMatrix | null }): PermissionMatrix {
  return role.builtIn && role.key in BUILT_IN_MATRICES
    ? BUILT_IN_MATRICES[role.key as BuiltInRole]
    : normalizeMatrix(role.permissions ?? {});
}

export function levelOf(matrix: PermissionMatrix, entity: Entity, action: Action): Level {
  return matrix[entity]?.[action] ?? 'none';
}

export function can(matrix: PermissionMatrix, entity: Entity, action: Action): boolean {
  return levelOf(matrix, entity, action) !== 'none';
}

export interface Principal {
  userId: string;
  teamId: string | null;
}

export interface OwnedRecord {
  ownerId: string | null;
  /** The team of the record's owner. */
  ownerTeamId: string | null;
}

/** Whether a record falls within a level for a principal: the same rule the API applies in SQL. */
export function withinLevel(level: Level, principal: Principal, record: OwnedRecord): boolean {
  switch (level) {
    case 'all':
      return true;
    case 'team':
      return (
        record.ownerId === principal.userId ||
        (principal.teamId !== null && record.ownerTeamId === principal.teamId)
      );
    case 'own':
      return record.ownerId === principal.userId;
    case 'none':
      return false;
  }
}

/** The narrower of two levels. */
export function narrowest(a: Level, b: Level): Level {
  return LEVELS.indexOf(a) <= LEVELS.indexOf(b) ? a : b;
}
