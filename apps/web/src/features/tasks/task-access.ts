import { levelOf, type PermissionMatrix } from '@crm/permissions';

/** Team tasks are for those who read more tasks than their own: heads of sales, admins. */
export function seesOthersTasks(permissions: PermissionMatrix | null): boolean {
  const level = permissions ? levelOf(permissions, 'task', 'read') : 'none';
  return level === 'team' || level === 'all';
}
