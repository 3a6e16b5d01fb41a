import type { z } from 'zod';
import { en, fr } from 'zod/v4/locales';
import type { Lang } from './field-label';

/**
 * The contract's validation messages are English (the routes, the CLI and the logs use them as they are);
 * a form shows them in the operator's language through this table. Keys are the contract's own texts;
 * parameterised ones are patterns. contract-message.test.ts reads every literal message of shared/contract
 * and fails when one has no French text here.
 */
const FR: Record<string, string> = {
  required: 'obligatoire',
  'at least 8 characters': 'au moins 8 caractères',
  'whole days': 'un nombre entier de jours',
  'at least 1 day': 'au moins 1 jour',
  'at most 36500 days (100 years)': 'au plus 36500 jours (100 ans)',
  'two letters (ISO 3166 code, e.g. FR, DE, US)': 'deux lettres (code ISO 3166, par exemple FR, DE, US)',
  'not an e-mail address': "ce n'est pas une adresse e-mail",
  'not an IPv4 or IPv6 address': "ce n'est pas une adresse IPv4 ou IPv6",
  'no control or invalid characters': 'pas de caractère de contrôle ni de caractère invalide',
  'choose an output folder': 'choisissez un dossier de sortie',
  'choose the CA certificate (cacert.pem)': "choisissez le certificat de l'AC (cacert.pem)",
  'choose the CA key (ca.key)': "choisissez la clé de l'AC (ca.key)",
  'choose the private key written with the request': 'choisissez la clé privée écrite avec la demande',
  'choose the folder where the certificate is written': 'choisissez le dossier où le certificat est écrit',
  'give either the certificate file or its PEM text':
    'donnez soit le fichier du certificat, soit son texte PEM',
  'letters, digits, . _ - only': 'lettres, chiffres, . _ - uniquement',
  'letters, digits, _ . $ - only': 'lettres, chiffres, _ . $ - uniquement',
  'letters, digits, _ $ - only': 'lettres, chiffres, _ $ - uniquement',
  'letters, digits, _ and $ only': 'lettres, chiffres, _ et $ uniquement',
  'letters and digits only': 'lettres et chiffres uniquement',
  'host name, address or pattern': "nom d'hôte, adresse ou motif",
  'an https:// address, e.g. https://ocs.example.com/ocsinventory':
    'une adresse https://, par exemple https://ocs.example.com/ocsinventory',
  'an http:// or https:// address': 'une adresse http:// ou https://',
  'an absolute path': 'un chemin absolu',
  'no spaces allowed in a server name (e.g. ocs.example.com)':
    "pas d'espace dans un nom de serveur (par exemple ocs.example.com)",
  'at most 253 characters': 'au plus 253 caractères',
  'empty label (two dots or a dot at an end)':
    'label vide (deux points de suite ou un point à une extrémité)',
  'a wildcard is only allowed as the whole first label, e.g. *.example.com':
    "un joker n'est permis que comme premier label entier, par exemple *.example.com",
  'a wildcard needs at least two labels after it, e.g. *.example.com':
    "un joker doit être suivi d'au moins deux labels, par exemple *.example.com",
  'no line breaks': 'pas de retour à la ligne',
  'no quotes or angle brackets': 'pas de guillemets ni de chevrons',
  'no spaces, quotes or angle brackets': "pas d'espaces, de guillemets ni de chevrons",
  'a name is required': 'un nom est obligatoire',
  'a description is required': 'une description est obligatoire',
  'characters outside utf8mb3 (emoji) cannot be stored':
    'les caractères hors utf8mb3 (émojis) ne peuvent pas être enregistrés',
  'characters outside utf8mb3 cannot be stored':
    'les caractères hors utf8mb3 ne peuvent pas être enregistrés',
  'a dotted IPv4 address (a.b.c.d)': 'une adresse IPv4 pointée (a.b.c.d)',
  'a MAC address (aa:bb:cc:dd:ee:ff)': 'une adresse MAC (aa:bb:cc:dd:ee:ff)',
  'a numeric OID such as 1.3.6.1.2.1.1.5.0': 'un OID numérique comme 1.3.6.1.2.1.1.5.0',
  'required for v3': 'obligatoire en v3',
  'from 1 to 3650 days': 'de 1 à 3650 jours',
  'choices must be distinct': 'les choix doivent être distincts',
  'TAG already exists': 'TAG existe déjà',
  'cannot contain &&&': 'ne peut pas contenir &&&',
  'a choice list needs at least one choice': 'une liste de choix demande au moins un choix',
  'a file name, not . or ..': 'un nom de fichier, pas . ni ..',
  'the label row is edited on the Label page': 'la ligne du libellé se modifie dans la page Libellé',
  'give a path or an uploadId': 'donnez un chemin ou un uploadId',
  'give paths or an uploadId': 'donnez des chemins ou un uploadId',
  'NEW, IGNORED and UNCHANGED are tabs, not category names':
    'NEW, IGNORED et UNCHANGED sont des onglets, pas des noms de catégorie',
  'a category tab needs its name': 'un onglet de catégorie demande son nom',
  'the same computer twice in a group': 'deux fois le même ordinateur dans un groupe',
  'confirm the deletion': 'confirmez la suppression',
  'give either targets or netId': 'donnez soit des cibles, soit netId',
  'a forced agent needs its network': 'un agent forcé demande son réseau',
  'a package without a file can only EXECUTE a command':
    'un paquet sans fichier ne peut que lancer une commande (EXECUTE)',
  'the notification needs a text': 'la notification demande un texte',
  'the request after installation needs a text': "la demande après l'installation demande un texte",
  'the key is below the hive: no leading or trailing backslash':
    'la clé est sous la ruche : pas de barre oblique inverse au début ni à la fin',
  'separate key parts with backslashes': 'séparez les parties de la clé par des barres obliques inverses',
  'a version condition needs both its sign and its version':
    'une condition de version demande son signe et sa version',
};

const FR_PATTERNS: Array<[RegExp, (m: RegExpMatchArray) => string]> = [
  [
    /^"(.*)": letters, digits and hyphens only \(not at the start or end of a label\)$/,
    (m) =>
      `« ${m[1]} » : lettres, chiffres et traits d'union uniquement (pas au début ni à la fin d'un label)`,
  ],
  [
    /^(one file at a time|at most (\d+) files at once) through the comm server \(with more, the comm server (\S+) loses or rewrites computers\); use offline mode to import faster$/,
    (m) =>
      `${m[2] ? `au plus ${m[2]} fichiers à la fois` : 'un fichier à la fois'} par le serveur de communication (au-delà, le serveur de communication ${m[3]} perd ou réécrit des ordinateurs) ; utilisez le mode hors ligne pour importer plus vite`,
  ],
  [/^"(.*)": (.*)$/, (m) => `« ${m[1]} » : ${contractMessage(m[2]!, 'fr')}`],
];

type Issue = z.core.$ZodIssue;
const enLocale = en();
const frLocale = fr();

/** zod's own message for a bound, in plain words ("at most 64 characters"), for the French form. */
function frBound(issue: Issue): string | null {
  if (issue.code !== 'too_big' && issue.code !== 'too_small') return null;
  const big = issue.code === 'too_big';
  const n = Number(big ? issue.maximum : issue.minimum);
  const exclusive = issue.inclusive === false;
  const limit = big ? (exclusive ? n - 1 : n) : exclusive ? n + 1 : n;
  const word = big ? 'au plus' : 'au moins';
  if (issue.origin === 'string') return `${word} ${limit} caractère${limit > 1 ? 's' : ''}`;
  if (issue.origin === 'array' || issue.origin === 'set')
    return `${word} ${limit} élément${limit > 1 ? 's' : ''}`;
  if (issue.origin === 'number' || issue.origin === 'int') return `${word} ${limit}`;
  return null;
}

/**
 * A contract message in the operator's language. With the zod issue, zod's own default texts (no message
 * given by the contract) are translated too.
 */
export function contractMessage(message: string, lang: Lang, issue?: Issue): string {
  if (lang === 'en') return message;
  const exact = FR[message];
  if (exact) return exact;
  for (const [re, fn] of FR_PATTERNS) {
    const m = message.match(re);
    if (m) return fn(m);
  }
  if (issue) {
    // zod's default English text for this issue: the contract gave none, so zod's French one (or ours) fits.
    const def = (enLocale.localeError as (i: unknown) => string | { message: string } | undefined)(issue);
    const text = typeof def === 'string' ? def : def?.message;
    if (text === message) {
      const own = frBound(issue);
      if (own) return own;
      const f = (frLocale.localeError as (i: unknown) => string | { message: string } | undefined)(issue);
      const ft = typeof f === 'string' ? f : f?.message;
      if (ft) return ft;
    }
  }
  return message;
}

/** The messages of a form's error map (path → message) in the operator's language. */
export function translateErrors(errors: Record<string, unknown>, lang: Lang): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(errors)) if (v) out[k] = contractMessage(String(v), lang);
  return out;
}

/** The table's language for an i18next language tag. */
export function uiLang(language: string | undefined): Lang {
  return language?.startsWith('fr') ? 'fr' : 'en';
}
