import { createHash, createPublicKey, randomBytes, sign, type KeyObject } from 'node:crypto';
import ipaddr from 'ipaddr.js';
import forge from 'node-forge';

/**
 * X.509 certificates and PKCS#10 requests. The structures are built and DER-encoded with
 * node-forge's ASN.1 (names, extensions, times); the signature is made by Node's crypto over the
 * encoded to-be-signed part. forge alone can only sign with RSA keys; signing with Node works the
 * same for RSA (PKCS#1 v1.5, SHA-256) and ECDSA P-256 (SHA-256), so both key types take one path.
 */
const { asn1, pki } = forge;
type Asn1 = forge.asn1.Asn1;

const OID = {
  sha256WithRSA: '1.2.840.113549.1.1.11',
  ecdsaWithSHA256: '1.2.840.10045.4.3.2',
  extensionRequest: '1.2.840.113549.1.9.14',
};

export interface SubjectFields {
  country?: string;
  state?: string;
  locality?: string;
  organisation?: string;
  unit?: string;
  commonName: string;
  email?: string;
}

/** Internal forge helpers that the type definitions do not list. */
const pkiExtra = pki as unknown as {
  distinguishedNameToAsn1(dn: { attributes: unknown[] }): Asn1;
  certificateExtensionsToAsn1(exts: unknown[]): Asn1;
};

const seq = (v: Asn1[]) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, v);
const oid = (o: string) =>
  asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(o).getBytes());
const bin = (b: Buffer) => b.toString('binary');

export function nameAsn1(s: SubjectFields): Asn1 {
  const attrs: { type: string; value: string; valueTagClass: number }[] = [];
  const add = (name: string, value: string | undefined, tag: number) => {
    if (value) attrs.push({ type: pki.oids[name] as string, value, valueTagClass: tag });
  };
  add('countryName', s.country, asn1.Type.PRINTABLESTRING);
  add('stateOrProvinceName', s.state, asn1.Type.UTF8);
  add('localityName', s.locality, asn1.Type.UTF8);
  add('organizationName', s.organisation, asn1.Type.UTF8);
  add('organizationalUnitName', s.unit, asn1.Type.UTF8);
  add('commonName', s.commonName, asn1.Type.UTF8);
  add('emailAddress', s.email, asn1.Type.IA5STRING);
  return pkiExtra.distinguishedNameToAsn1({ attributes: attrs });
}

function spki(publicKey: KeyObject): { node: Asn1; keyId: Buffer } {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  const node = asn1.fromDer(bin(der));
  // SubjectKeyIdentifier method 1 (RFC 5280): SHA-1 of the subjectPublicKey bits.
  const bits = (node.value as Asn1[])[1]!.value as string;
  const keyId = createHash('sha1')
    .update(Buffer.from(bits.slice(1), 'binary'))
    .digest();
  return { node, keyId };
}

function sigAlg(key: KeyObject): Asn1 {
  if (key.asymmetricKeyType === 'ec') return seq([oid(OID.ecdsaWithSHA256)]);
  return seq([oid(OID.sha256WithRSA), asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, '')]);
}

/** Signs the DER of `tbs` and wraps it: SEQUENCE { tbs, algorithm, BIT STRING signature }. */
function signed(tbs: Asn1, signer: KeyObject): Buffer {
  const tbsDer = Buffer.from(asn1.toDer(tbs).getBytes(), 'binary');
  const signature = sign('sha256', tbsDer, signer); // RSA: PKCS#1 v1.5; EC: DER (r, s)
  const outer = seq([
    tbs,
    sigAlg(signer),
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.BITSTRING, false, '\x00' + bin(signature)),
  ]);
  return Buffer.from(asn1.toDer(outer).getBytes(), 'binary');
}

function time(d: Date): Asn1 {
  // RFC 5280: UTCTime through 2049, GeneralizedTime from 2050.
  return d.getUTCFullYear() < 2050
    ? asn1.create(asn1.Class.UNIVERSAL, asn1.Type.UTCTIME, false, asn1.dateToUtcTime(d))
    : asn1.create(asn1.Class.UNIVERSAL, asn1.Type.GENERALIZEDTIME, false, asn1.dateToGeneralizedTime(d));
}

/** 16 random bytes, positive, no leading zero byte. */
export function randomSerial(): Buffer {
  const b = randomBytes(16);
  b[0] = (b[0]! & 0x7f) | 0x01;
  return b;
}

export interface AltNamesInput {
  dnsNames: string[];
  ipAddresses: string[];
}

export type Profile = 'server' | 'ca';

function extensions(
  profile: Profile,
  subjectKey: KeyObject,
  keyId: Buffer,
  issuerKeyId: Buffer,
  alt: AltNamesInput | null,
): unknown[] {
  const exts: Record<string, unknown>[] = [];
  if (profile === 'ca') {
    exts.push({ name: 'basicConstraints', critical: true, cA: true, pathLenConstraint: 0 });
    exts.push({ name: 'keyUsage', critical: true, keyCertSign: true, cRLSign: true, digitalSignature: true });
  } else {
    exts.push({ name: 'basicConstraints', cA: false });
    exts.push({
      name: 'keyUsage',
      critical: true,
      digitalSignature: true,
      keyEncipherment: subjectKey.asymmetricKeyType === 'rsa',
    });
    exts.push({ name: 'extKeyUsage', serverAuth: true });
  }
  if (alt) exts.push(altNamesExtension(alt));
  exts.push({
    name: 'subjectKeyIdentifier',
    value: asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, bin(keyId)),
  });
  exts.push({ name: 'authorityKeyIdentifier', keyIdentifier: bin(issuerKeyId) });
  // forge fills each extension's encoded value (setExtensions needs no key for the ones above).
  const holder = pki.createCertificate();
  holder.setExtensions(exts);
  return holder.extensions as unknown[];
}

function altNamesExtension(alt: AltNamesInput): Record<string, unknown> {
  return {
    name: 'subjectAltName',
    altNames: [
      ...alt.dnsNames.map((value) => ({ type: 2, value })),
      // forge reads only the plain hex form of IPv6 (not `::ffff:1.2.3.4`): give it that.
      ...alt.ipAddresses.map((ip) => ({
        type: 7,
        ip: ip.includes(':') ? ipaddr.IPv6.parse(ip).toNormalizedString() : ip,
      })),
    ],
  };
}

export interface CertificateSpec {
  subject: SubjectFields;
  subjectPublicKey: KeyObject;
  /** Issuer's name and key; the subject's own for a self-signed certificate. */
  issuer: SubjectFields | { nameDer: Buffer };
  issuerKey: KeyObject;
  notBefore: Date;
  notAfter: Date;
  profile: Profile;
  altNames: AltNamesInput | null;
  serial?: Buffer;
}

/** Builds and signs an X.509 v3 certificate; returns PEM. */
export function buildCertificate(spec: CertificateSpec): string {
  const { node: keyNode, keyId } = spki(spec.subjectPublicKey);
  const issuerKeyId = spki(createPublicKey(spec.issuerKey)).keyId;
  const issuerName =
    'nameDer' in spec.issuer ? asn1.fromDer(bin(spec.issuer.nameDer)) : nameAsn1(spec.issuer);
  const tbs = seq([
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, '\x02'),
    ]),
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, bin(spec.serial ?? randomSerial())),
    sigAlg(spec.issuerKey),
    issuerName,
    seq([time(spec.notBefore), time(spec.notAfter)]),
    nameAsn1(spec.subject),
    keyNode,
    pkiExtra.certificateExtensionsToAsn1(
      extensions(spec.profile, spec.subjectPublicKey, keyId, issuerKeyId, spec.altNames),
    ),
  ]);
  return toPem('CERTIFICATE', signed(tbs, spec.issuerKey));
}

/** PKCS#10 request with the subject alternative names as an extensionRequest attribute; returns PEM. */
export function buildCsr(subject: SubjectFields, key: KeyObject, alt: AltNamesInput): string {
  const { node: keyNode } = spki(createPublicKey(key));
  const holder = pki.createCertificate();
  holder.setExtensions([altNamesExtension(alt)]);
  const extSeq = (pkiExtra.certificateExtensionsToAsn1(holder.extensions as unknown[]).value as Asn1[])[0]!;
  const attributes = asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [
    seq([oid(OID.extensionRequest), asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, [extSeq])]),
  ]);
  const info = seq([
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, '\x00'),
    nameAsn1(subject),
    keyNode,
    attributes,
  ]);
  return toPem('CERTIFICATE REQUEST', signed(info, key));
}

export function toPem(label: string, der: Buffer): string {
  const b64 = der.toString('base64').replace(/(.{64})/g, '$1\n');
  return `-----BEGIN ${label}-----\n${b64.replace(/\n$/, '')}\n-----END ${label}-----\n`;
}

/** The DER of the subject Name of a certificate (to use it as the issuer of the next one, byte for byte). */
export function subjectNameDer(certDer: Buffer): Buffer {
  const cert = asn1.fromDer(bin(certDer));
  const tbs = (cert.value as Asn1[])[0]!.value as Asn1[];
  // version [0] is present in v3 certificates: subject is then the 6th element (index 5).
  const hasVersion = tbs[0]!.tagClass === asn1.Class.CONTEXT_SPECIFIC;
  const subject = tbs[hasVersion ? 5 : 4]!;
  return Buffer.from(asn1.toDer(subject).getBytes(), 'binary');
}
