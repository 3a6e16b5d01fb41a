import { createHash, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import AdmZip from 'adm-zip';
import { afterAll, describe, expect, it } from 'vitest';
import { archiveKind, checkArchiveForOs, packSource, zipMemberCount } from './archive';
import { fragmentLength, planFragments } from './fragments';
import { parseInfoFile, renderInfoFile } from './info-file';
import { splitArchive } from './split';

const work = mkdtempSync(path.join(tmpdir(), 'ocsdesk-pkg-unit-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('fragment maths', () => {
  it('cuts N equal slices with the remainder in the last, like the console', () => {
    expect(planFragments(10, { mode: 'count', count: 3 })).toEqual({
      size: 10,
      count: 3,
      fragmentSize: 3,
      lastSize: 4,
    });
    expect(planFragments(9, { mode: 'count', count: 3 })).toEqual({
      size: 9,
      count: 3,
      fragmentSize: 3,
      lastSize: 3,
    });
    expect(planFragments(5, { mode: 'count', count: 1 })).toEqual({
      size: 5,
      count: 1,
      fragmentSize: 5,
      lastSize: 5,
    });
  });
  it('derives N from a fragment size (ceil) and never exceeds the byte count', () => {
    const mb = 1024 * 1024;
    expect(planFragments(10 * mb, { mode: 'size', bytes: 3 * mb }).count).toBe(4);
    expect(planFragments(10 * mb, { mode: 'size', bytes: 10 * mb }).count).toBe(1);
    expect(planFragments(10 * mb + 1, { mode: 'size', bytes: 10 * mb }).count).toBe(2);
    expect(planFragments(3, { mode: 'count', count: 10 }).count).toBe(3);
    expect(planFragments(0, { mode: 'count', count: 4 })).toEqual({
      size: 0,
      count: 0,
      fragmentSize: 0,
      lastSize: 0,
    });
  });
  it('sizes always add up to the archive and no fragment exceeds the requested size', () => {
    for (const size of [1, 2, 1023, 4096, 1_000_003, 4 * 1024 ** 3 + 17]) {
      for (const frag of [{ mode: 'size', bytes: 1024 } as const, { mode: 'count', count: 7 } as const]) {
        const p = planFragments(size, frag);
        let sum = 0;
        for (let n = 1; n <= p.count; n++) sum += fragmentLength(p, n);
        expect(sum).toBe(size);
        if (frag.mode === 'size') expect(p.fragmentSize).toBeLessThanOrEqual(frag.bytes);
      }
    }
  });
});

describe('info file', () => {
  const base = {
    id: '1700000000',
    priority: 5,
    action: 'EXECUTE' as const,
    digest: 'd41d8cd98f00b204e9800998ecf8427e',
    proto: 'HTTP' as const,
    frags: 3,
    actionParam: 'sh run.sh "a&b"',
    notify: { enabled: true, text: 'Install <now>\nplease', countdown: 30, canAbort: true, canDelay: false },
    needDoneAction: { enabled: true, text: 'Reboot "soon"' },
  };
  it('writes every attribute agents read, in the console order, on one line', () => {
    const xml = renderInfoFile(base);
    const lines = xml.split('\n');
    expect(lines[0]).toBe('<?xml version="1.0" encoding="UTF-8"?>');
    expect(lines[1]).toMatch(
      /^<DOWNLOAD ID="1700000000" PRI="5" ACT="EXECUTE" DIGEST="d41d8cd98f00b204e9800998ecf8427e" PROTO="HTTP" FRAGS="3" DIGEST_ALGO="MD5" DIGEST_ENCODE="Hexa" COMMAND="sh run.sh &quot;a&amp;b&quot;" NOTIFY_USER="1" NOTIFY_TEXT="Install &lt;now&gt;&#10;please" NOTIFY_COUNTDOWN="30" NOTIFY_CAN_ABORT="1" NOTIFY_CAN_DELAY="0" NEED_DONE_ACTION="1" NEED_DONE_ACTION_TEXT="Reboot &quot;soon&quot;" GARDEFOU="rien" \/>$/,
    );
    expect(lines).toHaveLength(3);
    const back = parseInfoFile(xml)!;
    expect(back.COMMAND).toBe('sh run.sh "a&b"');
    expect(back.NOTIFY_TEXT).toBe('Install <now>\nplease');
  });
  it('uses NAME for LAUNCH and PATH for STORE, empty countdown when none', () => {
    const l = renderInfoFile({
      ...base,
      action: 'LAUNCH',
      actionParam: 'setup.sh -q',
      notify: { ...base.notify, countdown: null },
    });
    expect(l).toContain(' NAME="setup.sh -q" ');
    expect(l).not.toContain('COMMAND=');
    expect(l).toContain('NOTIFY_COUNTDOWN=""');
    const s = renderInfoFile({ ...base, action: 'STORE', actionParam: 'INSTALL_PATH/x' });
    expect(s).toContain(' PATH="INSTALL_PATH/x" ');
  });
});

describe('packing and splitting', () => {
  const folder = path.join(work, 'payload');
  mkdirSync(path.join(folder, 'sub'), { recursive: true });
  writeFileSync(path.join(folder, 'run.sh'), '#!/bin/sh\necho hi\n');
  writeFileSync(path.join(folder, 'sub', 'data.bin'), randomBytes(5000));

  it('packs a folder as a multi-member tar.gz for Unix, entries at the root', async () => {
    const out = path.join(work, 'p.tar.gz');
    expect(await packSource(folder, 'LINUX', out)).toBe('tar.gz');
    expect(await archiveKind(out)).toBe('tar.gz');
    const list = execFileSync('tar', ['-tzf', out], { encoding: 'utf8' }).split('\n').filter(Boolean);
    expect(list).toEqual(expect.arrayContaining(['run.sh', 'sub/', 'sub/data.bin']));
  });
  it('packs a folder as a zip for Windows', async () => {
    const out = path.join(work, 'p.zip');
    expect(await packSource(folder, 'WINDOWS', out)).toBe('zip');
    const names = new AdmZip(out).getEntries().map((e) => e.entryName);
    expect(names).toEqual(expect.arrayContaining(['run.sh', 'sub/data.bin']));
    expect(await zipMemberCount(out)).toBeGreaterThanOrEqual(2);
  });
  it('refuses a single-member zip for Unix targets, accepts it for Windows', async () => {
    const z = new AdmZip();
    z.addFile('only.sh', Buffer.from('echo'));
    const one = path.join(work, 'one.zip');
    z.writeZip(one);
    await expect(checkArchiveForOs(one, 'zip', 'LINUX')).rejects.toMatchObject({ code: 'FILE_INVALID' });
    await expect(checkArchiveForOs(one, 'zip', 'WINDOWS')).resolves.toBeUndefined();
  });
  it('splits in one pass: fragments concatenate to the archive and the digest is its MD5', async () => {
    const file = path.join(work, 'big.bin');
    const data = randomBytes(3 * 1024 * 1024 + 12345);
    writeFileSync(file, data);
    const out = path.join(work, 'frags');
    mkdirSync(out);
    const plan = planFragments(data.length, { mode: 'count', count: 5 });
    const digest = await splitArchive(file, out, '42', plan, { chunkSize: 256 * 1024, fsync: false });
    expect(digest).toBe(createHash('md5').update(data).digest('hex'));
    const names = readdirSync(out).sort((a, b) => Number(a.split('-')[1]) - Number(b.split('-')[1]));
    expect(names).toEqual(['42-1', '42-2', '42-3', '42-4', '42-5']);
    const joined = Buffer.concat(names.map((n) => readFileSync(path.join(out, n))));
    expect(joined.equals(data)).toBe(true);
    expect(readFileSync(path.join(out, '42-1')).length).toBe(plan.fragmentSize);
  });
  it('stops on cancel', async () => {
    const file = path.join(work, 'c.bin');
    writeFileSync(file, randomBytes(2 * 1024 * 1024));
    const out = path.join(work, 'cfrags');
    mkdirSync(out);
    const ac = new AbortController();
    ac.abort();
    await expect(
      splitArchive(file, out, '7', planFragments(2 * 1024 * 1024, { mode: 'count', count: 2 }), {
        chunkSize: 64 * 1024,
        signal: ac.signal,
      }),
    ).rejects.toMatchObject({ code: 'JOB_CANCELLED' });
  });
});
