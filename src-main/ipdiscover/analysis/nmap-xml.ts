import { SaxesParser } from 'saxes';
import type { OsGuess, PortEvidence } from '../../../shared/contract/ipdiscover';
import { AppError } from '../../platform/errors';

export interface NmapHost {
  ip: string | null;
  state: 'up' | 'down' | 'unknown';
  reason: string | null;
  mac: string | null;
  macVendor: string | null;
  hostname: string | null;
  ports: PortEvidence[];
  /** Best osmatch first (nmap orders them by accuracy). */
  os: OsGuess[];
  /** Ports whose state nmap grouped into `<extraports>` (e.g. 990 closed). */
  extraPorts: Array<{ state: string; count: number }>;
  /** nmap gave up on this host (`--host-timeout`). */
  timedOut: boolean;
}

export interface NmapRun {
  version: string | null;
  args: string | null;
  hosts: NmapHost[];
  /** runstats/finished exit attribute (`success` / `error`) and errormsg. */
  exit: string | null;
  errorMessage: string | null;
  complete: boolean;
}

/** A whole number within [0, max] from an attribute, else null (nmap's output is read, not trusted). */
function whole(v: string | undefined, max: number): number | null {
  if (v === undefined || !/^\d{1,10}$/.test(v.trim())) return null;
  const n = Number(v.trim());
  return n <= max ? n : null;
}

function newHost(): NmapHost {
  return {
    ip: null,
    state: 'unknown',
    reason: null,
    mac: null,
    macVendor: null,
    hostname: null,
    ports: [],
    os: [],
    extraPorts: [],
    timedOut: false,
  };
}

/**
 * Parses nmap's XML output (`-oX -`) with a streaming XML parser (saxes), keeping what the
 * analysis needs. Accepts truncated output (a cancelled run): complete=false and the hosts read so far.
 */
export function parseNmapXml(xml: string): NmapRun {
  const run: NmapRun = {
    version: null,
    args: null,
    hosts: [],
    exit: null,
    errorMessage: null,
    complete: false,
  };
  const parser = new SaxesParser({ xmlns: false, position: false });
  let host: NmapHost | null = null;
  let port: PortEvidence | null = null;
  let osmatch: OsGuess | null = null;
  let inHosthint = false;
  let parseError: Error | null = null;

  parser.on('opentag', (tag) => {
    const a = tag.attributes as Record<string, string>;
    switch (tag.name) {
      case 'nmaprun':
        run.version = a.version ?? null;
        run.args = a.args ?? null;
        break;
      case 'hosthint':
        inHosthint = true;
        break;
      case 'host':
        if (!inHosthint) {
          host = newHost();
          host.timedOut = a.timedout === 'true';
        }
        break;
      case 'status':
        if (host && !inHosthint) {
          host.state = a.state === 'up' ? 'up' : a.state === 'down' ? 'down' : 'unknown';
          host.reason = a.reason ?? null;
        }
        break;
      case 'address':
        if (host && !inHosthint) {
          if (a.addrtype === 'mac') {
            host.mac = a.addr ?? null;
            host.macVendor = a.vendor ?? null;
          } else if (!host.ip) host.ip = a.addr ?? null;
        }
        break;
      case 'hostname':
        if (host && !inHosthint && !host.hostname && a.name) host.hostname = a.name;
        break;
      case 'extraports':
        if (host) host.extraPorts.push({ state: a.state ?? 'unknown', count: whole(a.count, 1 << 20) ?? 0 });
        break;
      case 'port':
        // A port without a valid number is dropped (the contract, and the UI, need one).
        if (host) {
          const n = whole(a.portid, 65535);
          port =
            n === null ? null : { port: n, protocol: a.protocol ?? 'tcp', state: 'unknown', service: null };
        }
        break;
      case 'state':
        if (port) port.state = a.state ?? 'unknown';
        break;
      case 'service':
        if (port) port.service = a.name ?? null;
        break;
      case 'osmatch':
        if (host)
          osmatch = {
            name: a.name ?? '',
            accuracy: whole(a.accuracy, 100) ?? 0,
            family: null,
            vendor: null,
            type: null,
          };
        break;
      case 'osclass':
        // The first osclass of a match describes it best.
        if (osmatch && osmatch.family === null) {
          osmatch.family = a.osfamily ?? null;
          osmatch.vendor = a.vendor ?? null;
          osmatch.type = a.type ?? null;
        }
        break;
      case 'finished':
        run.exit = a.exit ?? null;
        run.errorMessage = a.errormsg ?? null;
        break;
    }
  });
  parser.on('closetag', (tag) => {
    switch (tag.name) {
      case 'hosthint':
        inHosthint = false;
        break;
      case 'host':
        if (host) run.hosts.push(host);
        host = null;
        break;
      case 'port':
        if (host && port) host.ports.push(port);
        port = null;
        break;
      case 'osmatch':
        if (host && osmatch) host.os.push(osmatch);
        osmatch = null;
        break;
      case 'nmaprun':
        run.complete = true;
        break;
    }
  });
  parser.on('error', (e) => {
    parseError ??= e;
  });
  try {
    parser.write(xml);
    parser.close();
  } catch (e) {
    parseError ??= e as Error;
  }
  // A cut-off document is a cancelled scan; a complete one that does not parse is nmap misbehaving.
  if (parseError && run.complete) {
    throw new AppError('TOOL_FAILED', {
      tool: 'nmap',
      detail: `unreadable XML output: ${(parseError as Error).message.slice(0, 200)}`,
    });
  }
  return run;
}
