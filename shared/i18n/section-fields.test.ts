import { describe, expect, it } from 'vitest';
import { DETAIL_SECTIONS } from '../contract/computers';
import { formatSectionValue, orderSectionColumns, SECTION_FIELDS, sectionFieldLabel } from './section-fields';

describe('inventory column labels and values', () => {
  it('names every section the detail returns, in English and French, with units', () => {
    for (const s of DETAIL_SECTIONS) expect(SECTION_FIELDS[s], s).toBeDefined();
    expect(sectionFieldLabel('storages', 'DISKSIZE', 'en')).toBe('Disk size (MB)');
    expect(sectionFieldLabel('storages', 'DISKSIZE', 'fr')).toBe('Taille du disque (MB)');
    expect(sectionFieldLabel('networks', 'MACADDR', 'en')).toBe('MAC address');
    expect(sectionFieldLabel('networks', 'TYPEMIB', 'fr')).toBe("Type d'interface (MIB)");
    expect(sectionFieldLabel('memories', 'CAPTION', 'en')).toBe('Caption');
    // a column of a newer schema keeps its raw name rather than disappearing
    expect(sectionFieldLabel('storages', 'NEWCOLUMN', 'en')).toBe('NEWCOLUMN');
  });

  it('formats numbers per language, booleans, MAC addresses and zero dates', () => {
    expect(formatSectionValue('storages', 'DISKSIZE', 476940, 'en')).toBe('476,940');
    expect(formatSectionValue('storages', 'DISKSIZE', '476940', 'fr')).toBe('476\u202f940');
    expect(formatSectionValue('drives', 'CREATEDATE', '0000-00-00', 'en')).toBe('');
    expect(formatSectionValue('software', 'installDate', '0000-00-00 00:00:00', 'en')).toBe('');
    expect(formatSectionValue('printers', 'SHARED', 1, 'fr')).toBe('Oui');
    expect(formatSectionValue('networks', 'VIRTUALDEV', '0', 'en')).toBe('No');
    expect(formatSectionValue('networks', 'MACADDR', '00:50:56:aa:bb:cc', 'en')).toBe('00:50:56:AA:BB:CC');
    // text the agent sent with its own unit stays as sent
    expect(formatSectionValue('memories', 'SPEED', '1600 MHz', 'en')).toBe('1600 MHz');
    expect(formatSectionValue('cpus', 'TYPE', 'Intel(R) Core(TM)', 'en')).toBe('Intel(R) Core(TM)');
  });

  it('puts the telling columns first', () => {
    expect(orderSectionColumns('storages', ['FIRMWARE', 'X', 'NAME', 'MANUFACTURER'])).toEqual([
      'MANUFACTURER',
      'NAME',
      'FIRMWARE',
      'X',
    ]);
  });
});
