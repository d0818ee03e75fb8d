import { describe, expect, it } from '@jest/globals';
import {
  ACTIONS,
  BUILT_IN_MATRICES,
  BUILT_IN_ROLES,
  ENTITIES,
  can,
  levelOf,
  narrowest,
  normalizeMatrix,
  withinLevel,
} from './index.js';

describe('permission matrix', () => {
  it('gives every built-in role a level for every entity and action', () => {
    for (const role of BUILT_IN_ROLES) {
      for (const entity of ENTITIES) {
        for (const action of ACTIONS) expect(['none', 'own', 'team', 'all']).toContain(BUILT_IN_MATRICES[role][entity][action]);
      }
    }
  });

  it('keeps analysts read-only and reps on their own clients', () => {
    const analyst = BUILT_IN_MATRICES.analyst;
    for (const entity of ENTITIES) {
      for (const action of ['create', 'update', 'delete'] as const) expect(analyst[entity][action]).toBe('none');
    }
    expect(BUILT_IN_MATRICES.sales_rep.contact).toEqual({ create: 'own', read: 'own', update: 'own', delete: 'own', export: 'none' });
    expect(BUILT_IN_MATRICES.sales_head.deal.read).toBe('team');
    expect(levelOf(BUILT_IN_MATRICES.operator, 'contact', 'delete')).toBe('none');
    expect(can(BUILT_IN_MATRICES.admin, 'settings', 'update')).toBe(true);
    expect(can(BUILT_IN_MATRICES.sales_rep, 'settings', 'read')).toBe(false);
  });

  it('completes partial matrices with none', () => {
    const matrix = normalizeMatrix({ contact: { read: 'team' } });
    expect(matrix.contact).toEqual({ create: 'none', read: 'team', update: 'none', delete: 'none', export: 'none' });
    expect(matrix.deal.read).toBe('none');
  });

  it('decides record reach by level, owner and the owner\'s team', () => {
    const me = { userId: 'u1', teamId: 't1' };
    const mine = { ownerId: 'u1', ownerTeamId: 't1' };
    const teammate = { ownerId: 'u2', ownerTeamId: 't1' };
    const stranger = { ownerId: 'u3', ownerTeamId: 't2' };
    expect([mine, teammate, stranger].map((record) => withinLevel('own', me, record))).toEqual([true, false, false]);
    expect([mine, teammate, stranger].map((record) => withinLevel('team', me, record))).toEqual([true, true, false]);
    expect([mine, teammate, stranger].map((record) => withinLevel('all', me, record))).toEqual([true, true, true]);
    expect(withinLevel('none', me, mine)).toBe(false);
    // Without a team, `team` reaches only one's own records.
    expect(withinLevel('team', { userId: 'u1', teamId: null }, { ownerId: 'u2', ownerTeamId: null })).toBe(false);
  });

  it('orders levels', () => {
    expect(narrowest('all', 'own')).toBe('own');
    expect(narrowest('none', 'team')).toBe('none');
  });
});
