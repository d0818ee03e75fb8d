import { ACTIONS, ENTITIES, matrixOfRole, narrowest, type PermissionMatrix } from '@crm/permissions';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../../core/auth/actor.js';
import { RecordException } from '../../core/http/domain-exception.js';
import { Role } from './role.entity.js';
import { RoleException } from './roles.errors.js';

/** Refuses a matrix that is anywhere wider than the actor's own, so that nobody hands out rights they lack. */
export function assertGrantable(actor: Actor, matrix: PermissionMatrix): void {
  const wider = ENTITIES.flatMap((entity) =>
    ACTIONS.filter((action) => narrowest(matrix[entity][action], actor.permissions[entity][action]) !== matrix[entity][action]).map(
      (action) => `${entity}.${action}`,
    ),
  );
  if (wider.length > 0) {
    throw new RoleException('role_not_grantable', `This grants more than your own role does: ${wider.join(', ')}.`, { cells: wider });
  }
}

/** Checks that `roleId` names a role the actor may give to a user or an API key. */
export async function assertAssignableRole(manager: EntityManager, actor: Actor, roleId: string): Promise<void> {
  const role = await manager.findOneBy(Role, { id: roleId });
  if (!role) throw RecordException.referenceNotFound('roleId');
  assertGrantable(actor, matrixOfRole(role));
}
