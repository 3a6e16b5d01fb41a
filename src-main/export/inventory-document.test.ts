import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readOcsFile } from '../import/ocs-reader';
import { fileBytes } from './export.service';
import { baseName, inventoryJson, xmlText, type ComputerInventory, type Fields } from './inventory-document';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ocs-export-doc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HOSTILE = 'A & B <C> "d" \'e\' ]]> caf\u00e9 \u0080\u009f \u{1F600} tab\there\r\nline2';

const inv: ComputerInventory = {
  id: 7,
  deviceId: 'pc-01-2026-01-02-03-04-05',
  hardware: { NAME: 'pc-01', OSNAME: HOSTILE, MEMORY: '8192', CHECKSUM: '262143' },
  accountinfo: { TAG: 'PARIS & <LYON>', fields_3: 'x' },
  sections: new Map<string, Fields[]>([
    ['BIOS', [{ SSN: 'SER1' }, { SSN: 'ignored: one row per computer' }]],
    ['NETWORKS', [{ MACADDR: '00:11:22:33:44:55', IPADDRESS: '10.0.0.1' }, { MACADDR: 'aa' }, {}]],
  ]),
  software: [{ NAME: HOSTILE, VERSION: '1.0', FILESIZE: '0' }, { NAME: 'second' }],
  packages: ['1706695200'],
};

describe('inventory document', () => {
  it.each(['ocs', 'xml'] as const)(
    '%s: the import reader gives back every value (hostile text, CR, astral characters)',
    async (format) => {
      const file = path.join(dir, `a.${format}`);
      writeFileSync(file, fileBytes(inv, format));
      const got = await readOcsFile(file);
      expect(got.format).toBe(format === 'ocs' ? 'zlib' : 'xml');
      expect(got.deviceId).toBe(inv.deviceId);
      expect(got.query).toBe('INVENTORY');
      expect(got.sections.get('HARDWARE')).toEqual([inv.hardware]);
      expect(got.sections.get('BIOS')).toEqual([{ SSN: 'SER1' }]);
      // An empty row is not written (the reader would drop it anyway).
      expect(got.sections.get('NETWORKS')).toEqual(inv.sections.get('NETWORKS')!.slice(0, 2));
      expect(got.sections.get('SOFTWARES')).toEqual(inv.software);
      expect(got.sections.get('ACCOUNTINFO')).toEqual([
        { KEYNAME: 'TAG', KEYVALUE: 'PARIS & <LYON>' },
        { KEYNAME: 'fields_3', KEYVALUE: 'x' },
      ]);
      expect(got.packages).toEqual(['1706695200']);
    },
  );

  it('drops the characters XML 1.0 cannot carry, keeps the others', () => {
    expect(xmlText('a\u0000b\u0001c\u001fd\uFFFEe')).toBe('abcde');
    expect(xmlText('\t\n\r')).toBe('\t\n&#13;');
  });

  it('JSON mirrors the XML sections', () => {
    const j = inventoryJson(inv) as { content: Record<string, unknown> };
    expect(j.content.HARDWARE).toEqual(inv.hardware);
    expect(j.content.BIOS).toEqual([{ SSN: 'SER1' }]);
    expect(j.content.SOFTWARES).toEqual(inv.software);
    expect(j.content.DOWNLOAD).toEqual({ HISTORY: ['1706695200'] });
  });

  it('names files from the DEVICEID, with the hardware ID when the DEVICEID is not a safe name', () => {
    expect(baseName(inv)).toBe('pc-01-2026-01-02-03-04-05');
    expect(baseName({ id: 9, deviceId: '../etc/passwd-2026-01-02-03-04-05' })).toBe(
      '__etc_passwd-2026-01-02-03-04-05-h9',
    );
    expect(baseName({ id: 3, deviceId: 'PC é-2026-01-02-03-04-05' })).toBe('PC__-2026-01-02-03-04-05-h3');
  });
});
