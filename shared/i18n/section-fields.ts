import type { Lang } from './field-label';

/**
 * Human names and units of the inventory columns the computer detail shows (EN/FR), shared by the window
 * and the CLI so both say "Disk size 476,940 MB" and never "DISKSIZE 476940". Units are the agents'
 * (docs/computer-detail.md: sizes in MB, frequencies in MHz, as ocsreports 2.11's cd_* plugins label them).
 * A column missing here shows its raw name: a newer schema never hides data.
 */
export type FieldUnit = 'MB' | 'MHz' | 'KB' | 's';
export type FieldKind = 'text' | 'number' | 'date' | 'bool' | 'mac';
interface FieldDef {
  en: string;
  fr: string;
  unit?: FieldUnit;
  kind?: FieldKind;
}

const f = (en: string, fr: string, extra: Omit<FieldDef, 'en' | 'fr'> = {}): FieldDef => ({
  en,
  fr,
  ...extra,
});
const MB = { unit: 'MB' as const, kind: 'number' as const };
const MHZ = { unit: 'MHz' as const, kind: 'number' as const };
const NUM = { kind: 'number' as const };
const BOOL = { kind: 'bool' as const };
const DATE = { kind: 'date' as const };

const manufacturer = f('Manufacturer', 'Fabricant');
const name = f('Name', 'Nom');
const caption = f('Caption', 'Libellé');
const description = f('Description', 'Description');
const type = f('Type', 'Type');
const serial = f('Serial number', 'Numéro de série');
const version = f('Version', 'Version');
const status = f('Status', 'État');
const model = f('Model', 'Modèle');
const member = f('Members', 'Membres');

export const SECTION_FIELDS: Readonly<Record<string, Readonly<Record<string, FieldDef>>>> = {
  cpus: {
    MANUFACTURER: manufacturer,
    TYPE: f('Model', 'Modèle'),
    SERIALNUMBER: serial,
    SPEED: f('Maximum speed', 'Fréquence maximale', MHZ),
    CURRENT_SPEED: f('Current speed', 'Fréquence actuelle', MHZ),
    CORES: f('Cores', 'Cœurs', NUM),
    LOGICAL_CPUS: f('Logical processors', 'Processeurs logiques', NUM),
    L2CACHESIZE: f('L2 cache', 'Cache L2'),
    CPUARCH: f('Architecture', 'Architecture'),
    DATA_WIDTH: f('Data width (bits)', 'Largeur des données (bits)', NUM),
    CURRENT_ADDRESS_WIDTH: f('Address width (bits)', "Largeur d'adresse (bits)", NUM),
    VOLTAGE: f('Voltage', 'Tension'),
    SOCKET: f('Socket', 'Support'),
  },
  memories: {
    CAPTION: caption,
    DESCRIPTION: description,
    CAPACITY: f('Capacity', 'Capacité', MB),
    PURPOSE: f('Purpose', 'Usage'),
    TYPE: type,
    SPEED: f('Speed', 'Fréquence', MHZ),
    NUMSLOTS: f('Slot', 'Emplacement', NUM),
    SERIALNUMBER: serial,
  },
  storages: {
    MANUFACTURER: manufacturer,
    NAME: name,
    MODEL: model,
    DESCRIPTION: description,
    TYPE: type,
    DISKSIZE: f('Disk size', 'Taille du disque', MB),
    SERIALNUMBER: serial,
    FIRMWARE: f('Firmware', 'Micrologiciel'),
  },
  drives: {
    LETTER: f('Drive', 'Lecteur'),
    TYPE: type,
    FILESYSTEM: f('File system', 'Système de fichiers'),
    TOTAL: f('Total size', 'Taille totale', MB),
    FREE: f('Free space', 'Espace libre', MB),
    NUMFILES: f('Files', 'Fichiers', NUM),
    VOLUMN: f('Volume', 'Volume'),
    CREATEDATE: f('Created', 'Créé le', DATE),
  },
  networks: {
    DESCRIPTION: description,
    TYPE: type,
    TYPEMIB: f('Interface type (MIB)', "Type d'interface (MIB)"),
    SPEED: f('Speed', 'Débit'),
    MTU: f('MTU', 'MTU', NUM),
    MACADDR: f('MAC address', 'Adresse MAC', { kind: 'mac' }),
    STATUS: status,
    IPADDRESS: f('IP address', 'Adresse IP'),
    IPMASK: f('Netmask', 'Masque'),
    IPGATEWAY: f('Gateway', 'Passerelle'),
    IPSUBNET: f('Subnet', 'Sous-réseau'),
    IPDHCP: f('DHCP server', 'Serveur DHCP'),
    VIRTUALDEV: f('Virtual', 'Virtuelle', BOOL),
  },
  printers: {
    NAME: name,
    DRIVER: f('Driver', 'Pilote'),
    PORT: f('Port', 'Port'),
    DESCRIPTION: description,
    SERVERNAME: f('Server', 'Serveur'),
    SHARENAME: f('Share name', 'Nom de partage'),
    RESOLUTION: f('Resolution', 'Résolution'),
    COMMENT: f('Comment', 'Commentaire'),
    SHARED: f('Shared', 'Partagée', BOOL),
    NETWORK: f('Network printer', 'Imprimante réseau', BOOL),
  },
  monitors: {
    MANUFACTURER: manufacturer,
    CAPTION: caption,
    DESCRIPTION: description,
    TYPE: type,
    SERIAL: serial,
  },
  videos: {
    NAME: name,
    CHIPSET: f('Chipset', 'Jeu de puces'),
    MEMORY: f('Video memory', 'Mémoire vidéo', MB),
    RESOLUTION: f('Resolution', 'Résolution'),
  },
  controllers: {
    MANUFACTURER: manufacturer,
    NAME: name,
    CAPTION: caption,
    DESCRIPTION: description,
    VERSION: version,
    TYPE: type,
  },
  slots: {
    NAME: name,
    DESCRIPTION: description,
    DESIGNATION: f('Designation', 'Désignation'),
    PURPOSE: f('Purpose', 'Usage'),
    STATUS: status,
    PSHARE: f('Shared', 'Partagé', BOOL),
  },
  ports: { TYPE: type, NAME: name, CAPTION: caption, DESCRIPTION: description },
  sounds: { MANUFACTURER: manufacturer, NAME: name, DESCRIPTION: description },
  modems: { NAME: name, MODEL: model, DESCRIPTION: description, TYPE: type },
  inputs: {
    TYPE: type,
    MANUFACTURER: manufacturer,
    CAPTION: caption,
    DESCRIPTION: description,
    INTERFACE: f('Interface', 'Interface'),
    POINTTYPE: f('Pointing type', 'Type de pointage'),
  },
  registry: { NAME: f('Query', 'Requête'), REGVALUE: f('Value', 'Valeur') },
  virtualmachines: {
    NAME: name,
    STATUS: status,
    SUBSYSTEM: f('Hypervisor', 'Hyperviseur'),
    VMTYPE: f('Virtualisation type', 'Type de virtualisation'),
    UUID: f('UUID', 'UUID'),
    VCPU: f('Virtual processors', 'Processeurs virtuels', NUM),
    MEMORY: f('Memory', 'Mémoire', MB),
  },
  batteries: {
    LOCATION: f('Location', 'Emplacement'),
    MANUFACTURER: manufacturer,
    MANUFACTUREDATE: f('Manufactured', 'Fabriquée le', DATE),
    SERIALNUMBER: serial,
    NAME: name,
    CHEMISTRY: f('Chemistry', 'Chimie'),
    DESIGNCAPACITY: f('Design capacity', 'Capacité nominale'),
    DESIGNVOLTAGE: f('Design voltage', 'Tension nominale'),
    SBDSVERSION: f('SBDS version', 'Version SBDS'),
    MAXERROR: f('Maximum error (%)', 'Erreur maximale (%)', NUM),
    OEMSPECIFIC: f('OEM specific', 'Spécifique OEM'),
  },
  usbdevices: {
    DESCRIPTION: description,
    INTERFACE: f('Interface', 'Interface'),
    MANUFACTURER: manufacturer,
    SERIAL: serial,
    TYPE: type,
  },
  sim: {
    OPERATOR: f('Operator code', "Code de l'opérateur"),
    OPNAME: f('Operator', 'Opérateur'),
    COUNTRY: f('Country', 'Pays'),
    SERIALNUMBER: f('SIM serial (ICCID)', 'Numéro de série SIM (ICCID)'),
    DEVICEID: f('Device ID', "Identifiant de l'appareil"),
    PHONENUMBER: f('Phone number', 'Numéro de téléphone'),
  },
  repository: {
    NAME: name,
    BASEURL: f('Base URL', 'URL de base'),
    MIRRORS: f('Mirrors', 'Miroirs'),
    FILENAME: f('File', 'Fichier'),
    PKGS: f('Packages', 'Paquets'),
    SIZE: f('Size', 'Taille'),
    REVISION: f('Revision', 'Révision'),
    TAG: f('Tag', 'Étiquette'),
    UPDATED: f('Updated', 'Mis à jour'),
    EXPIRE: f('Expires', 'Expire'),
    EXCLUDE: f('Excluded patterns', 'Motifs exclus'),
    EXCLUDED: f('Excluded packages', 'Paquets exclus'),
  },
  javainfo: {
    JAVANAME: name,
    JAVAPATHLEVEL: f('Patch level', 'Niveau de correctif', NUM),
    JAVACOUNTRY: f('Country', 'Pays'),
    JAVACLASSPATH: f('Class path', 'Chemin des classes'),
    JAVAHOME: f('Java home', 'Dossier Java'),
  },
  journallog: {
    LISTENERNAME: f('Listener', 'Écouteur'),
    DATE: f('Date', 'Date'),
    STATUS: f('Status code', "Code d'état", NUM),
    ERRORCODE: f('Error code', "Code d'erreur", NUM),
    JOURNALLOG: f('Message', 'Message'),
  },
  local_users: {
    LOGIN: f('Login', 'Identifiant'),
    NAME: name,
    ID_USER: f('User ID (UID)', 'Identifiant utilisateur (UID)'),
    GID: f('Group ID (GID)', 'Identifiant de groupe (GID)'),
    HOME: f('Home folder', 'Dossier personnel'),
    SHELL: f('Shell', 'Interpréteur'),
    MEMBER: member,
  },
  local_groups: {
    NAME: name,
    ID_GROUP: f('Group ID (GID)', 'Identifiant de groupe (GID)'),
    MEMBER: member,
  },
  unixusers: {
    LOGIN_USERS: f('Login', 'Identifiant'),
    NAME_USERS: name,
    ID_USERS: f('User ID (UID)', 'Identifiant utilisateur (UID)'),
    GID_USERS: f('Group ID (GID)', 'Identifiant de groupe (GID)'),
    HOME_USERS: f('Home folder', 'Dossier personnel'),
    SHELL_USERS: f('Shell', 'Interpréteur'),
    GROUP_USERS: f('Group', 'Groupe'),
    ID_GROUP: f('Group ID', 'Identifiant de groupe'),
    NAME_GROUP: f('Group name', 'Nom du groupe'),
    MEMBER_GROUP: member,
  },
  saas: {
    SERVICE: f('Service', 'Service'),
    ENTRY: f('DNS entry', 'Entrée DNS'),
    DATA: f('Answer', 'Réponse'),
    TTL: f('TTL', 'TTL', { unit: 's', kind: 'number' }),
  },
  download_history: {
    PKG_ID: f('Package ID', 'Identifiant du paquet'),
    PKG_NAME: f('Package', 'Paquet'),
  },
  software: {
    name: name,
    publisher: f('Publisher', 'Éditeur'),
    version: version,
    installDate: f('Installed', 'Installé le', DATE),
    architecture: f('Architecture', 'Architecture'),
    bitswidth: f('Bits', 'Bits', NUM),
    folder: f('Folder', 'Dossier'),
    filename: f('File', 'Fichier'),
    filesize: f('File size', 'Taille du fichier', NUM),
    language: f('Language', 'Langue'),
    guid: f('GUID', 'GUID'),
    comments: f('Comments', 'Commentaires'),
    source: f('Source', 'Source', NUM),
  },
};

/** Columns never shown as data (row ids and links). */
export const SECTION_HIDDEN = new Set(['ID', 'HARDWARE_ID', 'SAAS_EXP_ID']);

/**
 * hardware columns the detail leaves out, as ocsreports' own detail does (plugins/computer_detail/
 * cd_hardware shows none of them): TYPE, SSTATE and ETIME are the server's bookkeeping, not facts about
 * the computer, and have no wording an operator could read.
 */
export const HARDWARE_INTERNAL = new Set(['TYPE', 'SSTATE', 'ETIME']);

export function sectionFieldDef(section: string, column: string): FieldDef | undefined {
  return SECTION_FIELDS[section]?.[column];
}

/** The column's name in the operator's language, or the raw column name when the catalogue lacks it. */
export function sectionFieldLabel(section: string, column: string, lang: Lang): string {
  const d = sectionFieldDef(section, column);
  if (!d) return column;
  return d.unit ? `${d[lang]} (${d.unit})` : d[lang];
}

/** MySQL's zero dates and the agents' empty placeholders mean "unknown". */
export function isZeroDate(v: string): boolean {
  return /^0000-00-00/.test(v) || /^00\/00\/0000/.test(v);
}

/**
 * A value as the operator reads it: numbers grouped for the language (units are in the label), booleans
 * as yes/no, zero dates as empty. Text that is not a plain number is shown as the agent sent it.
 */
export function formatSectionValue(
  section: string,
  column: string,
  value: string | number | boolean | null | undefined,
  lang: Lang,
): string {
  if (value === null || value === undefined || value === '') return '';
  const d = sectionFieldDef(section, column);
  const s = String(value);
  if (isZeroDate(s)) return '';
  if (!d) return s;
  if (d.kind === 'bool' && /^[01]$/.test(s)) return s === '1' ? yes[lang] : no[lang];
  if (d.kind === 'number' && /^-?\d+(\.\d+)?$/.test(s.trim())) {
    return new Intl.NumberFormat(lang).format(Number(s));
  }
  if (d.kind === 'mac') return s.toUpperCase();
  return s;
}

const yes: Record<Lang, string> = { en: 'Yes', fr: 'Oui' };
const no: Record<Lang, string> = { en: 'No', fr: 'Non' };

/** True when the column is known and carries a unit (used to right-align numbers). */
export function isNumericField(section: string, column: string): boolean {
  return sectionFieldDef(section, column)?.kind === 'number';
}

/** Column order: the catalogue's order first (the most telling columns), then the rest as the table has them. */
export function orderSectionColumns(section: string, cols: string[]): string[] {
  const known = Object.keys(SECTION_FIELDS[section] ?? {});
  const rank = (c: string) => {
    const i = known.indexOf(c);
    return i < 0 ? known.length : i;
  };
  return cols
    .map((c, i) => ({ c, i }))
    .sort((a, b) => rank(a.c) - rank(b.c) || a.i - b.i)
    .map((x) => x.c);
}
