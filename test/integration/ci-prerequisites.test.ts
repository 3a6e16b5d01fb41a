import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createPool } from '../../src-main/platform/db/connect';
import { ROOT, realSchemaAvailable, REAL_SCHEMA_SQL } from '../helpers/db';
import { stackUnavailableReason } from '../helpers/ocs-stack';

/**
 * The suites that need the real OCS stack, MariaDB, nmap or Chromium skip themselves where those are
 * missing; this file makes such a run fail instead, with the reason, so that CI cannot go green by
 * skipping. (Only the Electron binary may be missing: its smoke test skips and is counted.)
 */

function tool(cmd: string, args: string[]): string | null {
  try {
    execFileSync(cmd, args, { stdio: 'ignore', timeout: 30_000 });
    return null;
  } catch (e) {
    return `${cmd} ${args.join(' ')}: ${(e as Error).message.split('\n')[0]}`;
  }
}

describe('what the suites need is here (a missing piece fails the run, it does not skip it)', () => {
  it('the real OCS stack (comm server, schema, agent) is installed', () => {
    expect(stackUnavailableReason()).toBeNull();
    expect(realSchemaAvailable(), `${REAL_SCHEMA_SQL} (from ocs-stack.sh install)`).toBe(true);
  });

  it('MariaDB answers on the test server', async () => {
    const k = await createPool({ ...ROOT }, { database: null, max: 1 });
    try {
      const [rows] = (await k.raw('SELECT 1 AS one')) as [Array<{ one: number }>];
      expect(rows[0]!.one).toBe(1);
    } finally {
      await k.destroy();
    }
  });

  it('nmap, nmblookup, openssl and Chromium are installed', () => {
    expect(tool('nmap', ['--version'])).toBeNull();
    expect(tool('nmblookup', ['--version'])).toBeNull();
    expect(tool('openssl', ['version'])).toBeNull();
    expect(tool('chromium', ['--version'])).toBeNull();
  });

  it('the net-snmp tools and snmpd are installed (SNMP preview tests)', () => {
    expect(tool('snmpget', ['-V'])).toBeNull();
    expect(tool('snmptranslate', ['-V'])).toBeNull();
    expect(tool('/usr/sbin/snmpd', ['-v'])).toBeNull();
  });
});
