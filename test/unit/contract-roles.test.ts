import { describe, expect, it } from 'vitest';
import {
  Access,
  contract,
  flattenContract,
  PROFILE_RIGHTS,
  Right,
  SHIPPED_PROFILES,
} from '../../shared/contract';

describe('every route declares the right it needs', () => {
  const routes = [...flattenContract()];

  it('has routes from every capability', () => {
    for (const cap of Object.keys(contract)) expect(routes.some(([n]) => n.startsWith(cap + '.'))).toBe(true);
  });

  it.each(routes.map(([name, def]) => [name, def] as const))('%s has a valid right and kind', (name, def) => {
    expect(name).toMatch(/^[a-z][A-Za-z0-9]*\.[a-z][A-Za-z0-9]*$/);
    expect(Access.options).toContain(def.right);
    expect(['route', 'job']).toContain(def.kind);
    expect(typeof def.needsDb).toBe('boolean');
    // Every route that needs more than browsing changes something: the router re-reads the operator.
    if (def.right !== 'public' && def.right !== 'browse') expect(def.writes, name).toBe(true);
  });

  it('keeps operator management to sadmin and login public', () => {
    for (const [name, def] of routes)
      if (name.startsWith('operators.')) expect(def.right, name).toBe('manageOperators');
    expect(flattenContract().get('auth.login')?.right).toBe('public');
    expect(flattenContract().get('auth.changePassword')?.right).toBe('browse');
    // The command palette's quick find: every operator browses, within its TAG perimeter, and writes nothing.
    expect(flattenContract().get('search.quick')).toMatchObject({
      right: 'browse',
      writes: false,
      needsDb: true,
    });
  });

  it('keeps the CVE screens to browsing: they read what ocsreports stored and write nothing', () => {
    const cve = routes.filter(([n]) => n.startsWith('cve.'));
    expect(cve.map(([n]) => n).sort()).toEqual(
      [
        'cve.byComputer',
        'cve.computer',
        'cve.computers',
        'cve.cves',
        'cve.exportCsv',
        'cve.history',
        'cve.software',
        'cve.status',
      ].sort(),
    );
    for (const [name, def] of cve)
      expect(def, name).toMatchObject({ right: 'browse', writes: false, needsDb: true });
  });

  it('uses every right on some route, and every profile browses', () => {
    const used = new Set(routes.map(([, d]) => d.right));
    for (const r of Right.options) expect(used.has(r), r).toBe(true);
    for (const p of SHIPPED_PROFILES) expect(PROFILE_RIGHTS[p]).toContain('browse');
  });

  it('gives the shipped profiles the rights of their ocsreports 2.11 XML', () => {
    expect([...PROFILE_RIGHTS.sadmin].sort()).toEqual([...Right.options].sort());
    const admin = ['browse', 'deleteComputers', 'editAdminData', 'identifyDevices', 'mergeDuplicates'];
    expect([...PROFILE_RIGHTS.admin].sort()).toEqual(admin);
    expect([...PROFILE_RIGHTS.ladmin].sort()).toEqual(admin);
    expect(PROFILE_RIGHTS['read-only']).toEqual(['browse']);
  });
});
