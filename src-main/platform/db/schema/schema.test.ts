import { describe, expect, it } from 'vitest';
import { addColumnSql, createTableSql } from './ddl';
import { CONFIG_ROWS, SEED_TABLES } from './seeds';
import { OCS_TABLES, tableDef } from './tables';

describe('OCS schema definitions', () => {
  it('has the 107 tables of the 7039+7069 superset, each once', () => {
    const names = OCS_TABLES.map((t) => t.name.toLowerCase());
    expect(names.length).toBe(107);
    expect(new Set(names).size).toBe(names.length);
    for (const t of ['unixusers', 'snmp_links', 'layouts', 'history', 'auth_attempt'])
      expect(tableDef(t)).toBeDefined();
    expect(tableDef('software_name')?.columns.map((c) => c.name)).toEqual(['ID', 'NAME', 'CATEGORY']);
  });

  it('keeps config and deploy in the reference column order', () => {
    expect(tableDef('config')?.columns.map((c) => c.name)).toEqual(['NAME', 'IVALUE', 'TVALUE', 'COMMENTS']);
    expect(tableDef('deploy')?.columns.map((c) => c.name)).toEqual(['NAME', 'CONTENT']);
  });

  it('generates DDL with explicit charset, collation and engine', () => {
    const sql = createTableSql(tableDef('local_users')!);
    expect(sql).toMatch(/^CREATE TABLE IF NOT EXISTS `local_users`/);
    expect(sql).toContain('`NAME` varchar(255) CHARACTER SET utf8 COLLATE utf8_bin NULL DEFAULT NULL');
    expect(sql).toContain('PRIMARY KEY (`ID`, `HARDWARE_ID`)');
    expect(sql).toMatch(/ENGINE=InnoDB DEFAULT CHARSET=utf8 COLLATE=utf8_general_ci$/);
    expect(createTableSql(tableDef('locks')!)).toMatch(/ENGINE=MEMORY/);
    const t = tableDef('software_name')!;
    expect(addColumnSql(t, t.columns[2]!)).toBe(
      'ALTER TABLE `software_name` ADD COLUMN `CATEGORY` int(11) NULL DEFAULT NULL AFTER `NAME`',
    );
  });

  it('seeds only columns that exist, and GUI_VERSION 7069', () => {
    expect(CONFIG_ROWS.find((r) => r[0] === 'GUI_VERSION')).toEqual([
      'GUI_VERSION',
      0,
      '7069',
      expect.any(String),
    ]);
    for (const s of SEED_TABLES) {
      const cols = tableDef(s.table)!.columns.map((c) => c.name);
      for (const c of s.columns) expect(cols).toContain(c);
      for (const r of s.rows) expect(r.length).toBe(s.columns.length);
    }
  });
});
