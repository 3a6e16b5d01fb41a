import type { z } from 'zod';
import type { AnyDef, JobDef, RouteDef } from './route';
import { connection } from './connection';
import { jobs } from './jobs';
import { system } from './system';
import { database } from './database';
import { certificates } from './certificates';
import { auth } from './auth';
import { operators } from './operators';
import { profiles } from './profiles';
import { computers } from './computers';
import { search } from './search';
import { tags } from './tags';
import { duplicates } from './duplicates';
import { dictionary } from './dictionary';
import { software } from './software';
import { registry } from './registry';
import { snmp } from './snmp';
import { adminfields } from './adminfields';

import { packages } from './packages';
import { ipdiscover } from './ipdiscover';
import { importApi } from './import';
import { options } from './options';
import { agentfiles } from './agentfiles';
import { groups } from './groups';
import { backup } from './backup';
import { dashboard } from './dashboard';
import { diagnostics } from './diagnostics';
import { exportApi } from './export';
import { cve } from './cve';
import { assetCategories } from './assetcategories';

/** The whole API: one object per capability; route names are `capability.verb`. */
export const contract = {
  system,
  connection,
  jobs,
  database,
  certificates,
  auth,
  operators,
  profiles,
  computers,
  search,
  tags,
  duplicates,
  dictionary,
  software,
  registry,
  snmp,
  adminfields,
  packages,
  ipdiscover,
  import: importApi,
  options,
  agentfiles,
  groups,
  backup,
  dashboard,
  diagnostics,
  export: exportApi,
  cve,
  assetCategories,
} as const;

export type Contract = typeof contract;
export type Capability = keyof Contract;
export type RouteName = {
  [C in Capability]: `${C & string}.${keyof Contract[C] & string}`;
}[Capability];

type DefOf<N extends RouteName> = N extends `${infer C}.${infer V}`
  ? C extends Capability
    ? V extends keyof Contract[C]
      ? Contract[C][V]
      : never
    : never
  : never;

export type RouteInput<N extends RouteName> = DefOf<N> extends AnyDef ? z.input<DefOf<N>['input']> : never;
export type RouteOutput<N extends RouteName> =
  DefOf<N> extends RouteDef<z.ZodType, infer O>
    ? z.output<O>
    : DefOf<N> extends JobDef
      ? { jobId: string }
      : never;
export type JobResult<N extends RouteName> =
  DefOf<N> extends JobDef<z.ZodType, infer R> ? z.output<R> : never;

/** Flat `name -> definition` map, built once from the contract. */
export function flattenContract(): Map<string, AnyDef> {
  const out = new Map<string, AnyDef>();
  for (const [cap, routes] of Object.entries(contract)) {
    for (const [verb, def] of Object.entries(routes as Record<string, AnyDef>))
      out.set(`${cap}.${verb}`, def);
  }
  return out;
}

export * from './route';
export * from './rights';
export * from './errors';
export { connection, jobs, system };
export { database };
export { certificates };
export { auth, operators, profiles };
export { computers, search, tags };
export { adminfields };
export { packages };
export { ipdiscover };
export { agentfiles };
export { groups };
