import type { Knex } from 'knex';
import type { z } from 'zod';
import type { CommunityInput, PreviewResult, PreviewValue } from '../../shared/contract/snmp';
import { AppError } from '../platform/errors';
import { snmpGet, snmpWalk, type Target } from './net-snmp';
import { conditionMatches } from './snmp-names';
import { storedCredentials } from './snmp-communities.service';
import * as cfg from './snmp-config.repo';
import { typeRow } from './snmp.repo';

/**
 * Preview from the admin's machine (beyond ocsreports): reads one device the way the agent would
 * for a type (its conditions, then each label's OID: a get, else a walk joined with ' - '), or only
 * sysName/sysDescr to test a community. One address at a time, never a range (docs/snmp.md decision 7).
 */

const SYS_NAME = '1.3.6.1.2.1.1.5.0';
const SYS_DESCR = '1.3.6.1.2.1.1.1.0';
/** A type's OIDs read in one preview at most (each is a process run). */
const MAX_OIDS = 60;

type Input = {
  address: string;
  port: number;
  credentials: { communityId: number } | { community: z.output<typeof CommunityInput> };
  typeId?: number;
  timeoutSeconds: number;
};

export async function preview(k: Knex, input: Input, signal?: AbortSignal): Promise<PreviewResult> {
  const cred =
    'communityId' in input.credentials
      ? await storedCredentials(k, input.credentials.communityId)
      : input.credentials.community;
  if (cred.version !== '3' && !cred.secret)
    throw new AppError(
      'VALIDATION_FAILED',
      {},
      { fields: [{ path: 'credentials.community.secret', message: 'required' }] },
    );
  const t: Target = { address: input.address, port: input.port, timeoutSeconds: input.timeoutSeconds };

  let conditions: Array<{ oid: string; value: string | null }> = [];
  let configs: Array<{ label: string | null; oid: string }> = [];
  if (input.typeId !== undefined) {
    const [all, cfgs] = await Promise.all([cfg.listConditions(k), cfg.listConfigs(k)]);
    if (!(await typeRow(k, input.typeId)))
      throw new AppError('NOT_FOUND', { what: `SNMP type ${input.typeId}` });
    conditions = all.filter((c) => c.typeId === input.typeId);
    configs = cfgs.filter((c) => c.typeId === input.typeId).slice(0, MAX_OIDS);
  }

  const name = await snmpGet(cred, t, SYS_NAME, signal);
  if (name.value === null && name.error && !/^No Such/i.test(name.error))
    return {
      reachable: false,
      error: name.error,
      sysName: null,
      sysDescr: null,
      conditions: conditions.map((c) => ({
        oid: c.oid,
        expected: c.value ?? '',
        value: null,
        matches: false,
      })),
      values: [],
    };
  const descr = await snmpGet(cred, t, SYS_DESCR, signal);

  const condOut: PreviewResult['conditions'] = [];
  for (const c of conditions) {
    const a = c.oid === SYS_DESCR ? descr : await snmpGet(cred, t, c.oid, signal);
    // A condition without a value (the Default type's) only needs the OID to answer.
    const expected = c.value ?? '';
    condOut.push({
      oid: c.oid,
      expected,
      value: a.value,
      matches: c.value === null ? a.value !== null : conditionMatches(expected, a.value),
    });
  }

  const values: PreviewValue[] = [];
  for (const c of configs) {
    signal?.throwIfAborted();
    let a = await snmpGet(cred, t, c.oid, signal);
    if (a.value === null || a.value === '') a = await snmpWalk(cred, t, c.oid, signal);
    values.push({ label: c.label, oid: c.oid, value: a.value, error: a.value === null ? a.error : null });
  }

  return {
    reachable: true,
    error: null,
    sysName: name.value,
    sysDescr: descr.value,
    conditions: condOut,
    values,
  };
}
