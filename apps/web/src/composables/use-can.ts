import type { Action, Entity } from '@crm/permissions';
import { computed, type ComputedRef } from 'vue';
import { useSessionStore } from '@/stores/session';

/** Whether the signed-in user's role allows `action` on `entity` at any level; follows sign-in and role changes. */
export function useCan(entity: Entity, action: Action): ComputedRef<boolean> {
  const session = useSessionStore();
  return computed(() => session.can(entity, action));
}
