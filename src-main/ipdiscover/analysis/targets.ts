import ipaddr from 'ipaddr.js';
import { AppError } from '../../platform/errors';

/** Without `confirmLarge`, a scan may cover at most this many addresses. */
export const DEFAULT_MAX_ADDRESSES = 1024;
/** Even with confirmation, never more than this (a /16). */
export const HARD_MAX_ADDRESSES = 65536;

export interface Targets {
  /** Unique addresses, in the order given, IPv4 dotted quads / IPv6 RFC 5952 text. */
  ipv4: string[];
  ipv6: string[];
  count: number;
}

/** Ranges that must never be scanned: they are not one host. */
const REFUSED_RANGES = new Set(['unspecified', 'multicast', 'broadcast']);

function invalid(entry: string, detail: string): AppError {
  return new AppError(
    'VALIDATION_FAILED',
    { field: 'targets', detail: `${entry}: ${detail}` },
    {
      fields: [{ path: 'targets', message: `${entry}: ${detail}` }],
    },
  );
}

/** Splits a user's text into entries: commas, spaces, new lines. */
export function splitTargets(text: string | readonly string[]): string[] {
  const parts = typeof text === 'string' ? [text] : text;
  return parts.flatMap((p) => p.split(/[\s,;]+/)).filter((p) => p.length > 0);
}

function parseOne(entry: string): { addr: ipaddr.IPv4 | ipaddr.IPv6; bits: number } {
  if (entry.length > 64) throw invalid(entry.slice(0, 64), 'too long');
  const [ip, bitsText, extra] = entry.split('/');
  if (extra !== undefined || !ip) throw invalid(entry, 'not an address or CIDR range');
  let addr: ipaddr.IPv4 | ipaddr.IPv6;
  if (ipaddr.IPv4.isValidFourPartDecimal(ip)) addr = ipaddr.IPv4.parse(ip);
  else if (ip.includes(':') && ipaddr.IPv6.isValid(ip)) addr = ipaddr.IPv6.parse(ip);
  else throw invalid(entry, 'not an IPv4 (a.b.c.d) or IPv6 address');
  if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).zoneId)
    throw invalid(entry, 'zone ids are not accepted');
  if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress()) {
    addr = (addr as ipaddr.IPv6).toIPv4Address();
  }
  const width = addr.kind() === 'ipv4' ? 32 : 128;
  let bits = width;
  if (bitsText !== undefined) {
    if (!/^\d{1,3}$/.test(bitsText)) throw invalid(entry, 'the prefix length must be a number');
    bits = Number(bitsText);
    if (bits > width) throw invalid(entry, `the prefix length must be 0..${width}`);
  }
  if (REFUSED_RANGES.has(addr.range())) throw invalid(entry, `${addr.range()} addresses cannot be scanned`);
  return { addr, bits };
}

/** Number of host addresses a prefix stands for (IPv4 /0../30 exclude network and broadcast). */
export function hostCount(kind: 'ipv4' | 'ipv6', bits: number): bigint {
  const width = kind === 'ipv4' ? 32 : 128;
  const all = 1n << BigInt(width - bits);
  return kind === 'ipv4' && bits <= 30 ? all - 2n : all;
}

function bytesToBig(bytes: number[]): bigint {
  return bytes.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);
}

function bigToBytes(n: bigint, len: number): number[] {
  const out: number[] = new Array<number>(len);
  for (let i = len - 1; i >= 0; i--) {
    out[i] = Number(n & 0xffn);
    n >>= 8n;
  }
  return out;
}

function format(a: ipaddr.IPv4 | ipaddr.IPv6): string {
  return a.kind() === 'ipv4' ? a.toString() : (a as ipaddr.IPv6).toRFC5952String();
}

/**
 * Validates and expands a list of addresses / CIDR ranges.
 * Above `maxAddresses` (default 1024) the caller must confirm (RANGE_TOO_LARGE otherwise);
 * above HARD_MAX_ADDRESSES nothing is accepted.
 */
export function expandTargets(
  text: string | readonly string[],
  opts: { confirmLarge?: boolean; maxAddresses?: number } = {},
): Targets {
  const entries = splitTargets(text);
  if (entries.length === 0) throw invalid('targets', 'no address given');
  const parsed = entries.map((e) => ({ entry: e, ...parseOne(e) }));
  const max = opts.maxAddresses ?? DEFAULT_MAX_ADDRESSES;
  const limit = opts.confirmLarge ? Math.max(max, HARD_MAX_ADDRESSES) : max;
  let total = 0n;
  for (const p of parsed) total += hostCount(p.addr.kind(), p.bits);
  if (total > BigInt(limit)) {
    const count = total > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(total);
    throw new AppError('RANGE_TOO_LARGE', {
      count,
      max: limit,
      confirmable: !opts.confirmLarge && total <= BigInt(HARD_MAX_ADDRESSES),
    });
  }
  const seen = new Set<string>();
  const out: Targets = { ipv4: [], ipv6: [], count: 0 };
  for (const p of parsed) {
    const kind = p.addr.kind();
    const len = kind === 'ipv4' ? 4 : 16;
    const width = BigInt(len * 8);
    const span = 1n << (width - BigInt(p.bits));
    const base = bytesToBig(p.addr.toByteArray()) & ~(span - 1n) & ((1n << width) - 1n);
    let first = base;
    let last = base + span - 1n;
    if (kind === 'ipv4' && p.bits <= 30) {
      first += 1n;
      last -= 1n;
    }
    for (let n = first; n <= last; n++) {
      const a = ipaddr.fromByteArray(bigToBytes(n, len));
      const s = format(a);
      if (seen.has(s)) continue;
      seen.add(s);
      (kind === 'ipv4' ? out.ipv4 : out.ipv6).push(s);
    }
  }
  out.count = out.ipv4.length + out.ipv6.length;
  return out;
}

/** A netmap / subnet NETID: a dotted IPv4 network address (the column is varchar(15)). */
export function isDottedQuad(s: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(s);
}

/** CIDR text of a NETID + dotted MASK (`10.1.2.0` + `255.255.255.0` → `10.1.2.0/24`), or null. */
export function cidrOf(netId: string, mask: string | null | undefined): string | null {
  if (!isDottedQuad(netId) || !mask || !isDottedQuad(mask)) return null;
  const bits = ipaddr.IPv4.parse(mask).prefixLengthFromSubnetMask();
  return bits === null ? null : `${netId}/${bits}`;
}
