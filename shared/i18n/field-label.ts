import type { ErrorCode, ErrorParams } from '../contract/errors';
import { contractMessage } from './contract-message';

export type Lang = 'en' | 'fr';

/**
 * Field names in the operator's words for the paths zod and the services report ("filter.criteria.0.value").
 * Keys are paths with every list index written `#`; `{{n}}` is the 1-based position of the first index.
 * A path is looked up whole, then without its leading segments ("filter.criteria.#.value" matches
 * "criteria.#.value"), so one entry serves every route that nests the same shape.
 */
const LABELS: Record<Lang, Record<string, string>> = {
  en: {
    'criteria.#.value': 'value of criterion {{n}}',
    'criteria.#.field': 'field of criterion {{n}}',
    'criteria.#.op': 'comparison of criterion {{n}}',
    'criteria.#.operator': 'comparison of criterion {{n}}',
    'criteria.#': 'criterion {{n}}',
    criteria: 'criteria',
    'subject.commonName': 'server name',
    'subject.country': 'country',
    'subject.state': 'state or province',
    'subject.locality': 'city',
    'subject.organisation': 'organisation',
    'subject.unit': 'unit',
    'subject.email': 'e-mail',
    'dnsNames.#': 'DNS name {{n}}',
    'ipAddresses.#': 'IP address {{n}}',
    validityDays: 'validity (days)',
    passphrase: 'CA passphrase',
    caPassphrase: 'CA passphrase',
    caCertFile: 'CA certificate file',
    caKeyFile: 'CA private key file',
    outputDir: 'output folder',
    baseName: 'file name',
    certificatePem: 'certificate',
    chainFile: 'chain file',
    keyFile: 'private key file',
    name: 'name',
    description: 'description',
    actionParam: 'command, program or destination',
    'source.path': 'file or folder',
    source: 'package content',
    priority: 'priority',
    'notify.text': 'message to the user',
    'notify.countdown': 'countdown (seconds)',
    'needDoneAction.text': 'message after installation',
    'fragments.bytes': 'fragment size',
    'fragments.count': 'number of fragments',
    downloadDir: 'download folder',
    infoLoc: 'info file address',
    packLoc: 'fragments address',
    caFile: 'CA file',
    timeoutMs: 'timeout',
    'settings.FREQUENCY.ivalue': 'inventory frequency (days)',
    'settings.PROLOG_FREQ.ivalue': 'contact frequency (hours)',
    'settings.INVENTORY_ON_STARTUP.ivalue': 'inventory on startup',
    'settings.IPDISCOVER.ivalue': 'IP discovery',
    'settings.DOWNLOAD_SWITCH.ivalue': 'deployment enabled',
    'settings.DOWNLOAD_CYCLE_LATENCY.ivalue': 'download cycle latency (seconds)',
    'settings.DOWNLOAD_FRAG_LATENCY.ivalue': 'fragment latency (seconds)',
    'settings.DOWNLOAD_PERIOD_LATENCY.ivalue': 'period latency (seconds)',
    'settings.DOWNLOAD_PERIOD_LENGTH.ivalue': 'period length (cycles)',
    'settings.DOWNLOAD_TIMEOUT.ivalue': 'download timeout (days)',
    'settings.SNMP_SWITCH.ivalue': 'SNMP enabled',
    settings: 'settings',
    'changes.#.value': 'value of option {{n}}',
    'sort.column': 'sort column',
    password: 'password',
    newPassword: 'new password',
    login: 'login',
    host: 'host',
    port: 'port',
    user: 'user',
    database: 'database',
    'appUser.password': 'application account password',
    paths: 'files',
    serverUrl: 'server address',
    concurrency: 'files at once',
    order: 'order of the files',
    targets: 'targets',
    choices: 'choices',
  },
  fr: {
    'criteria.#.value': 'valeur du critère {{n}}',
    'criteria.#.field': 'champ du critère {{n}}',
    'criteria.#.op': 'comparaison du critère {{n}}',
    'criteria.#.operator': 'comparaison du critère {{n}}',
    'criteria.#': 'critère {{n}}',
    criteria: 'critères',
    'subject.commonName': 'nom du serveur',
    'subject.country': 'pays',
    'subject.state': 'région',
    'subject.locality': 'ville',
    'subject.organisation': 'organisation',
    'subject.unit': 'service',
    'subject.email': 'e-mail',
    'dnsNames.#': 'nom DNS {{n}}',
    'ipAddresses.#': 'adresse IP {{n}}',
    validityDays: 'validité (jours)',
    passphrase: "phrase secrète de l'AC",
    caPassphrase: "phrase secrète de l'AC",
    caCertFile: "fichier du certificat de l'AC",
    caKeyFile: "fichier de la clé privée de l'AC",
    outputDir: 'dossier de sortie',
    baseName: 'nom de fichier',
    certificatePem: 'certificat',
    chainFile: 'fichier de chaîne',
    keyFile: 'fichier de clé privée',
    name: 'nom',
    description: 'description',
    actionParam: 'commande, programme ou destination',
    'source.path': 'fichier ou dossier',
    source: 'contenu du paquet',
    priority: 'priorité',
    'notify.text': "message à l'utilisateur",
    'notify.countdown': 'compte à rebours (secondes)',
    'needDoneAction.text': "message après l'installation",
    'fragments.bytes': 'taille des fragments',
    'fragments.count': 'nombre de fragments',
    downloadDir: 'dossier de téléchargement',
    infoLoc: 'adresse du fichier info',
    packLoc: 'adresse des fragments',
    caFile: "fichier de l'AC",
    timeoutMs: "délai d'attente",
    'settings.FREQUENCY.ivalue': "fréquence d'inventaire (jours)",
    'settings.PROLOG_FREQ.ivalue': 'fréquence de contact (heures)',
    'settings.INVENTORY_ON_STARTUP.ivalue': 'inventaire au démarrage',
    'settings.IPDISCOVER.ivalue': 'découverte IP',
    'settings.DOWNLOAD_SWITCH.ivalue': 'télédéploiement activé',
    'settings.DOWNLOAD_CYCLE_LATENCY.ivalue': 'latence de cycle (secondes)',
    'settings.DOWNLOAD_FRAG_LATENCY.ivalue': 'latence entre fragments (secondes)',
    'settings.DOWNLOAD_PERIOD_LATENCY.ivalue': 'latence de période (secondes)',
    'settings.DOWNLOAD_PERIOD_LENGTH.ivalue': 'longueur de période (cycles)',
    'settings.DOWNLOAD_TIMEOUT.ivalue': 'délai de téléchargement (jours)',
    'settings.SNMP_SWITCH.ivalue': 'SNMP activé',
    settings: 'paramètres',
    'changes.#.value': "valeur de l'option {{n}}",
    'sort.column': 'colonne de tri',
    password: 'mot de passe',
    newPassword: 'nouveau mot de passe',
    login: 'identifiant',
    host: 'hôte',
    port: 'port',
    user: 'utilisateur',
    database: 'base de données',
    'appUser.password': "mot de passe du compte d'application",
    paths: 'fichiers',
    serverUrl: 'adresse du serveur',
    concurrency: 'imports en parallèle',
    order: 'ordre des fichiers',
    targets: 'cibles',
    choices: 'choix',
  },
};

/** "commonName" -> "common name", "DOWNLOAD_TIMEOUT" -> "DOWNLOAD_TIMEOUT" (an OCS name the admin knows). */
function humanise(segment: string): string {
  if (/^[A-Z0-9_]+$/.test(segment) || !/^[A-Za-z][A-Za-z0-9_]*$/.test(segment)) return segment;
  return segment
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
}

/**
 * The field a zod issue path or service field names, in the operator's words: a known label, else the last
 * named segment made readable, never the dotted path. Empty for an empty path.
 */
export function fieldLabel(path: string, lang: Lang = 'en'): string {
  const parts = path.split('.').filter(Boolean);
  if (!parts.length) return '';
  const index = parts.find((p) => /^\d+$/.test(p));
  const n = index === undefined ? '' : String(Number(index) + 1);
  const key = parts.map((p) => (/^\d+$/.test(p) ? '#' : p));
  const table = LABELS[lang] ?? LABELS.en;
  for (let i = 0; i < key.length; i++) {
    const hit = table[key.slice(i).join('.')];
    if (hit) return hit.replace('{{n}}', n);
  }
  // "hardware.NAME" (a search column), "values.fields_3" (an admin field): the last named segment.
  const last = [...parts].reverse().find((p) => !/^\d+$/.test(p)) ?? '';
  const named = last === 'ivalue' || last === 'tvalue' ? (parts[parts.length - 2] ?? last) : last;
  return n && named !== last ? humanise(named) : n ? `${humanise(named)} ${n}` : humanise(named);
}

/**
 * Error parameters made readable before they reach a message: the `field` of VALIDATION_FAILED becomes its
 * label (or the message without a field when there is none), a `detail` loses its final full stop (the
 * messages add one) and a validation detail is in the operator's language, and a CONFLICT without detail gets a general message. Used by the UI and the CLI alike.
 */
export function readableParams(code: ErrorCode, params: ErrorParams, lang: Lang = 'en'): ErrorParams {
  const out: ErrorParams = { ...params };
  if (typeof params.detail === 'string') out.detail = params.detail.trim().replace(/\.$/, '');
  // The contract's validation texts are English; the operator reads them in its language.
  if (code === 'VALIDATION_FAILED' && typeof out.detail === 'string')
    out.detail = contractMessage(out.detail, lang);
  if (code === 'VALIDATION_FAILED' && out.context === undefined) {
    const field = typeof params.field === 'string' ? fieldLabel(params.field, lang) : '';
    if (field) out.field = field;
    else out.context = 'nofield';
  }
  if (code === 'CONFLICT' && !out.detail && out.context === undefined) out.context = 'generic';
  return out;
}
