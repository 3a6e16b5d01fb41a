import { describe, expect, it } from 'vitest';
import { contract, flattenContract, Role } from '../../shared/contract';

describe('every route declares a role', () => {
  const routes = [...flattenContract()];

  it('has routes from every capability', () => {
    for (const cap of Object.keys(contract)) expect(routes.some(([n]) => n.startsWith(cap + '.'))).toBe(true);
  });

  it.each(routes.map(([name, def]) => [name, def] as const))('%s has a valid role and kind', (name, def) => {
    expect(name).toMatch(/^[a-z][A-Za-z0-9]*\.[a-z][A-Za-z0-9]*$/);
    expect(Role.options).toContain(def.role);
    expect(['route', 'job']).toContain(def.kind);
    expect(typeof def.needsDb).toBe('boolean');
  });

  it('keeps operator management admin-only and login public', () => {
    for (const [name, def] of routes) if (name.startsWith('operators.')) expect(def.role, name).toBe('admin');
    expect(flattenContract().get('auth.login')?.role).toBe('public');
    expect(flattenContract().get('auth.changePassword')?.role).toBe('user');
  });
});
