import type { ServerSnippets } from '../../shared/contract/certificates';

export interface SnippetFiles {
  certificate: string;
  key: string;
  /** Intermediate certificates the server must send (not the root the agents hold). */
  chain?: string | null;
  serverName: string;
}

const q = (p: string) => (/[\s"]/.test(p) ? `"${p.replace(/"/g, '\\"')}"` : p);

/** Ready-to-paste server configuration naming the files written. */
export function serverSnippets(f: SnippetFiles): ServerSnippets {
  const apache = [
    '# Apache 2.4 with mod_ssl (a2enmod ssl), in the HTTPS virtual host of the OCS server',
    '<VirtualHost *:443>',
    `  ServerName ${f.serverName}`,
    '  SSLEngine on',
    `  SSLCertificateFile ${q(f.certificate)}`,
    `  SSLCertificateKeyFile ${q(f.key)}`,
    ...(f.chain ? [`  SSLCertificateChainFile ${q(f.chain)}`] : []),
    '  SSLProtocol all -SSLv3 -TLSv1 -TLSv1.1',
    '  # the OCS configuration (Include of ocsinventory-server.conf, /download alias) stays as it is',
    '</VirtualHost>',
    '',
  ].join('\n');
  const nginx = [
    '# nginx, in the server block that proxies or serves OCS over HTTPS',
    'server {',
    '    listen 443 ssl;',
    `    server_name ${f.serverName};`,
    f.chain
      ? `    # nginx wants the certificate followed by the chain in one file: cat ${f.certificate} ${f.chain} > fullchain.pem`
      : null,
    `    ssl_certificate ${q(f.chain ? 'fullchain.pem' : f.certificate)};`,
    `    ssl_certificate_key ${q(f.key)};`,
    '    ssl_protocols TLSv1.2 TLSv1.3;',
    '}',
    '',
  ]
    .filter((l): l is string => l !== null)
    .join('\n');
  return { apache, nginx };
}

export function agentNote(caFile: string): string {
  return (
    `Give the agents ${caFile} as cacert.pem. Windows agent: cacert.pem in its data folder (where ` +
    `ocsinventory.ini is, usually C:\\ProgramData\\OCS Inventory NG\\Agent), with SSL=1 and CaBundle=cacert.pem ` +
    `in ocsinventory.ini. Unix agent: --ca=/path/cacert.pem (or ca= in ocsinventory-agent.cfg), else ` +
    `<vardir>/cacert.pem, else /etc/ocsinventory/ocsinventory-agent-cacert.pem.`
  );
}
