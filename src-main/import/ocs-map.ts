/**
 * How comm server 2.8.1 stores each inventory section (facts from docs/ocs-compat section 2.4,
 * checked against the installed server). Table = section name in lower case; column = XML field.
 */
export interface SectionDef {
  /** XML element under CONTENT. */
  readonly section: string;
  readonly table: string;
  /** CHECKSUM bit; 0 = always written. */
  readonly mask: number;
  /** Several rows per computer (the server parses the section as a list). */
  readonly multi: boolean;
  /** Rows are deleted before the new ones are written (journallog: rows accumulate). */
  readonly delOnReplace: boolean;
  readonly fields: readonly string[];
  /** Value written when the XML value is missing, empty, `??` or N/A (else ''). */
  readonly fallback?: Readonly<Record<string, string>>;
  /** Fields copied into `<table>_<field>_cache` tables. */
  readonly cached?: readonly string[];
}

const S = (
  section: string,
  mask: number,
  multi: boolean,
  fields: string,
  extra: { fallback?: Record<string, string>; cached?: string[]; delOnReplace?: boolean } = {},
): SectionDef => ({
  section,
  table: section.toLowerCase(),
  mask,
  multi,
  delOnReplace: extra.delOnReplace ?? true,
  fields: fields.split(/\s+/).filter(Boolean),
  fallback: extra.fallback,
  cached: extra.cached,
});

/** The generic ("auto") sections, in a fixed order (the server's order is hash order: not significant). */
export const SECTIONS: readonly SectionDef[] = [
  S(
    'BIOS',
    2,
    false,
    'SMANUFACTURER SMODEL SSN TYPE BMANUFACTURER BVERSION BDATE ASSETTAG MMANUFACTURER MMODEL MSN',
  ),
  S('MEMORIES', 4, true, 'CAPACITY SPEED CAPTION DESCRIPTION NUMSLOTS TYPE PURPOSE SERIALNUMBER', {
    fallback: { NUMSLOTS: '0' },
  }),
  S('SLOTS', 8, true, 'NAME DESCRIPTION DESIGNATION PURPOSE STATUS PSHARE', { fallback: { PSHARE: '0' } }),
  S('REGISTRY', 16, true, 'NAME REGVALUE', { cached: ['NAME', 'REGVALUE'] }),
  S('CONTROLLERS', 32, true, 'MANUFACTURER NAME CAPTION DESCRIPTION VERSION TYPE'),
  S('MONITORS', 64, true, 'MANUFACTURER CAPTION DESCRIPTION TYPE SERIAL'),
  S('PORTS', 128, true, 'NAME CAPTION DESCRIPTION TYPE'),
  S('STORAGES', 256, true, 'MANUFACTURER NAME MODEL DESCRIPTION TYPE DISKSIZE SERIALNUMBER FIRMWARE', {
    fallback: { DISKSIZE: '0' },
  }),
  S('DRIVES', 512, true, 'LETTER TYPE FILESYSTEM TOTAL FREE VOLUMN NUMFILES CREATEDATE', {
    fallback: { TOTAL: '0', FREE: '0', NUMFILES: '0' },
  }),
  S('INPUTS', 1024, true, 'TYPE MANUFACTURER CAPTION DESCRIPTION INTERFACE POINTTYPE'),
  S('MODEMS', 2048, true, 'NAME MODEL DESCRIPTION TYPE'),
  S(
    'NETWORKS',
    4096,
    true,
    'IPADDRESS IPMASK IPSUBNET DESCRIPTION TYPE TYPEMIB SPEED MTU MACADDR STATUS IPGATEWAY IPDHCP VIRTUALDEV',
    { fallback: { MACADDR: '00:00:00:00:00:00' } },
  ),
  S(
    'PRINTERS',
    8192,
    true,
    'NAME DRIVER PORT DESCRIPTION SERVERNAME SHARENAME RESOLUTION COMMENT SHARED NETWORK',
  ),
  S('SOUNDS', 16384, true, 'NAME MANUFACTURER DESCRIPTION'),
  S('VIDEOS', 32768, true, 'NAME CHIPSET MEMORY RESOLUTION'),
  S('VIRTUALMACHINES', 131072, true, 'NAME MEMORY UUID STATUS SUBSYSTEM VMTYPE VCPU'),
  S(
    'CPUS',
    262144,
    true,
    'MANUFACTURER TYPE SERIALNUMBER SPEED CORES L2CACHESIZE CPUARCH DATA_WIDTH CURRENT_ADDRESS_WIDTH LOGICAL_CPUS VOLTAGE CURRENT_SPEED SOCKET',
  ),
  S('SIM', 524288, true, 'OPERATOR OPNAME COUNTRY SERIALNUMBER DEVICEID PHONENUMBER'),
  S(
    'BATTERIES',
    1048576,
    false,
    'LOCATION MANUFACTURER MANUFACTUREDATE SERIALNUMBER NAME CHEMISTRY DESIGNCAPACITY DESIGNVOLTAGE SBDSVERSION MAXERROR OEMSPECIFIC',
  ),
  S('USBDEVICES', 2097152, false, 'DESCRIPTION INTERFACE MANUFACTURER SERIAL TYPE'),
  S(
    'REPOSITORY',
    0,
    true,
    'BASEURL EXCLUDE EXCLUDED EXPIRE FILENAME MIRRORS NAME PKGS REVISION SIZE TAG UPDATED',
  ),
  S('JAVAINFO', 0, false, 'JAVANAME JAVAPATHLEVEL JAVACOUNTRY JAVACLASSPATH JAVAHOME', {
    fallback: { JAVANAME: 'noname', JAVAPATHLEVEL: '0' },
  }),
  S('JOURNALLOG', 0, true, 'JOURNALLOG LISTENERNAME DATE STATUS ERRORCODE', {
    fallback: { LISTENERNAME: 'noname', STATUS: '0' },
    delOnReplace: false,
  }),
  S(
    'UNIXUSERS',
    0,
    true,
    'ID_USERS GID_USERS HOME_USERS LOGIN_USERS NAME_USERS GROUP_USERS SHELL_USERS ID_GROUP MEMBER_GROUP NAME_GROUP',
  ),
];

/** OR of every mask the server knows, SNMP ones included: used when the XML has no CHECKSUM. */
export { CHECKSUM_MAX_VALUE } from '../platform/ocs/comm-procedures';

/** Sections parsed as lists by the server (multi), plus the ones the reader must keep as lists. */
export const MULTI_SECTIONS = new Set([
  ...SECTIONS.filter((s) => s.multi).map((s) => s.section),
  'ACCOUNTINFO',
]);

/** DEVICEID format the server demands (else HTTP 400). */
export const DEVICEID_RE = /^.+-\d{4}(-\d{2}){5}$/;

/**
 * HARDWARE fields the server writes from the XML (docs/ocs-compat 2.4/2.5): texts (absent → NULL) and
 * numbers (absent → 0). IPADDR and USERID have their own rules in the writer; LASTDATE and CHECKSUM too.
 * The writer and the export (src-main/export) both read this list, so they cannot drift apart.
 */
export const HARDWARE_TEXT_FIELDS = [
  'NAME',
  'WORKGROUP',
  'USERDOMAIN',
  'OSNAME',
  'OSVERSION',
  'OSCOMMENTS',
  'PROCESSORT',
  'DNS',
  'DEFAULTGATEWAY',
  'DESCRIPTION',
  'WINCOMPANY',
  'WINOWNER',
  'WINPRODID',
  'WINPRODKEY',
  'UUID',
  'ARCH',
  'CATEGORY_ID',
] as const;
export const HARDWARE_NUMBER_FIELDS = ['PROCESSORS', 'PROCESSORN', 'MEMORY', 'SWAP', 'TYPE'] as const;

/** Software fields written by the server (SOFTWARES is not a generic section). */
export const SOFTWARE_TEXT_FIELDS = ['FOLDER', 'COMMENTS', 'FILENAME', 'GUID', 'LANGUAGE'] as const;
export const SOFTWARE_NUMBER_FIELDS = ['FILESIZE', 'SOURCE', 'BITSWIDTH'] as const;

/** Dictionary columns are varchar(255): a longer text never matches its (truncated) row, the server drops the entry. */
export const DICTIONARY_MAX_CHARS = 255;
