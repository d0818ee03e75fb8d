import type { Action, Entity } from '@crm/permissions';
import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { seesOthersTasks } from '@/features/tasks/task-access';
import { useSessionStore } from '@/stores/session';

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without signing in. */
    public?: boolean;
    /** The permission the page needs, checked with the same matrix the API enforces. */
    permission?: [Entity, Action];
    /** Shown in navigation under this message key. */
    nav?: string;
    /** The navigation entry to highlight on a page that has none of its own. */
    navActive?: string;
  }
}

// Only the sign-in page is in the first bundle; everything behind it loads on demand.
export const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('@/features/auth/LoginPage.vue'), meta: { public: true } },
  {
    path: '/',
    component: () => import('@/components/AppLayout.vue'),
    children: [
      { path: '', name: 'home', redirect: () => ({ name: 'contacts' }) },
      {
        path: 'contacts',
        name: 'contacts',
        component: () => import('@/features/contacts/ContactListPage.vue'),
        meta: { permission: ['contact', 'read'], nav: 'nav.contacts' },
      },
      {
        path: 'contacts/:id',
        name: 'contact',
        component: () => import('@/features/contacts/ContactCardPage.vue'),
        meta: { permission: ['contact', 'read'] },
        props: true,
      },
      {
        path: 'companies',
        name: 'companies',
        component: () => import('@/features/companies/CompanyListPage.vue'),
        meta: { permission: ['company', 'read'], nav: 'nav.companies' },
      },
      {
        path: 'companies/:id',
        name: 'company',
        component: () => import('@/features/companies/CompanyCardPage.vue'),
        meta: { permission: ['company', 'read'] },
        props: true,
      },
      {
        path: 'deals/board/:pipelineId?',
        name: 'deal-board',
        component: () => import('@/features/deals/DealBoardPage.vue'),
        meta: { permission: ['deal', 'read'], nav: 'deals.nav' },
      },
      {
        path: 'deals',
        name: 'deals',
        component: () => import('@/features/deals/DealListPage.vue'),
        meta: { permission: ['deal', 'read'], navActive: 'deal-board' },
      },
      {
        path: 'deals/forecast',
        name: 'deal-forecast',
        component: () => import('@/features/deals/DealForecastPage.vue'),
        meta: { permission: ['deal', 'read'], navActive: 'deal-board' },
      },
      {
        path: 'deals/:id',
        name: 'deal',
        component: () => import('@/features/deals/DealCardPage.vue'),
        meta: { permission: ['deal', 'read'], navActive: 'deal-board' },
        props: true,
      },
      {
        path: 'tasks',
        name: 'tasks',
        component: () => import('@/features/tasks/MyTasksPage.vue'),
        meta: { permission: ['task', 'read'], nav: 'tasks.nav' },
      },
      {
        path: 'tasks/team',
        name: 'tasks-team',
        component: () => import('@/features/tasks/TeamTasksPage.vue'),
        meta: { permission: ['task', 'read'], navActive: 'tasks' },
        // Only for those who read others' tasks (team or all); the global guard has hydrated the session by now.
        beforeEnter: () => seesOthersTasks(useSessionStore().permissions) || { name: 'forbidden' },
      },
      {
        path: 'tasks/calendar',
        name: 'tasks-calendar',
        component: () => import('@/features/tasks/TaskCalendarPage.vue'),
        meta: { permission: ['task', 'read'], navActive: 'tasks' },
      },
      {
        path: 'duplicates',
        name: 'duplicates',
        component: () => import('@/features/duplicates/DuplicatesPage.vue'),
        meta: { permission: ['contact', 'read'], nav: 'duplicates.nav' },
      },
      {
        path: 'settings/custom-fields',
        name: 'settings-custom-fields',
        component: () => import('@/features/settings/CustomFieldsPage.vue'),
        meta: { permission: ['settings', 'update'], nav: 'customFields.nav' },
      },
      {
        path: 'settings/pipelines',
        name: 'settings-pipelines',
        component: () => import('@/features/pipelines/PipelinesPage.vue'),
        meta: { permission: ['settings', 'update'], nav: 'pipelines.nav' },
      },
      {
        path: 'settings/products',
        name: 'settings-products',
        component: () => import('@/features/products/ProductsPage.vue'),
        meta: { permission: ['settings', 'update'], nav: 'products.nav' },
      },
      { path: 'forbidden', name: 'forbidden', component: () => import('@/features/errors/ForbiddenPage.vue') },
      { path: ':path(.*)*', name: 'not-found', component: () => import('@/features/errors/NotFoundPage.vue') },
    ],
  },
];

export const router = createRouter({ history: createWebHistory(), routes });

router.beforeEach(async (to) => {
  const session = useSessionStore();
  await session.hydrate();
  if (to.meta.public) return to.name === 'login' && session.signedIn ? { name: 'home' } : true;
  if (!session.signedIn) return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } };
  const permission = to.meta.permission;
  if (permission && !session.can(...permission)) return { name: 'forbidden' };
  return true;
});
