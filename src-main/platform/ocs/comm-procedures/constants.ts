/**
 * Constants of the comm server 2.8.1 that its write procedures use (checked against the installed
 * server: `Server/Constants.pm` computes CHECKSUM_MAX_VALUE as the OR of every section mask of `Map.pm`).
 */

/** OR of every CHECKSUM mask the server knows, SNMP ones included: "every section changed". */
export const CHECKSUM_MAX_VALUE = 67108863;

/** Prefix of the MariaDB named lock each OCS Desk writer holds while it may own `locks` rows. */
export const WRITER_LOCK_PREFIX = 'ocs-desk-writer-';
