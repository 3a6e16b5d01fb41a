import type { Capability, Contract } from '../../shared/contract';
import { connectionRoutes } from '../connection/connection.routes';
import { databaseRoutes } from '../database/database.routes';
import { jobsRoutes } from '../jobs/jobs.routes';
import { EventBus } from '../platform/events/event-bus';
import { JobRunner } from '../platform/jobs/job-runner';
import { Router, type Handlers } from '../platform/rpc/router';
import { systemRoutes, type LogsDoor } from '../system/system.routes';
import { certificatesRoutes } from '../certificates/certificates.routes';
import { authRoutes } from '../auth/auth.routes';
import { refreshOperator } from '../auth/auth.service';
import { operatorsRoutes } from '../operators/operators.routes';
import { defaultConfigDir } from '../profiles/config-dir';
import { profilesRoutes } from '../profiles/profiles.routes';
import { ProfilesService } from '../profiles/profiles.service';
import { KeyFileSecretBox, type SecretBox } from '../profiles/secret-box';
import { computersRoutes } from '../computers/computers.routes';
import { searchRoutes } from '../computers/search.routes';
import { tagsRoutes } from '../computers/tags.routes';
import { assetCategoriesRoutes } from '../assetcategories/assetcategories.routes';
import { duplicatesRoutes } from '../duplicates/duplicates.routes';
import { dictionaryRoutes } from '../dictionary/dictionary.routes';
import { softwareRoutes } from '../software/software.routes';
import { registryRoutes } from '../registry/registry.routes';
import { snmpRoutes } from '../snmp/snmp.routes';
import { adminfieldsRoutes } from '../adminfields/adminfields.routes';
import { packagesRoutes } from '../packages/packages.routes';
import { ipdiscoverRoutes } from '../ipdiscover/ipdiscover.routes';
import { importRoutes } from '../import/import.routes';
import { optionsRoutes } from '../options/options.routes';
import { UploadStore } from '../import/upload-store';
import { agentfilesRoutes } from '../agentfiles/agentfiles.routes';
import { groupsRoutes } from '../groups/groups.routes';
import { backupRoutes } from '../backup/backup.routes';
import { dashboardRoutes } from '../dashboard/dashboard.routes';
import { diagnosticsRoutes } from '../diagnostics/diagnostics.routes';
import { exportRoutes } from '../export/export.routes';
import { cveRoutes } from '../cve/cve.routes';

export interface App {
  readonly router: Router;
  readonly bus: EventBus;
  readonly jobs: JobRunner;
}

/** Builds the services and the router once; the three doors (Electron, web shell, CLI) share it. */
export function composeApp(
  opts: {
    checkOutputs?: boolean;
    /** Settings folder (Electron: userData); default `OCS_DESK_CONFIG_DIR` or ~/.config/ocs-desk. */
    configDir?: string;
    /** Electron's safeStorage box; the key-file box is always there to open older profiles. */
    secretBox?: SecretBox | null;
    /** The main-process log file of this door (Electron, web shell), for `system.openLogs`. */
    logs?: LogsDoor | null;
  } = {},
): App {
  const bus = new EventBus();
  const configDir = opts.configDir ?? defaultConfigDir();
  const keyFile = new KeyFileSecretBox(configDir);
  const profiles = new ProfilesService(configDir, opts.secretBox ? [opts.secretBox, keyFile] : [keyFile]);
  const jobs = new JobRunner(bus);
  const uploads = new UploadStore();
  const impl: { [K in Capability]: Handlers<Contract[K]> } = {
    system: systemRoutes(opts.logs ?? null),
    connection: connectionRoutes,
    jobs: jobsRoutes(jobs),
    database: databaseRoutes,
    certificates: certificatesRoutes,
    auth: authRoutes(jobs),
    operators: operatorsRoutes,
    profiles: profilesRoutes(profiles),
    computers: computersRoutes(configDir),
    search: searchRoutes,
    tags: tagsRoutes,
    duplicates: duplicatesRoutes,
    dictionary: dictionaryRoutes,
    software: softwareRoutes,
    registry: registryRoutes,
    snmp: snmpRoutes,
    adminfields: adminfieldsRoutes,
    packages: packagesRoutes,
    ipdiscover: ipdiscoverRoutes(configDir),
    import: importRoutes(jobs, uploads),
    options: optionsRoutes,
    agentfiles: agentfilesRoutes(uploads),
    groups: groupsRoutes,
    backup: backupRoutes(configDir),
    dashboard: dashboardRoutes,
    diagnostics: diagnosticsRoutes,
    export: exportRoutes,
    cve: cveRoutes,
    assetCategories: assetCategoriesRoutes,
  };
  const router = new Router(impl as unknown as Record<string, Record<string, unknown>>, jobs, {
    checkOutputs: opts.checkOutputs ?? process.env.NODE_ENV !== 'production',
    refreshOperator,
  });
  return { router, bus, jobs };
}
