import type { Right } from '@shared/contract/route';
import {
  IconChartBar,
  IconDatabase,
  IconDatabaseCog,
  IconDeviceDesktop,
  IconHome,
  IconListSearch,
  IconUsers,
  type Icon,
} from '@tabler/icons-react';
import { IconPackage, IconStethoscope } from '@tabler/icons-react';
import { IconRadar } from '@tabler/icons-react';
import { IconCopy, IconDevicesPc } from '@tabler/icons-react';
import { IconApps, IconBook2, IconBinaryTree, IconCategory } from '@tabler/icons-react';
import { IconCertificate, IconShieldExclamation } from '@tabler/icons-react';
import { IconForms } from '@tabler/icons-react';
import { IconFileImport } from '@tabler/icons-react';
import { IconAdjustments } from '@tabler/icons-react';
import { IconFileUpload } from '@tabler/icons-react';
import { IconUsersGroup } from '@tabler/icons-react';
import { IconRouter, IconSettingsCog } from '@tabler/icons-react';
import { IconDatabaseExport, IconServer } from '@tabler/icons-react';
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

/** `start` is the unlabelled group at the top of the navbar (Home). */
export type NavGroup = 'start' | 'inventory' | 'deployment' | 'network' | 'hygiene' | 'administration';

export interface NavEntry {
  /** Route path (react-router pattern). */
  path: string;
  /** i18n key `<namespace>:<key>` of the label. */
  labelKey: string;
  icon: Icon;
  /** The right needed to see the entry; the main process checks every route anyway. */
  right: Right;
  /** Navbar group; `null` for pages reached from elsewhere (details). */
  group: NavGroup | null;
  page: LazyExoticComponent<ComponentType>;
}

/**
 * Every screen of the console, as data: the navbar, the routes and the role filter all come from
 * here. Add one entry per page; only pages that work belong here.
 */
export const NAV: NavEntry[] = [
  {
    path: '/',
    labelKey: 'nav:home',
    icon: IconHome,
    right: 'browse',
    group: 'start',
    page: lazy(() => import('../pages/home/home-page')),
  },
  {
    path: '/computers',
    labelKey: 'nav:computers',
    icon: IconDeviceDesktop,
    right: 'browse',
    group: 'inventory',
    page: lazy(() => import('../pages/computers/computers-page')),
  },
  {
    path: '/computers/:id',
    labelKey: 'nav:computer',
    icon: IconDeviceDesktop,
    right: 'browse',
    group: null,
    page: lazy(() => import('../pages/computers/computer-detail-page')),
  },
  {
    path: '/search',
    labelKey: 'nav:search',
    icon: IconListSearch,
    right: 'browse',
    group: 'inventory',
    page: lazy(() => import('../pages/search/search-page')),
  },
  {
    path: '/tags',
    labelKey: 'nav:tags',
    icon: IconChartBar,
    right: 'browse',
    group: 'inventory',
    page: lazy(() => import('../pages/tags/tags-page')),
  },
  {
    path: '/groups',
    labelKey: 'groups:nav',
    icon: IconUsersGroup,
    right: 'browse',
    group: 'inventory',
    page: lazy(() => import('../pages/groups/groups-page')),
  },
  {
    path: '/registry',
    labelKey: 'registry:nav',
    icon: IconBinaryTree,
    right: 'browse',
    group: 'inventory',
    page: lazy(() => import('../pages/registry/registry-page')),
  },
  {
    path: '/packages',
    labelKey: 'nav:packages',
    icon: IconPackage,
    right: 'browse',
    group: 'deployment',
    page: lazy(() => import('../pages/packages/packages-page')),
  },
  {
    path: '/ipdiscover',
    labelKey: 'ipdiscover:navLabel',
    icon: IconRadar,
    right: 'browse',
    group: 'network',
    page: lazy(() => import('../pages/ipdiscover/ipdiscover-page')),
  },
  {
    path: '/snmp',
    labelKey: 'snmp:nav',
    icon: IconRouter,
    right: 'browse',
    group: 'network',
    page: lazy(() => import('../pages/snmp/snmp-devices-page')),
  },
  {
    path: '/snmp/:typeId/:id',
    labelKey: 'snmp:navDevice',
    icon: IconRouter,
    right: 'browse',
    group: null,
    page: lazy(() => import('../pages/snmp/snmp-device-page')),
  },
  {
    path: '/snmp-config',
    labelKey: 'snmp:navConfig',
    icon: IconSettingsCog,
    right: 'configure',
    group: 'network',
    page: lazy(() => import('../pages/snmp/snmp-config-page')),
  },
  {
    path: '/duplicates',
    labelKey: 'duplicates:nav',
    icon: IconCopy,
    right: 'browse',
    group: 'hygiene',
    page: lazy(() => import('../pages/duplicates/duplicates-page')),
  },
  {
    path: '/software',
    labelKey: 'nav:software',
    icon: IconApps,
    right: 'browse',
    group: 'hygiene',
    page: lazy(() => import('../pages/software/software-page')),
  },
  {
    path: '/cve',
    labelKey: 'nav:cve',
    icon: IconShieldExclamation,
    right: 'browse',
    group: 'hygiene',
    page: lazy(() => import('../pages/cve/cve-page')),
  },
  {
    path: '/software-categories',
    labelKey: 'nav:softwareCategories',
    icon: IconCategory,
    right: 'browse',
    group: 'hygiene',
    page: lazy(() => import('../pages/software/categories-page')),
  },
  {
    path: '/asset-categories',
    labelKey: 'nav:assetCategories',
    icon: IconDevicesPc,
    right: 'browse',
    group: 'hygiene',
    page: lazy(() => import('../pages/assetcategories/asset-categories-page')),
  },
  {
    path: '/dictionary',
    labelKey: 'dictionary:nav',
    icon: IconBook2,
    right: 'browse',
    group: 'hygiene',
    page: lazy(() => import('../pages/dictionary/dictionary-page')),
  },
  {
    path: '/diagnostics',
    labelKey: 'diagnostics:nav',
    icon: IconStethoscope,
    right: 'browse',
    group: 'hygiene',
    page: lazy(() => import('../pages/diagnostics/diagnostics-page')),
  },
  {
    path: '/server-info',
    labelKey: 'serverinfo:nav',
    icon: IconServer,
    right: 'configure',
    group: 'hygiene',
    page: lazy(() => import('../pages/server-info/server-info-page')),
  },
  {
    path: '/connection',
    labelKey: 'nav:connection',
    icon: IconDatabase,
    right: 'browse',
    group: 'administration',
    page: lazy(() => import('../pages/connection/connection-page')),
  },
  {
    path: '/database',
    labelKey: 'database:page.title',
    icon: IconDatabaseCog,
    right: 'browse',
    group: 'administration',
    page: lazy(() => import('../pages/database/database-page')),
  },
  {
    path: '/backup',
    labelKey: 'backup:nav',
    icon: IconDatabaseExport,
    right: 'configure',
    group: 'administration',
    page: lazy(() => import('../pages/backup/backup-page')),
  },
  {
    path: '/operators',
    labelKey: 'nav:operators',
    icon: IconUsers,
    right: 'manageOperators',
    group: 'administration',
    page: lazy(() => import('../pages/operators/operators-page')),
  },
  {
    path: '/adminfields',
    labelKey: 'adminfields:nav',
    icon: IconForms,
    right: 'configure',
    group: 'administration',
    page: lazy(() => import('../pages/adminfields/adminfields-page')),
  },
  {
    path: '/certificates',
    labelKey: 'certificates:nav',
    icon: IconCertificate,
    right: 'browse',
    group: 'administration',
    page: lazy(() => import('../pages/certificates/certificates-page')),
  },
  {
    path: '/import',
    labelKey: 'import:nav',
    icon: IconFileImport,
    right: 'importInventory',
    group: 'administration',
    page: lazy(() => import('../pages/import/import-page')),
  },
  {
    path: '/options',
    labelKey: 'options:nav',
    icon: IconAdjustments,
    right: 'browse',
    group: 'administration',
    page: lazy(() => import('../pages/options/options-page')),
  },
  {
    path: '/agentfiles',
    labelKey: 'agentfiles:nav',
    icon: IconFileUpload,
    right: 'browse',
    group: 'administration',
    page: lazy(() => import('../pages/agentfiles/agentfiles-page')),
  },
];

export const NAV_GROUPS: NavGroup[] = [
  'start',
  'inventory',
  'deployment',
  'network',
  'hygiene',
  'administration',
];

export function visibleEntries(rights: readonly Right[]): NavEntry[] {
  return NAV.filter((e) => rights.includes(e.right));
}

/**
 * The chunks of the pages a first visit opens, asked for as soon as the bundle runs: React.lazy would
 * ask only once the session has answered and the router rendered (issue 22). Same specifiers as NAV,
 * so the lazy page then finds its module loaded.
 */
const FIRST_PAGES: Record<string, () => Promise<unknown>> = {
  '/': () => import('../pages/home/home-page'),
  '/computers': () => import('../pages/computers/computers-page'),
};

export function preloadPage(pathname: string): void {
  void FIRST_PAGES[pathname]?.();
}
