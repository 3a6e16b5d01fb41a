import { generateKeyPairSync, privateDecrypt, constants, randomBytes } from 'node:crypto';
import net from 'node:net';

/** What a fake server got from one client. */
export interface Captured {
  user: string;
  /** The auth response of the handshake (a scramble of the password, empty when there is none). */
  token: Buffer;
  /** The password in clear, when the client sent it during a full caching_sha2 authentication. */
  password: string | null;
}

/**
 * A hostile MySQL server on loopback: it greets as MySQL 8 with caching_sha2_password, asks the client
 * for a full authentication, hands over its own RSA key and decrypts the password it receives, as a
 * rogue server at a changed host or port would. Then it refuses the login. Records every client.
 */
export async function startFakeMysql(): Promise<{
  port: number;
  clients: Captured[];
  connections: () => number;
  close: () => Promise<void>;
}> {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = publicKey.export({ type: 'spki', format: 'pem' });
  const clients: Captured[] = [];
  let connections = 0;
  const sockets = new Set<net.Socket>();

  const server = net.createServer((sock) => {
    connections++;
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => undefined);
    const scramble = randomBytes(20).map((b) => (b % 94) + 33); // printable, no NUL
    let buf = Buffer.alloc(0);
    let step = 0;
    let captured: Captured | null = null;
    const send = (seq: number, payload: Buffer) => {
      const head = Buffer.alloc(4);
      head.writeUIntLE(payload.length, 0, 3);
      head[3] = seq;
      sock.write(Buffer.concat([head, payload]));
    };
    const refuse = (seq: number) => {
      const msg = Buffer.from('#28000Access denied (fake server)');
      const p = Buffer.alloc(3);
      p[0] = 0xff;
      p.writeUInt16LE(1045, 1);
      send(seq, Buffer.concat([p, msg]));
      sock.end();
    };
    // Handshake v10: protocol 41, secure connection, plugin auth, no SSL capability.
    const caps = 0x1 | 0x8 | 0x200 | 0x2000 | 0x8000 | 0x20000 | 0x80000 | 0x200000;
    const hello = Buffer.concat([
      Buffer.from([0x0a]),
      Buffer.from('8.0.99-fake\0'),
      Buffer.from([1, 0, 0, 0]),
      scramble.subarray(0, 8),
      Buffer.from([0]),
      Buffer.from([caps & 0xff, (caps >> 8) & 0xff]),
      Buffer.from([0x21, 0x02, 0x00]),
      Buffer.from([(caps >> 16) & 0xff, (caps >> 24) & 0xff]),
      Buffer.from([21]),
      Buffer.alloc(10),
      scramble.subarray(8, 20),
      Buffer.from([0]),
      Buffer.from('caching_sha2_password\0'),
    ]);
    send(0, hello);
    sock.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      while (buf.length >= 4) {
        const len = buf.readUIntLE(0, 3);
        if (buf.length < 4 + len) return;
        const seq = buf[3]!;
        const payload = buf.subarray(4, 4 + len);
        buf = buf.subarray(4 + len);
        if (step === 0) {
          // HandshakeResponse41: caps(4) max(4) charset(1) filler(23) user\0 lenenc-auth ...
          let i = 32;
          const end = payload.indexOf(0, i);
          const user = payload.subarray(i, end).toString('utf8');
          i = end + 1;
          const n = payload[i]!;
          const token = Buffer.from(payload.subarray(i + 1, i + 1 + n));
          captured = { user, token, password: null };
          clients.push(captured);
          if (token.length === 0) return refuse(seq + 1);
          send(seq + 1, Buffer.from([0x01, 0x04])); // perform full authentication
          step = 1;
        } else if (step === 1) {
          if (payload[0] === 0x02) {
            send(seq + 1, Buffer.concat([Buffer.from([0x01]), Buffer.from(pem)]));
            step = 2;
          } else {
            // Sent in clear (a "secure" connection in the client's eyes).
            captured!.password = payload.toString('utf8').replace(/\0$/, '');
            refuse(seq + 1);
          }
        } else if (step === 2) {
          const x = privateDecrypt(
            { key: privateKey, oaepHash: 'sha1', padding: constants.RSA_PKCS1_OAEP_PADDING },
            payload,
          );
          const plain = Buffer.from(x.map((b, j) => b ^ scramble[j % scramble.length]!));
          captured!.password = plain.toString('utf8').replace(/\0$/, '');
          step = 3;
          refuse(seq + 1);
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    clients,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
