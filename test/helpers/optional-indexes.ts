/**
 * The optional `ocsdesk_*` indexes the tests expect, in the order the app lists them. Written out here
 * (not read from src-main/computers/perf-indexes.ts) so a test fails when one is added or removed.
 */
export const OPTIONAL_INDEXES = [
  'ocsdesk_lastdate',
  'ocsdesk_lastcome',
  'ocsdesk_name_hw',
  'ocsdesk_triple_hw',
  'ocsdesk_name_ivalue',
] as const;
