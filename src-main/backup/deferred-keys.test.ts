import { describe, expect, it } from 'vitest';
import { deferSecondaryKeys } from './deferred-keys';

const software = [
  'CREATE TABLE `software` (',
  '  `ID` int(11) NOT NULL AUTO_INCREMENT,',
  '  `HARDWARE_ID` int(11) NOT NULL,',
  "  `NAME_ID` int(11) DEFAULT NULL COMMENT 'a, (b)',",
  '  PRIMARY KEY (`HARDWARE_ID`,`ID`),',
  '  UNIQUE KEY `u``q` (`ID`),',
  '  KEY `NAME_ID` (`NAME_ID`),',
  "  KEY `HW` (`HARDWARE_ID`,`NAME_ID`) COMMENT 'x, y'",
  ') ENGINE=InnoDB AUTO_INCREMENT=5 DEFAULT CHARSET=utf8mb3 COLLATE=utf8mb3_general_ci',
].join('\n');

describe('deferSecondaryKeys', () => {
  it('takes the secondary and unique keys out of an InnoDB CREATE TABLE and adds them in one ALTER', () => {
    const plain = software.replace('PRIMARY KEY (`HARDWARE_ID`,`ID`)', 'PRIMARY KEY (`ID`,`HARDWARE_ID`)');
    const r = deferSecondaryKeys('soft`ware', `--\n-- Table \`software\`\n--\n\n${plain}`);
    expect(r.create).toBe(
      [
        '--',
        '-- Table `software`',
        '--',
        '',
        'CREATE TABLE `software` (',
        '  `ID` int(11) NOT NULL AUTO_INCREMENT,',
        '  `HARDWARE_ID` int(11) NOT NULL,',
        "  `NAME_ID` int(11) DEFAULT NULL COMMENT 'a, (b)',",
        '  PRIMARY KEY (`ID`,`HARDWARE_ID`)',
        ') ENGINE=InnoDB AUTO_INCREMENT=5 DEFAULT CHARSET=utf8mb3 COLLATE=utf8mb3_general_ci',
      ].join('\n'),
    );
    expect(r.alter).toBe(
      "ALTER TABLE `soft``ware` ADD UNIQUE KEY `u``q` (`ID`), ADD KEY `NAME_ID` (`NAME_ID`), ADD KEY `HW` (`HARDWARE_ID`,`NAME_ID`) COMMENT 'x, y'",
    );
  });

  it('keeps the key an AUTO_INCREMENT column needs when the primary key does not start with it', () => {
    const r = deferSecondaryKeys('software', software);
    expect(r.create).toContain(
      '  PRIMARY KEY (`HARDWARE_ID`,`ID`),\n  UNIQUE KEY `u``q` (`ID`)\n) ENGINE=InnoDB',
    );
    expect(r.alter).toBe(
      "ALTER TABLE `software` ADD KEY `NAME_ID` (`NAME_ID`), ADD KEY `HW` (`HARDWARE_ID`,`NAME_ID`) COMMENT 'x, y'",
    );
  });

  it('leaves the statement alone: MyISAM, no secondary key, not one definition per line', () => {
    for (const sql of [
      software.replace('ENGINE=InnoDB', 'ENGINE=MyISAM'),
      'CREATE TABLE `t` (\n  `a` int(11) NOT NULL,\n  PRIMARY KEY (`a`)\n) ENGINE=InnoDB',
      'CREATE TABLE t (a int, KEY k (a)) ENGINE=InnoDB',
    ]) {
      expect(deferSecondaryKeys('t', sql)).toEqual({ create: sql, alter: null });
    }
  });
});
