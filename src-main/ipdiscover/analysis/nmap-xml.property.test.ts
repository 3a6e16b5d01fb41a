import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { OsGuess, PortEvidence } from '../../../shared/contract/ipdiscover';
import { hostileText, runs, xmlEscape } from '../../../test/helpers/property';
import { AppError } from '../../platform/errors';
import { parseNmapXml, type NmapRun } from './nmap-xml';

/**
 * The nmap XML reader over mutated recorded outputs and generated documents: it returns hosts whose
 * values satisfy the contract (what the analysis hands to the UI) or refuses with TOOL_FAILED —
 * never a raw parser error (which the router would turn into INTERNAL).
 */

const FIXTURES = path.join(import.meta.dirname, '../../../test/fixtures/ipdiscover');
const recorded = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.xml'))
  .map((f) => readFileSync(path.join(FIXTURES, f), 'utf8'));

const Host = z.object({
  ip: z.string().nullable(),
  state: z.enum(['up', 'down', 'unknown']),
  ports: z.array(PortEvidence),
  os: z.array(OsGuess),
  extraPorts: z.array(z.object({ state: z.string(), count: z.number().int().nonnegative() })),
  timedOut: z.boolean(),
});

function parseOrRefuse(xml: string): NmapRun | null {
  try {
    const run = parseNmapXml(xml);
    for (const h of run.hosts) Host.parse(h);
    return run;
  } catch (e) {
    if (e instanceof AppError && e.code === 'TOOL_FAILED') {
      expect(String(e.params.detail ?? '').length).toBeLessThanOrEqual(300);
      return null;
    }
    throw e;
  }
}

/** String-level mutations (the parser takes text): replace, insert, delete, truncate a slice. */
const mutatedRecorded = fc
  .tuple(
    fc.constantFrom(...recorded),
    fc.array(
      fc.tuple(fc.constantFrom('replace', 'insert', 'delete', 'truncate'), fc.nat(), hostileText(12)),
      { minLength: 1, maxLength: 8 },
    ),
  )
  .map(([doc, ops]) => {
    let s = doc;
    for (const [op, at, text] of ops) {
      const i = s.length ? at % s.length : 0;
      if (op === 'replace') s = s.slice(0, i) + text + s.slice(i + text.length);
      else if (op === 'insert') s = s.slice(0, i) + text + s.slice(i);
      else if (op === 'delete') s = s.slice(0, i) + s.slice(i + 1 + (at % 40));
      else s = s.slice(0, i);
    }
    return s;
  });

/** Syntactically valid nmap-like documents whose attribute values are anything. */
const attr = fc.oneof(
  hostileText(10),
  fc.constantFrom('80', '-1', '1e9', 'NaN', '', '65536', '0x50', ' 22 '),
);
const esc = xmlEscape;
const generated = fc
  .array(
    fc.record({
      state: attr,
      addr: attr,
      portid: attr,
      accuracy: attr,
      count: attr,
      name: attr,
    }),
    { maxLength: 5 },
  )
  .map(
    (hosts) =>
      '<?xml version="1.0"?><nmaprun scanner="nmap" version="7.93">' +
      hosts
        .map(
          (h) =>
            `<host><status state="${esc(h.state)}" reason="x"/><address addr="${esc(h.addr)}" addrtype="ipv4"/>` +
            `<ports><extraports state="closed" count="${esc(h.count)}"/><port protocol="tcp" portid="${esc(h.portid)}">` +
            `<state state="open"/><service name="${esc(h.name)}"/></port></ports>` +
            `<os><osmatch name="${esc(h.name)}" accuracy="${esc(h.accuracy)}"><osclass osfamily="x"/></osmatch></os></host>`,
        )
        .join('') +
      '<runstats><finished exit="success"/></runstats></nmaprun>',
  );

describe('nmap XML reader properties', { timeout: 60_000 }, () => {
  it('mutated recorded outputs: contract-valid hosts or TOOL_FAILED', () => {
    fc.assert(
      fc.property(mutatedRecorded, (xml) => {
        parseOrRefuse(xml);
      }),
      runs(150),
    );
  });

  it('any text: contract-valid hosts or TOOL_FAILED', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), hostileText(300)), (xml) => {
        parseOrRefuse(xml);
      }),
      runs(300),
    );
  });

  it('well-formed documents with any attribute values: every host kept, numbers valid', () => {
    fc.assert(
      fc.property(generated, (xml) => {
        const run = parseOrRefuse(xml);
        expect(run).not.toBeNull();
        expect(run!.complete).toBe(true);
        expect(run!.hosts.length).toBe((xml.match(/<host>/g) ?? []).length);
      }),
      runs(200),
    );
  });

  it('a truncated recorded output keeps the hosts read so far (a cancelled scan)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...recorded), fc.nat(), (doc, at) => {
        const cut = doc.slice(0, at % doc.length);
        const run = parseOrRefuse(cut);
        expect(run).not.toBeNull();
        // A cut in the whitespace after </nmaprun> leaves a whole document (seed 530220142 found it).
        expect(run!.complete).toBe(cut.includes('</nmaprun>'));
      }),
      runs(200),
    );
  });
});

/** Cases the properties found, kept as plain regression tests. */
describe('nmap XML reader: regressions found by the properties', () => {
  it('numbers nmap did not write as numbers: the port is dropped, counts and accuracy are 0', () => {
    const run = parseNmapXml(
      '<nmaprun><host><status state="up"/><address addr="127.0.0.1" addrtype="ipv4"/><ports>' +
        '<extraports state="closed" count=":"/><port protocol="tcp" portid="x"><state state="open"/></port>' +
        '<port protocol="tcp" portid="22"><state state="open"/></port></ports>' +
        '<os><osmatch name="L" accuracy=""/></os></host></nmaprun>',
    );
    expect(run.hosts[0]!.ports.map((p) => p.port)).toEqual([22]);
    expect(run.hosts[0]!.extraPorts).toEqual([{ state: 'closed', count: 0 }]);
    expect(run.hosts[0]!.os[0]!.accuracy).toBe(0);
  });

  it('a complete document that does not parse is TOOL_FAILED, not a raw parser error', () => {
    expect(() => parseNmapXml(' ?xml version="1.0"?>\n<nmaprun></nmaprun>')).toThrow(
      expect.objectContaining({ code: 'TOOL_FAILED' }),
    );
  });
});
