import type { ConnectionStatus } from '@shared/contract/connection';
import type { OperatorInfo } from '@shared/contract/auth';
import { Alert, AppShell, Center, Loader, NavLink, ScrollArea, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink as RouterLink, Outlet, useLocation } from 'react-router';
import { UnsavedChangesGuard } from '../components/unsaved-guard/unsaved-guard';
import { Header } from './header';
import { NAV_GROUPS, visibleEntries } from './nav';

// The slow-list index proposal appears only on big fleets without OCS Desk's indexes: loaded after the shell.
const IndexProposal = lazy(() =>
  import('../components/perf-indexes/index-proposal').then((m) => ({ default: m.IndexProposal })),
);

export function Layout({ connection, operator }: { connection: ConnectionStatus; operator: OperatorInfo }) {
  const { t } = useTranslation(['nav', 'common', 'operators']);
  const [opened, { toggle }] = useDisclosure();
  const location = useLocation();
  const entries = visibleEntries(operator.rights);
  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 250, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <a href="#main" className="skip-link">
        {t('common:app.skipToContent')}
      </a>
      <AppShell.Header>
        <Header connection={connection} operator={operator} navOpened={opened} onToggleNav={toggle} />
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main navigation">
        <AppShell.Section grow component={ScrollArea}>
          {NAV_GROUPS.map((group) => {
            const items = entries.filter((e) => e.group === group);
            if (items.length === 0) return null;
            return (
              <nav key={group} aria-labelledby={`nav-${group}`}>
                <Text
                  id={`nav-${group}`}
                  size="xs"
                  fw={700}
                  c="dimmed"
                  tt="uppercase"
                  px="sm"
                  mt="sm"
                  mb={4}
                  className={group === 'start' ? 'visually-hidden' : undefined}
                >
                  {t(`nav:group.${group}`)}
                </Text>
                {items.map((e) => (
                  <NavLink
                    key={e.path}
                    component={RouterLink}
                    to={e.path}
                    label={t(e.labelKey)}
                    leftSection={<e.icon size={18} aria-hidden />}
                    active={
                      e.path === '/'
                        ? location.pathname === '/'
                        : location.pathname === e.path || location.pathname.startsWith(`${e.path}/`)
                    }
                  />
                ))}
              </nav>
            );
          })}
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <UnsavedChangesGuard />
        {operator.refusedByDb.length > 0 && (
          // The rights the DB account's grants refuse are hidden like any other; this says why.
          <Alert color="yellow" mb="md" data-testid="db-read-only">
            {t('common:app.dbReadOnly', {
              account: connection.user ?? '',
              rights: operator.refusedByDb.map((r) => t(`operators:right.${r}`)).join(', '),
            })}
          </Alert>
        )}
        {connection.replica?.readsFrom === 'primary' && (
          // Lists and searches still answer (from the primary); the admin should know the replica failed.
          <Alert color="yellow" mb="md" data-testid="db-replica-fallback">
            {t('common:app.replicaFallback', {
              server: `${connection.replica.host}:${connection.replica.port}`,
              detail: connection.replica.detail ?? '',
            })}
          </Alert>
        )}
        <Suspense fallback={null}>
          <IndexProposal connection={connection} />
        </Suspense>
        {/* data-route commits with the page itself (a lazy page loads in a transition, the old one stays
            shown meanwhile): tests and tools know which screen the controls below belong to. */}
        <div data-route={location.pathname}>
          <Suspense
            fallback={
              <Center h={200}>
                <Loader />
              </Center>
            }
          >
            <Outlet />
          </Suspense>
        </div>
      </AppShell.Main>
    </AppShell>
  );
}
