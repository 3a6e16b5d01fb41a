import type { PackageAction } from '../../../shared/contract/packages';

/** Every attribute the agents read from `<FILEID>/info` (DEPLOYMENT-NOTES §2, ocs-compat 6.4). */
export interface InfoAttributes {
  id: string;
  priority: number;
  action: PackageAction;
  /** MD5 of the whole archive, 32 lower-case hex digits; '' when there is no archive. */
  digest: string;
  proto: 'HTTP' | 'HTTPS';
  frags: number;
  /** LAUNCH: NAME, EXECUTE: COMMAND, STORE: PATH. */
  actionParam: string;
  notify: { enabled: boolean; text: string; countdown: number | null; canAbort: boolean; canDelay: boolean };
  needDoneAction: { enabled: boolean; text: string };
}

/** XML attribute escaping; new lines become character references so the element stays on one line. */
export function xmlAttr(v: string): string {
  return v
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\r/g, '&#13;')
    .replace(/\n/g, '&#10;')
    .replace(/\t/g, '&#9;');
}

const ACTION_ATTR: Record<PackageAction, string> = { LAUNCH: 'NAME', EXECUTE: 'COMMAND', STORE: 'PATH' };
const b = (x: boolean) => (x ? '1' : '0');

/** The info file: XML declaration, then one DOWNLOAD element on one line, attributes in the console's order. */
export function renderInfoFile(a: InfoAttributes): string {
  const attrs: Array<[string, string]> = [
    ['ID', a.id],
    ['PRI', String(a.priority)],
    ['ACT', a.action],
    ['DIGEST', a.digest],
    ['PROTO', a.proto],
    ['FRAGS', String(a.frags)],
    ['DIGEST_ALGO', 'MD5'],
    ['DIGEST_ENCODE', 'Hexa'],
    [ACTION_ATTR[a.action], a.actionParam],
    ['NOTIFY_USER', b(a.notify.enabled)],
    ['NOTIFY_TEXT', a.notify.text],
    ['NOTIFY_COUNTDOWN', a.notify.countdown === null ? '' : String(a.notify.countdown)],
    ['NOTIFY_CAN_ABORT', b(a.notify.canAbort)],
    ['NOTIFY_CAN_DELAY', b(a.notify.canDelay)],
    ['NEED_DONE_ACTION', b(a.needDoneAction.enabled)],
    ['NEED_DONE_ACTION_TEXT', a.needDoneAction.text],
    ['GARDEFOU', 'rien'],
  ];
  const body = attrs.map(([k, v]) => `${k}="${xmlAttr(v)}"`).join(' ');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<DOWNLOAD ${body} />\n`;
}

/** Reads the attributes of an info file (activation check, manually copied packages). */
export function parseInfoFile(xml: string): Record<string, string> | null {
  const m = /<DOWNLOAD\s([^>]*?)\/?>/s.exec(xml);
  if (!m) return null;
  const out: Record<string, string> = {};
  const re = /([A-Za-z_][\w.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  for (let x = re.exec(m[1] ?? ''); x; x = re.exec(m[1] ?? '')) {
    const raw = x[2] ?? x[3] ?? '';
    out[x[1]!.toUpperCase()] = raw
      .replace(/&#(\d+);/g, (_s, d: string) => String.fromCharCode(Number(d)))
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  }
  return out;
}
