import { generateKeyPairSync } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import forge from 'node-forge';

/** Test PKI made with node-forge: a CA, and server certificates good, self-signed, wrong name, expired. */
export interface Pki {
  caPem: string;
  good: { cert: string; key: string };
  selfSigned: { cert: string; key: string };
  wrongName: { cert: string; key: string };
  expired: { cert: string; key: string };
}

function keyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    keyPem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    priv: forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()),
    pub: forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString()),
  };
}

let serial = 1;
function cert(opts: {
  cn: string;
  pub: forge.pki.PublicKey;
  signer: forge.pki.rsa.PrivateKey;
  issuer?: forge.pki.Certificate;
  ca?: boolean;
  alt?: Array<{ type: number; value?: string; ip?: string }>;
  notBefore?: Date;
  notAfter?: Date;
}): forge.pki.Certificate {
  const c = forge.pki.createCertificate();
  c.publicKey = opts.pub;
  c.serialNumber = (serial++).toString(16).padStart(2, '0');
  c.validity.notBefore = opts.notBefore ?? new Date(Date.now() - 86_400_000);
  c.validity.notAfter = opts.notAfter ?? new Date(Date.now() + 30 * 86_400_000);
  const subject = [{ name: 'commonName', value: opts.cn }];
  c.setSubject(subject);
  c.setIssuer(opts.issuer ? opts.issuer.subject.attributes : subject);
  const ext: object[] = [{ name: 'basicConstraints', cA: !!opts.ca }];
  if (opts.ca) ext.push({ name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true });
  else ext.push({ name: 'extKeyUsage', serverAuth: true });
  if (opts.alt) ext.push({ name: 'subjectAltName', altNames: opts.alt });
  c.setExtensions(ext);
  c.sign(opts.signer, forge.md.sha256.create());
  return c;
}

export function makePki(): Pki {
  const caK = keyPair();
  const ca = cert({ cn: 'OCS Desk test CA', pub: caK.pub, signer: caK.priv, ca: true });
  const srvK = keyPair();
  const pem = (c: forge.pki.Certificate) => forge.pki.certificateToPem(c);
  const loop = [
    { type: 7, ip: '127.0.0.1' },
    { type: 2, value: 'localhost' },
  ];
  return {
    caPem: pem(ca),
    good: {
      cert: pem(cert({ cn: '127.0.0.1', pub: srvK.pub, signer: caK.priv, issuer: ca, alt: loop })),
      key: srvK.keyPem,
    },
    selfSigned: {
      cert: pem(cert({ cn: '127.0.0.1', pub: srvK.pub, signer: srvK.priv, alt: loop })),
      key: srvK.keyPem,
    },
    wrongName: {
      cert: pem(
        cert({
          cn: 'deploy.example.invalid',
          pub: srvK.pub,
          signer: caK.priv,
          issuer: ca,
          alt: [{ type: 2, value: 'deploy.example.invalid' }],
        }),
      ),
      key: srvK.keyPem,
    },
    expired: {
      cert: pem(
        cert({
          cn: '127.0.0.1',
          pub: srvK.pub,
          signer: caK.priv,
          issuer: ca,
          alt: loop,
          notBefore: new Date(Date.now() - 10 * 86_400_000),
          notAfter: new Date(Date.now() - 86_400_000),
        }),
      ),
      key: srvK.keyPem,
    },
  };
}

/** Serves `root` under /download on 127.0.0.1 (HTTP or HTTPS); `hang` never answers (timeouts). */
export async function serveDownload(
  root: string,
  opts: { tls?: { cert: string; key: string }; hang?: boolean } = {},
): Promise<{ loc: string; port: number; close: () => Promise<void> }> {
  const handler: http.RequestListener = (req, res) => {
    if (opts.hang) return;
    const url = decodeURIComponent((req.url ?? '/').split('?')[0]!);
    if (!url.startsWith('/download/') || url.includes('..')) {
      res.writeHead(404).end();
      return;
    }
    const file = path.join(root, url.slice('/download/'.length));
    let st;
    try {
      st = statSync(file);
    } catch {
      res.writeHead(404).end('not found');
      return;
    }
    if (!st.isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-length': st.size, 'content-type': 'application/octet-stream' });
    createReadStream(file).pipe(res);
  };
  const server = opts.tls
    ? https.createServer({ cert: opts.tls.cert, key: opts.tls.key }, handler)
    : http.createServer(handler);
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    loc: `127.0.0.1:${port}/download`,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
