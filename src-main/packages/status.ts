import type { StatusCategory } from '../../shared/contract/packages';

/** devices.TVALUE → category, with the console's LIKE prefixes (ocs-compat 6.10, trap 26). */
export function statusCategory(tvalue: string | null): StatusCategory {
  if (tvalue === null) return 'waiting';
  const t = tvalue.toUpperCase();
  if (t.startsWith('NOTI')) return 'notified';
  if (t.startsWith('SUCCESS')) return 'success';
  if (t.startsWith('ERR') || t.startsWith('EXIT_CODE')) return 'error';
  return 'other';
}

/** Group rows are not computers (trap 8). */
export const GROUP_DEVICEIDS = ['_SYSTEMGROUP_', '_DOWNLOADGROUP_'];

/** Every devices NAME an assignment writes (removed together, trap 20). */
export const ASSIGNMENT_NAMES = ['DOWNLOAD', 'DOWNLOAD_FORCE', 'DOWNLOAD_SCHEDULE', 'DOWNLOAD_POSTCMD'];
