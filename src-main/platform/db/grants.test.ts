import { describe, expect, it } from 'vitest';
import { flattenContract } from '../../../shared/contract';
import { BROWSE_WRITES } from '../ocs/console-tables';
import { accessOn, mayWrite, parseGrants } from './grants';

const me = (s = 'ro@%') => new Set([s]);

describe('SHOW GRANTS parser', () => {
  it('a read-only account: SELECT on the database, writes on the console tables only', () => {
    const p = parseGrants([
      "GRANT USAGE ON *.* TO `ro`@`%` IDENTIFIED BY PASSWORD '*60632551E0E93FB808E78D07BFECCF3B799D1D44'",
      'GRANT SELECT ON `ocsweb`.* TO `ro`@`%`',
      'GRANT INSERT, UPDATE, DELETE ON `ocsweb`.`ocsdesk_saved_search` TO `ro`@`%`',
      'GRANT SELECT, INSERT, UPDATE, DELETE ON `ocsweb`.`layouts` TO `ro`@`%`',
      'GRANT INSERT, DELETE ON `ocsweb`.`auth_attempt` TO `ro`@`%`',
    ]);
    const a = accessOn(p, 'ocsweb', me());
    expect(a).toEqual({
      known: true,
      writeAll: false,
      writableTables: ['layouts', 'ocsdesk_saved_search'],
      updatableTables: ['layouts', 'ocsdesk_saved_search'],
    });
    expect(mayWrite(a, 'LAYOUTS')).toBe(true);
    expect(mayWrite(a, 'hardware')).toBe(false);
    expect(mayWrite(a, 'operators', 'update')).toBe(false);
    // The same grants on another database give nothing there.
    expect(accessOn(p, 'other', me()).writableTables).toEqual([]);
  });

  it('ALL PRIVILEGES, global grants and WITH GRANT OPTION count as writes', () => {
    expect(
      accessOn(
        parseGrants(['GRANT ALL PRIVILEGES ON `ocsweb`.* TO `ocs`@`localhost`']),
        'ocsweb',
        me('ocs@localhost'),
      ).writeAll,
    ).toBe(true);
    expect(
      accessOn(
        parseGrants(['GRANT ALL PRIVILEGES ON *.* TO `root`@`localhost` WITH GRANT OPTION']),
        'x',
        me('root@localhost'),
      ).writeAll,
    ).toBe(true);
    expect(
      accessOn(parseGrants(["GRANT SELECT, INSERT, UPDATE, DELETE ON *.* TO 'a'@'h'"]), 'ocsweb', me('a@h'))
        .writeAll,
    ).toBe(true);
    // INSERT and UPDATE without DELETE is not "may write" (a merge or a delete would fail half-way).
    expect(
      accessOn(parseGrants(['GRANT SELECT, INSERT, UPDATE ON `ocsweb`.* TO `a`@`h`']), 'ocsweb', me('a@h'))
        .writeAll,
    ).toBe(false);
  });

  it('database names are patterns (% and _), with \\_ an escaped underscore', () => {
    const p = parseGrants(['GRANT INSERT, UPDATE, DELETE ON `ocs\\_%`.* TO `a`@`h`']);
    expect(accessOn(p, 'ocs_web', me('a@h')).writeAll).toBe(true);
    expect(accessOn(p, 'ocsXweb', me('a@h')).writeAll).toBe(false);
    const q = parseGrants(['GRANT INSERT, UPDATE, DELETE ON `ocs_eb`.* TO `a`@`h`']);
    expect(accessOn(q, 'ocsweb', me('a@h')).writeAll).toBe(true); // unescaped _ is one character
  });

  it('column and routine privileges never make a table writable', () => {
    const p = parseGrants([
      'GRANT SELECT, INSERT (`NAME`), UPDATE (`NAME`, `TAG`), DELETE ON `ocsweb`.`accountinfo` TO `a`@`h`',
      'GRANT EXECUTE, ALTER ROUTINE ON PROCEDURE `ocsweb`.`p` TO `a`@`h`',
      'GRANT INSERT, UPDATE, DELETE ON FUNCTION `ocsweb`.`hardware` TO `a`@`h`',
    ]);
    const a = accessOn(p, 'ocsweb', me('a@h'));
    expect(a.writableTables).toEqual([]);
    expect(a.writeAll).toBe(false);
  });

  it("roles: an active role's grants count, a granted but inactive one's do not", () => {
    const text = [
      'GRANT `writer` TO `a`@`%`',
      'GRANT `reader` TO `a`@`%`',
      'GRANT USAGE ON *.* TO `a`@`%`',
      'GRANT SELECT ON `ocsweb`.* TO `reader`',
      'GRANT INSERT, UPDATE, DELETE ON `ocsweb`.* TO `writer`',
      'SET DEFAULT ROLE `reader` FOR `a`@`%`',
    ];
    const p = parseGrants(text);
    expect(p.roles.map((r) => r.role).sort()).toEqual(['reader', 'writer']);
    expect(accessOn(p, 'ocsweb', new Set(['a@%', 'reader'])).writeAll).toBe(false);
    expect(accessOn(p, 'ocsweb', new Set(['a@%', 'writer'])).writeAll).toBe(true);
  });

  it('names with dots, backquotes and the words ON/TO inside quotes', () => {
    const p = parseGrants([
      'GRANT INSERT, UPDATE, DELETE ON `my.db`.`t``x ON y` TO `u TO v`@`h`',
      'GRANT SELECT ON `ocsweb`.* TO "b"@"h";',
      'nonsense that is not a grant',
      'GRANT PROXY ON ``@`%` TO `a`@`h` WITH GRANT OPTION',
    ]);
    expect(p.lines[0]).toMatchObject({ db: 'my.db', table: 't`x ON y', grantee: 'u TO v@h' });
    expect(p.lines[1]).toMatchObject({ db: 'ocsweb', table: '*', grantee: 'b@h' });
    expect(p.lines).toHaveLength(2);
    expect(accessOn(p, 'my.db', me('u TO v@h')).writableTables).toEqual(['t`x on y']);
  });

  it('only the account and its active roles count, not other grantees listed', () => {
    const p = parseGrants([
      'GRANT ALL PRIVILEGES ON *.* TO `someone`@`else`',
      'GRANT SELECT ON `ocsweb`.* TO `a`@`h`',
    ]);
    expect(accessOn(p, 'ocsweb', me('a@h')).writeAll).toBe(false);
  });
});

describe('browse routes that write', () => {
  it('each names the console tables it writes (the router refuses the others on a read-only account)', () => {
    const browseWrites = [...flattenContract()]
      .filter(([, d]) => d.right === 'browse' && d.writes)
      .map(([n]) => n)
      .sort();
    expect(Object.keys(BROWSE_WRITES).sort()).toEqual(browseWrites);
  });
});
