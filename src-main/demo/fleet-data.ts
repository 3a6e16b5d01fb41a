/** Value pools for the synthetic fleet (shapes like ../shared/ocs-stack/make-fleet.py describes). */

export const SITES = [
  { tag: 'PARIS-SIEGE', code: 'PAR', net: [10, 10] },
  { tag: 'PARIS-RH', code: 'PAR', net: [10, 11] },
  { tag: 'LYON-USINE', code: 'LYO', net: [10, 20] },
  { tag: 'LYON-BE', code: 'LYO', net: [10, 21] },
  { tag: 'NANTES-LOGISTIQUE', code: 'NAN', net: [10, 30] },
  { tag: 'BORDEAUX-COMPTA', code: 'BDX', net: [10, 40] },
  { tag: 'LILLE-COMMERCIAL', code: 'LIL', net: [10, 50] },
  { tag: 'TOULOUSE-RD', code: 'TLS', net: [10, 60] },
];
export const DATACENTER = { tag: 'DATACENTER', code: 'DC1', net: [10, 100] };

export const WINDOWS_OS = [
  { name: 'Microsoft Windows 11 Professionnel', version: '10.0.22631', w: 30 },
  { name: 'Microsoft Windows 11 Pro', version: '10.0.22631', w: 14 },
  { name: 'Microsoft Windows 10 Professionnel', version: '10.0.19045', w: 18 },
  { name: 'Microsoft Windows 10 Enterprise', version: '10.0.19045', w: 10 },
  { name: 'Microsoft Windows 11 Entreprise', version: '10.0.22631', w: 8 },
];
export const WINDOWS_SERVER_OS = [
  { name: 'Microsoft Windows Server 2016 Standard', version: '10.0.14393', w: 2 },
  { name: 'Microsoft Windows Server 2019 Standard', version: '10.0.17763', w: 4 },
  { name: 'Microsoft Windows Server 2022 Standard', version: '10.0.20348', w: 4 },
];
export const LINUX_OS = [
  { name: 'Debian GNU/Linux 12', version: '12', w: 6 },
  { name: 'Debian GNU/Linux 11', version: '11', w: 3 },
  { name: 'Ubuntu 22.04.4 LTS', version: '22.04', w: 3 },
  { name: 'Ubuntu 24.04.1 LTS', version: '24.04', w: 3 },
  { name: 'Red Hat Enterprise Linux 9.4 (Plow)', version: '9.4', w: 2 },
  { name: 'Red Hat Enterprise Linux 8.10 (Ootpa)', version: '8.10', w: 1 },
];
export const MAC_OS = [{ name: 'macOS', version: '14.6.1', w: 1 }];

export const HARDWARE_KINDS = [
  {
    kind: 'LT',
    smanufacturer: 'Dell Inc.',
    smodel: 'Latitude 5440',
    type: 'Notebook',
    bman: 'Dell Inc.',
    bver: '1.14.1',
  },
  {
    kind: 'LT',
    smanufacturer: 'LENOVO',
    smodel: '21HES0C100',
    type: 'Notebook',
    bman: 'LENOVO',
    bver: 'R2EET38W (1.19 )',
  },
  {
    kind: 'LT',
    smanufacturer: 'HP',
    smodel: 'HP EliteBook 840 G10',
    type: 'Notebook',
    bman: 'HP',
    bver: 'V70 Ver. 01.05.01',
  },
  {
    kind: 'PC',
    smanufacturer: 'Dell Inc.',
    smodel: 'OptiPlex 7010',
    type: 'Desktop',
    bman: 'Dell Inc.',
    bver: '1.9.0',
  },
  {
    kind: 'PC',
    smanufacturer: 'HP',
    smodel: 'HP EliteDesk 800 G9 Desktop Mini PC',
    type: 'Desktop',
    bman: 'HP',
    bver: 'U21 Ver. 02.13.00',
  },
  {
    kind: 'SRV',
    smanufacturer: 'HPE',
    smodel: 'ProLiant DL380 Gen10 Plus',
    type: 'Rack Mount Chassis',
    bman: 'HPE',
    bver: 'U46',
  },
  {
    kind: 'VM',
    smanufacturer: 'VMware, Inc.',
    smodel: 'VMware7,1',
    type: 'Other',
    bman: 'VMware, Inc.',
    bver: 'VMW71.00V.21805430.B64.2305221826',
  },
  {
    kind: 'VM',
    smanufacturer: 'Microsoft Corporation',
    smodel: 'Virtual Machine',
    type: 'Desktop',
    bman: 'Microsoft Corporation',
    bver: 'Hyper-V UEFI Release v4.1',
  },
];

export const FIRST = [
  'Jean',
  'Marie',
  'Hélène',
  'Pierre',
  'Luc',
  'Sophie',
  'Søren',
  'Anne',
  'Karim',
  'Julie',
  'Thomas',
  'Camille',
  'Nicolas',
  'Léa',
  'Hugo',
];
export const LAST = [
  'Martin',
  'Bernard',
  'Lefèvre',
  'Dubois',
  'Moreau',
  'Laurent',
  'Simon',
  'Michel',
  'Müller',
  'Garcia',
  'Roux',
  'Fournier',
];

export const MONITORS = [
  { m: 'Dell', c: 'DELL P2422H' },
  { m: 'Samsung', c: 'S24R35x' },
  { m: 'LG Electronics', c: 'LG ULTRAWIDE' },
  { m: 'Hewlett Packard', c: 'HP E24 G5' },
  { m: 'Iiyama', c: 'PL2492H' },
];

export const VIDEOS = [
  'Intel(R) UHD Graphics 620',
  'Intel(R) Iris(R) Xe Graphics',
  'NVIDIA T550 Laptop GPU',
  'VMware SVGA 3D',
  'Microsoft Hyper-V Video',
];
export const CPUS = [
  { m: 'Intel', t: 'Intel(R) Core(TM) i5-1345U', s: 1600, cores: 10 },
  { m: 'Intel', t: 'Intel(R) Core(TM) i7-1365U', s: 1800, cores: 10 },
  { m: 'Intel', t: 'Intel(R) Core(TM) i5-13500T', s: 1600, cores: 14 },
  { m: 'Intel', t: 'Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz', s: 2000, cores: 32 },
  { m: 'AMD', t: 'AMD EPYC 7543 32-Core Processor', s: 2800, cores: 8 },
];

/** Real Windows products (most popular first) with a few versions each; a synthetic long tail follows. */
export const WINDOWS_PRODUCTS: Array<[name: string, publisher: string, versions: string[]]> = [
  ['Microsoft Edge', 'Microsoft Corporation', ['131.0.2903.86', '130.0.2849.80']],
  ['Google Chrome', 'Google LLC', ['131.0.6778.140', '130.0.6723.117', '129.0.6668.90']],
  ['7-Zip 24.08 (x64)', 'Igor Pavlov', ['24.08']],
  ['Microsoft 365 Apps for enterprise - fr-fr', 'Microsoft Corporation', ['16.0.18129.20158']],
  ['OCS Inventory NG Agent 2.11.0.1', 'OCS Inventory NG Team', ['2.11.0.1']],
  ['Mozilla Firefox (x64 fr)', 'Mozilla', ['133.0.3', '132.0.2', '128.5.1']],
  ['Adobe Acrobat Reader DC - Français', 'Adobe Systems Incorporated', ['24.005.20320']],
  [
    'Microsoft Visual C++ 2015-2022 Redistributable (x64) - 14.40.33810',
    'Microsoft Corporation',
    ['14.40.33810.0'],
  ],
  [
    'Microsoft Visual C++ 2015-2022 Redistributable (x86) - 14.40.33810',
    'Microsoft Corporation',
    ['14.40.33810.0'],
  ],
  ['Microsoft Teams', 'Microsoft Corporation', ['24295.605.3225.8804']],
  ['VLC media player', 'VideoLAN', ['3.0.21', '3.0.20']],
  ['Notepad++ (64-bit x64)', 'Notepad++ Team', ['8.7.4', '8.6.9']],
  ['Zoom Workplace (64-bit)', 'Zoom Video Communications, Inc.', ['6.3.0']],
  ['Microsoft OneDrive', 'Microsoft Corporation', ['24.226.1110.0004']],
  ['Java 8 Update 431', 'Oracle Corporation', ['8.0.4310.10']],
  ['PuTTY release 0.82 (64-bit)', 'Simon Tatham', ['0.82.0.0']],
  ['FileZilla 3.68.1', 'Tim Kosse', ['3.68.1']],
  ['KeePass Password Safe 2.57.1', 'Dominik Reichl', ['2.57.1']],
  ['Microsoft SQL Server 2019', 'Microsoft Corporation', ['15.0.2000.5']],
  ['Veeam Agent for Microsoft Windows', 'Veeam Software Group GmbH', ['6.2.0.121']],
  ['Sage 100 Comptabilité', 'Sage', ['9.00']],
  ['AutoCAD LT 2025 - Français', 'Autodesk', ['25.0.58.0']],
  ['Müller & Söhne Lagerverwaltung', 'Müller & Söhne GmbH', ['4.2.1']],
  ['Son Intel® pour écrans', 'Intel Corporation', ['10.27.0.12']],
];

/**
 * Debian/Ubuntu packages for Linux machines when no agent fixture is at hand (the demo fleet, a packaged
 * app): common package names with versions of Debian 12, most popular first.
 */
export const LINUX_PACKAGES: Array<[name: string, version: string]> = [
  ['base-files', '12.4+deb12u8'],
  ['bash', '5.2.15-2+b7'],
  ['coreutils', '9.1-1'],
  ['libc6', '2.36-9+deb12u9'],
  ['systemd', '252.33-1~deb12u1'],
  ['openssh-server', '1:9.2p1-2+deb12u3'],
  ['openssh-client', '1:9.2p1-2+deb12u3'],
  ['openssl', '3.0.15-1~deb12u1'],
  ['ca-certificates', '20230311'],
  ['curl', '7.88.1-10+deb12u8'],
  ['wget', '1.21.3-1+b2'],
  ['sudo', '1.9.13p3-1+deb12u1'],
  ['vim', '2:9.0.1378-2'],
  ['nano', '7.2-1+deb12u1'],
  ['less', '590-2.1~deb12u2'],
  ['rsync', '3.2.7-1'],
  ['tar', '1.34+dfsg-1.2+deb12u1'],
  ['gzip', '1.12-1'],
  ['cron', '3.0pl1-162'],
  ['rsyslog', '8.2302.0-1'],
  ['logrotate', '3.21.0-1'],
  ['apt', '2.6.1'],
  ['dpkg', '1.21.22'],
  ['perl', '5.36.0-7+deb12u1'],
  ['python3', '3.11.2-1+b1'],
  ['python3-minimal', '3.11.2-1+b1'],
  ['git', '1:2.39.5-0+deb12u1'],
  ['iproute2', '6.1.0-3'],
  ['iputils-ping', '3:20221126-1'],
  ['net-tools', '2.10-0.1'],
  ['dnsutils', '1:9.18.28-1~deb12u2'],
  ['tcpdump', '4.99.3-1'],
  ['htop', '3.2.2-2'],
  ['lsof', '4.95.0-1'],
  ['ocsinventory-agent', '2:2.10.0-2'],
  ['nginx', '1.22.1-9'],
  ['apache2', '2.4.62-1~deb12u2'],
  ['mariadb-server', '1:10.11.6-0+deb12u1'],
  ['postgresql-15', '15.10-0+deb12u1'],
  ['php8.2', '8.2.26-1~deb12u1'],
  ['nodejs', '18.19.0+dfsg-6~deb12u2'],
  ['docker.io', '20.10.24+dfsg1-1+b3'],
  ['containerd', '1.6.20~ds1-1+b1'],
  ['chrony', '4.3-2+deb12u1'],
  ['unattended-upgrades', '2.9.1+nmu3'],
  ['fail2ban', '1.0.1-2'],
  ['nftables', '1.0.6-2+deb12u2'],
  ['zabbix-agent', '1:6.0.14+dfsg-1+b1'],
  ['snmpd', '5.9.3+dfsg-2'],
  ['samba-common-bin', '2:4.17.12+dfsg-0+deb12u1'],
];
