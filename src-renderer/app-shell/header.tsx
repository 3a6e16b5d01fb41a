import type { ConnectionStatus } from '@shared/contract/connection';
import type { OperatorInfo } from '@shared/contract/auth';
import {
  ActionIcon,
  Badge,
  Burger,
  Group,
  Menu,
  SegmentedControl,
  Text,
  Title,
  UnstyledButton,
  useMantineColorScheme,
  type MantineColorScheme,
} from '@mantine/core';
import { IconDatabase, IconFlask, IconInfoCircle, IconLogout, IconUserCircle } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { call } from '../api/client';
import { setLanguage, type Language } from '../i18n';
import { CommandLauncher } from './command-launcher';
import { JobsIndicator } from './jobs-indicator';
import { useSessionChanged } from './use-session';

export function Header(props: {
  connection: ConnectionStatus;
  operator: OperatorInfo;
  navOpened: boolean;
  onToggleNav: () => void;
}) {
  const { t, i18n } = useTranslation('common');
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  const changed = useSessionChanged();
  const { connection: c, operator } = props;
  const [about, setAbout] = useState(false);
  return (
    <Group h="100%" px="md" justify="space-between" wrap="nowrap">
      <Group gap="sm" wrap="nowrap">
        <Burger
          opened={props.navOpened}
          onClick={props.onToggleNav}
          hiddenFrom="sm"
          size="sm"
          aria-label={t('header.toggleNav')}
        />
        {/* The logo and name lead Home, as in ocsreports. */}
        <UnstyledButton component={Link} to="/" aria-label={t('header.home')} data-testid="logo-home">
          <Group gap="sm" wrap="nowrap">
            <img src="/favicon.svg" alt="" width={28} height={28} />
            <Title order={1} size="h4">
              {t('app.name')}
            </Title>
          </Group>
        </UnstyledButton>
        <Badge
          variant="light"
          leftSection={<IconDatabase size={12} aria-hidden />}
          tt="none"
          visibleFrom="md"
        >
          {t('header.connectedTo', { user: c.user, host: c.host, database: c.database })}
        </Badge>
        {/* Generated demo fleet (ocsdesk_demo marker): said on every screen, never taken for a real inventory. */}
        {c.demo ? (
          <Badge
            color="yellow"
            c="black"
            leftSection={<IconFlask size={12} aria-hidden />}
            title={t('header.demoHint', { computers: c.demo.computers })}
            data-testid="demo-badge"
          >
            {t('header.demo')}
          </Badge>
        ) : null}
      </Group>
      <Group gap="xs" wrap="nowrap">
        <CommandLauncher operator={operator} about={about} onAbout={setAbout} />
        <JobsIndicator />
        <SegmentedControl
          size="xs"
          aria-label={t('header.language')}
          value={i18n.language.startsWith('fr') ? 'fr' : 'en'}
          onChange={(v) => setLanguage(v as Language)}
          data={[
            { value: 'en', label: 'EN' },
            { value: 'fr', label: 'FR' },
          ]}
        />
        <SegmentedControl
          size="xs"
          aria-label={t('header.colorScheme')}
          value={colorScheme}
          onChange={(v) => setColorScheme(v as MantineColorScheme)}
          data={(['auto', 'light', 'dark'] as const).map((s) => ({
            value: s,
            label: t(`header.scheme.${s}`),
          }))}
          visibleFrom="sm"
        />
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <ActionIcon variant="subtle" size="lg" aria-label={t('header.operatorMenu')}>
              <IconUserCircle aria-hidden />
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Label>
              <Text size="sm" fw={600} data-testid="operator-login">
                {operator.login}
              </Text>
              <Text size="xs">{operator.profile ?? ''}</Text>
            </Menu.Label>
            <Menu.Item
              leftSection={<IconInfoCircle size={14} aria-hidden />}
              onClick={() => setAbout(true)}
              data-testid="menu-about"
            >
              {t('header.about')}
            </Menu.Item>
            <Menu.Item
              leftSection={<IconLogout size={14} aria-hidden />}
              onClick={() => void call('auth.logout', {}).then(changed)}
            >
              {t('action.logout')}
            </Menu.Item>
            <Menu.Item
              leftSection={<IconDatabase size={14} aria-hidden />}
              onClick={() => void call('connection.close', {}).then(changed)}
            >
              {t('header.disconnect')}
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
      </Group>
    </Group>
  );
}
