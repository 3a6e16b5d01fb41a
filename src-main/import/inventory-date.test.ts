import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { inventoryDateSequence, lastDateKey, readInventoryDate, readInventoryDates } from './inventory-date';
import { DEFAULT_LIMITS, readOcsFile } from './ocs-reader';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ocs-inv-date-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function file(content: string | Buffer): string {
  const p = path.join(dir, `f${n++}.ocs`);
  writeFileSync(p, content);
  return p;
}

const software = (count: number) =>
  Array.from({ length: count }, (_, i) => `<SOFTWARES><NAME>p${i}</NAME></SOFTWARES>`).join('');

/** The Windows agent's layout: DEVICEID first, HARDWARE (with LASTDATE) last, after the software. */
const windows = (hardware: string) =>
  `<?xml version="1.0" encoding="UTF-8" ?><REQUEST><DEVICEID>PC-2026-01-01-10-00-00</DEVICEID><CONTENT>` +
  `${software(200)}<HARDWARE>${hardware}</HARDWARE></CONTENT><QUERY>INVENTORY</QUERY></REQUEST>`;

describe('lastDateKey: the date the comm server stores as hardware.LASTDATE', () => {
  it('orders dates and times as numbers', () => {
    expect(lastDateKey('2026-11-05 10:00:00')).toBe(20261105100000);
    expect(lastDateKey('2026-11-05')).toBe(20261105000000);
    expect(lastDateKey('2026-1-5 9:07')).toBe(20260105090700);
    expect(lastDateKey('2026-11-05 10:00:01')! > lastDateKey('2026-11-05 10:00:00')!).toBe(true);
  });

  it('absent, 1970-01-01 (the server writes NOW() for both) and non-dates are undated', () => {
    for (const v of [undefined, null, '1970-01-01', 'yesterday', '2026-13-01', '2026-11-05 25:00:00', ''])
      expect(lastDateKey(v), String(v)).toBeNull();
  });
});

describe('readInventoryDate', () => {
  it('reads HARDWARE/LASTDATE where the Windows agent puts it (after the software), zlib or plain', async () => {
    const xml = windows('<NAME>PC</NAME><LASTDATE>2026-11-05 10:00:00</LASTDATE>');
    expect(await readInventoryDate(file(xml))).toBe(20261105100000);
    expect(await readInventoryDate(file(zlib.deflateSync(xml)))).toBe(20261105100000);
  });

  it('is undated without LASTDATE (the Unix agent), with a blank or 1970-01-01 one, or unreadable', async () => {
    expect(await readInventoryDate(file(windows('<NAME>PC</NAME>')))).toBeNull();
    expect(await readInventoryDate(file(windows('<NAME>PC</NAME><LASTDATE>  </LASTDATE>')))).toBeNull();
    expect(await readInventoryDate(file(windows('<LASTDATE>1970-01-01</LASTDATE>')))).toBeNull();
    expect(await readInventoryDate(file('<REQUEST><CONTENT><HARDWARE><LASTDATE>2026'))).toBeNull();
    expect(await readInventoryDate(file('not xml'))).toBeNull();
    expect(await readInventoryDate(path.join(dir, 'missing.ocs'))).toBeNull();
  });

  it('takes the value the writer takes: first HARDWARE row with a field, first LASTDATE of it', async () => {
    const xml =
      '<REQUEST><CONTENT><HARDWARE><X> </X></HARDWARE><HARDWARE><LASTDATE>2026-02-02</LASTDATE>' +
      '<LASTDATE>2026-03-03</LASTDATE></HARDWARE><HARDWARE><LASTDATE>2026-04-04</LASTDATE></HARDWARE>' +
      '</CONTENT><DEVICEID>PC-2026-01-01-10-00-00</DEVICEID><QUERY>INVENTORY</QUERY></REQUEST>';
    const p = file(xml);
    const inv = await readOcsFile(p);
    expect(inv.sections.get('HARDWARE')![0]!.LASTDATE).toBe('2026-02-02');
    expect(await readInventoryDate(p)).toBe(20260202000000);
  });

  it('stops reading once the first HARDWARE row is closed (Unix layout: HARDWARE before SOFTWARES)', async () => {
    // Truncated after HARDWARE: the import pass refuses it, but the date pass never reads that far.
    const xml =
      '<REQUEST><CONTENT><HARDWARE><LASTDATE>2026-05-05 05:05:05</LASTDATE><NAME>pc</NAME></HARDWARE>' +
      software(50) +
      '<SOFTWARES><NAME>cut';
    expect(await readInventoryDate(file(xml))).toBe(20260505050505);
  });

  it('keeps one number per file for a batch (NaN: undated, or no path)', async () => {
    const a = file(windows('<LASTDATE>2026-11-05 10:00:00</LASTDATE>'));
    const b = file(windows('<NAME>PC</NAME>'));
    const seen: number[] = [];
    const dates = await readInventoryDates(
      [a, null, b, a],
      2,
      DEFAULT_LIMITS,
      new AbortController().signal,
      (d) => seen.push(d),
    );
    expect(Array.from(dates)).toEqual([20261105100000, NaN, NaN, 20261105100000]);
    expect(seen.sort((x, y) => x - y)).toEqual([1, 2, 3, 4]);
  });
});

describe('inventoryDateSequence', () => {
  it('dated files oldest first, then the undated in file order; equal dates keep file order', () => {
    const dates = Float64Array.from([30, NaN, 10, 30, NaN, 20, 10]);
    expect(Array.from(inventoryDateSequence(dates))).toEqual([2, 6, 5, 0, 3, 1, 4]);
  });
});
