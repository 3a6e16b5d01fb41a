import { X509Certificate } from 'node:crypto';
import {
  EXPIRY_WARNING_DAYS,
  type CertificateInfo,
  type ExpiryLevel,
} from '../../shared/contract/certificates';
import { describeKey } from './keys';

const DAY_MS = 86_400_000;

/**
 * Expiry as data for the check panel and the diagnostics/home screens: `warning` from
 * EXPIRY_WARNING_DAYS (30) days before the end.
 */
export function assessExpiry(
  notBefore: Date,
  notAfter: Date,
  now = new Date(),
  warnDays = EXPIRY_WARNING_DAYS,
): { daysLeft: number; expiry: ExpiryLevel } {
  const daysLeft = Math.floor((notAfter.getTime() - now.getTime()) / DAY_MS);
  let expiry: ExpiryLevel = 'ok';
  if (now < notBefore) expiry = 'not-yet-valid';
  else if (now >= notAfter) expiry = 'expired';
  else if (daysLeft < warnDays) expiry = 'warning';
  return { daysLeft, expiry };
}

/** `DNS:a, IP Address:1.2.3.4` → names and addresses. */
export function parseAltNames(san: string | undefined): { dnsNames: string[]; ipAddresses: string[] } {
  const dnsNames: string[] = [];
  const ipAddresses: string[] = [];
  for (const part of (san ?? '').split(/,\s*/)) {
    const m = /^(DNS|IP Address):(.*)$/.exec(part.trim());
    if (!m) continue;
    if (m[1] === 'DNS') dnsNames.push(m[2]!);
    else ipAddresses.push(m[2]!);
  }
  return { dnsNames, ipAddresses };
}

const oneLine = (dn: string) => dn.split('\n').filter(Boolean).join(', ');

export function certificateInfo(cert: X509Certificate, now = new Date()): CertificateInfo {
  const notBefore = new Date(cert.validFrom);
  const notAfter = new Date(cert.validTo);
  return {
    subject: oneLine(cert.subject),
    issuer: oneLine(cert.issuer),
    serialNumber: cert.serialNumber,
    notBefore: notBefore.toISOString(),
    notAfter: notAfter.toISOString(),
    ...assessExpiry(notBefore, notAfter, now),
    ...parseAltNames(cert.subjectAltName),
    isCa: cert.ca,
    selfSigned: cert.subject === cert.issuer && cert.verify(cert.publicKey),
    keyType: describeKey(cert.publicKey),
    fingerprint256: cert.fingerprint256,
  };
}

/** Every certificate in a PEM text (a file may hold a chain). */
export function splitPemCertificates(pem: string): string[] {
  return pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}
