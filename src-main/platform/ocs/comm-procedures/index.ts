/**
 * The comm server's write procedures, in one place (issue 16 defect 8): the `locks` protocol, the
 * duplicate replace and the delete of a computer. Only this folder writes `locks` and `deleted_equiv`
 * or deletes `hardware` rows (ESLint rule `layering/comm-procedures-only`).
 */
export { CHECKSUM_MAX_VALUE } from './constants';
export {
  computerLockedSql,
  openWriter,
  releaseLocks,
  releaseLockSql,
  takeLock,
  takeLocks,
  withLock,
  withWriter,
  type Writer,
} from './locks';
export { replaceDuplicate, type ReplaceArgs, type ReplaceResult } from './replace';
export { deleteComputerRows, deleteGroupHardwareRow } from './delete-computers';
export type { ProcedureSchema } from './schema';
