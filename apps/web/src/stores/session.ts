import { type Action, type Entity, levelOf, type PermissionMatrix } from '@crm/permissions';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api, hasSession, refreshSession, type Schema, signIn, signOut, unwrap } from '@/api/client';
import { isLocale, type Locale, setLocale } from '@/plugins/i18n';

type Me = Schema<'MeDto'>;

/** Who is signed in, with their role's permission matrix: hydrated once, reset on sign-out. */
export const useSessionStore = defineStore('session', () => {
  const me = ref<Me | null>(null);
  let hydration: Promise<void> | null = null;

  const user = computed(() => me.value?.user ?? null);
  const signedIn = computed(() => me.value !== null);
  const permissions = computed(() => (me.value?.permissions ?? null) as PermissionMatrix | null);

  function can(entity: Entity, action: Action): boolean {
    return permissions.value !== null && levelOf(permissions.value, entity, action) !== 'none';
  }

  async function loadMe(): Promise<void> {
    me.value = await unwrap(api.GET('/api/v1/auth/me'));
    if (isLocale(me.value.user.locale)) setLocale(me.value.user.locale);
  }

  /** Restores a session from the stored refresh token; runs once per page load. */
  function hydrate(): Promise<void> {
    hydration ??= (async () => {
      if (!hasSession() || !(await refreshSession())) return;
      await loadMe().catch(() => (me.value = null));
    })();
    return hydration;
  }

  async function login(email: string, password: string): Promise<void> {
    await signIn(email, password);
    await loadMe();
  }

  async function logout(): Promise<void> {
    await signOut();
    reset();
  }

  /** Forgets everything about the user, e.g. when the session expired elsewhere. */
  function reset(): void {
    me.value = null;
    hydration = Promise.resolve();
  }

  /** Switches the interface language and keeps it in the user's profile. */
  async function changeLocale(locale: Locale): Promise<void> {
    setLocale(locale);
    if (me.value) me.value = await unwrap(api.PATCH('/api/v1/auth/me', { body: { locale } }));
  }

  return { me, user, signedIn, permissions, can, hydrate, login, logout, reset, changeLocale };
});
