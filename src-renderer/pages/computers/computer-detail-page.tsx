import {
  Anchor,
  Badge,
  Button,
  Center,
  Group,
  Loader,
  Stack,
  Tabs,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconAlertTriangle, IconArrowLeft, IconCircleCheck, IconPrinter } from '@tabler/icons-react';
import type { ComputerDetail, SoftwareRow } from '@shared/contract/computers';
import { lazy, Suspense, useState } from 'react';
import { flushSync } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { useRoute } from '../../api/hooks';
import { useSession } from '../../app-shell/use-session';
import { DataGrid, type GridColumn } from '../../components/data-grid/data-grid';
import { ErrorAlert } from '../../components/error-alert/error-alert';
import { AdminDataForm } from './admin-data-form';
import { columnLabel, daysSince, isLate } from './format';
import { ExportComputerMenu } from './export-computer-menu';
import { PackagesPanel } from './packages-panel';
import { HARDWARE_INTERNAL } from '@shared/i18n/section-fields';
import { KeyValueTable, SectionTable, uiLang } from './section-table';
import { formatSectionValue } from '@shared/i18n/section-fields';
import { SettingsPanel } from './settings-panel';
import { EffectiveSettings } from '../groups/effective-settings';
import classes from './computers.module.css';
import './print.css';

// Loaded with its texts when the tab opens.
const ComputerCvePanel = lazy(() => import('../cve/computer-cve-panel'));

const SOFTWARE_COLS: (keyof SoftwareRow)[] = [
  'name',
  'publisher',
  'version',
  'installDate',
  'architecture',
  'folder',
];

function SoftwareGrid({ rows }: { rows: SoftwareRow[] }) {
  const { t, i18n } = useTranslation('computers');
  const [q, setQ] = useState('');
  const needle = q.trim().toLowerCase();
  const shown = needle
    ? rows.filter((r) => `${r.name ?? ''} ${r.publisher ?? ''}`.toLowerCase().includes(needle))
    : rows;
  const columns: GridColumn<SoftwareRow>[] = SOFTWARE_COLS.map((c) => ({
    id: c,
    header: t(`software.${c}`),
    width: c === 'name' ? 280 : 160,
    render: (r) => formatSectionValue('software', c, r[c], uiLang(i18n.language)),
  }));
  return (
    <Stack gap="xs">
      <TextInput
        w={300}
        label={t('software.filter')}
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
      />
      <DataGrid
        label={t('detail.tab.software')}
        columns={columns}
        rows={shown}
        rowKey={(r) => `${r.name}|${r.version}|${r.folder}|${r.guid}`}
        total={shown.length}
        height={Math.min(560, shown.length * 36 + 44)}
      />
    </Stack>
  );
}

function sectionsOf(d: ComputerDetail): [string, ComputerDetail['sections'][string]][] {
  return Object.entries(d.sections).filter(([, rows]) => rows.length > 0);
}

/** Everything at once (and what prints). */
function Everything({
  d,
  labels,
  biosLabels,
}: {
  d: ComputerDetail;
  labels: Map<string, string>;
  biosLabels: Map<string, string>;
}) {
  const { t } = useTranslation('computers');
  return (
    <Stack>
      <section className="print-section">
        <Title order={3} size="h4" mb="xs">
          {t('detail.tab.hardware')}
        </Title>
        <KeyValueTable
          row={d.hardware}
          label={t('detail.tab.hardware')}
          labels={labels}
          omit={HARDWARE_INTERNAL}
        />
      </section>
      {d.bios ? (
        <section className="print-section">
          <Title order={3} size="h4" mb="xs">
            {t('detail.tab.bios')}
          </Title>
          <KeyValueTable row={d.bios} label={t('detail.tab.bios')} labels={biosLabels} />
        </section>
      ) : null}
      {sectionsOf(d).map(([name, rows]) => (
        <section key={name} className="print-section">
          <Title order={3} size="h4" mb="xs">
            {t(`section.${name}`, { defaultValue: name })} ({rows.length})
          </Title>
          <SectionTable
            rows={rows}
            section={name}
            macVendors={d.macVendors}
            label={t(`section.${name}`, { defaultValue: name })}
          />
        </section>
      ))}
      {d.software.length ? (
        <section>
          <Title order={3} size="h4" mb="xs">
            {t('detail.tab.software')} ({d.software.length})
          </Title>
          <SectionTable
            rows={d.software.map((s) => ({ ...s }))}
            section="software"
            label={t('detail.tab.software')}
          />
        </section>
      ) : null}
    </Stack>
  );
}

/** One computer: every section the agents send, admin data, per-computer settings, packages. */
export default function ComputerDetailPage() {
  const { t, i18n } = useTranslation(['computers', 'common']);
  const params = useParams();
  const navigate = useNavigate();
  const id = Number(params.id);
  const { operator } = useSession();
  // Each tab's changes need the right of its routes: admin data, settings (configure), packages (assign).
  const canEdit = !!operator?.rights.includes('editAdminData');
  const canSettings = !!operator?.rights.includes('configure');
  const canAssign = !!operator?.rights.includes('assignPackages');
  const detail = useRoute('computers.detail', { id }, { enabled: Number.isInteger(id) && id > 0 });
  const columns = useRoute('computers.columns', {}, { staleTime: 60_000 });
  const [tab, setTab] = useState<string | null>('hardware');
  const [now] = useState(() => Date.now());

  if (detail.isLoading) {
    return (
      <Center h={200}>
        <Loader aria-label={t('common:app.name')} />
      </Center>
    );
  }
  const d = detail.data;
  const back = (
    <Anchor
      component="button"
      className={`no-print ${classes.link}`}
      onClick={() =>
        void ((window.history.state as { idx?: number } | null)?.idx ? navigate(-1) : navigate('/computers'))
      }
    >
      <Group gap={4}>
        <IconArrowLeft size={16} aria-hidden />
        {t('detail.back')}
      </Group>
    </Anchor>
  );
  if (!d) {
    return (
      <Stack>
        {back}
        <ErrorAlert error={detail.error} />
      </Stack>
    );
  }
  const hw = d.hardware;
  const name = String(hw.NAME ?? `#${d.id}`);
  const labels = new Map(
    (columns.data ?? [])
      .filter((c) => c.table === 'hardware')
      .map((c) => [c.column, columnLabel(t, c.id, c.label)]),
  );
  const biosLabels = new Map(
    (columns.data ?? [])
      .filter((c) => c.table === 'bios')
      .map((c) => [c.column, columnLabel(t, c.id, c.label)]),
  );
  const late = isLate(hw.LASTCOME as string | null, d.lateAfterDays, now);
  const days = daysSince(hw.LASTCOME as string | null, now);
  const sections = sectionsOf(d);
  // ocsreports marks a computer whose devices rows override the General options ("its own settings")
  const ownSettings = d.settings.filter((s) => s.value !== null);

  const print = () => {
    flushSync(() => setTab('all'));
    window.print();
  };

  return (
    <Stack gap="md">
      {back}
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Group gap="sm">
            <Title order={2} data-testid="computer-name">
              {name}
            </Title>
            {ownSettings.length ? (
              <Badge
                variant="filled"
                color="red.9"
                component="button"
                type="button"
                data-testid="own-settings"
                title={t('detail.ownSettingsHint', {
                  names: ownSettings
                    .map((s) => t(`settings.name.${s.name}`, { defaultValue: s.name }))
                    .join(', '),
                })}
                style={{ cursor: 'pointer' }}
                onClick={() => setTab('settings')}
              >
                {t('detail.ownSettings', { count: ownSettings.length })}
              </Badge>
            ) : null}
          </Group>
          <Text size="sm">
            {[hw.OSNAME, hw.OSVERSION, hw.USERID ? t('detail.user', { user: hw.USERID }) : null]
              .filter(Boolean)
              .join(' · ')}
          </Text>
          <Group gap="xs">
            <Text size="sm">
              {t('detail.lastInventory', {
                date: formatSectionValue('hardware', 'LASTDATE', hw.LASTDATE, uiLang(i18n.language)) || '—',
              })}
            </Text>
            <Group gap={4} data-late={late || undefined}>
              {late ? (
                <IconAlertTriangle size={16} aria-hidden className={classes.lateIcon} />
              ) : (
                <IconCircleCheck size={16} aria-hidden className={classes.okIcon} />
              )}
              <Text size="sm" fw={600} span>
                {days === null
                  ? t('list.never')
                  : late
                    ? t('list.late', { count: days })
                    : t('list.upToDate')}
              </Text>
            </Group>
          </Group>
        </Stack>
        <Group gap="xs" className="no-print">
          <Button variant="default" leftSection={<IconPrinter size={16} aria-hidden />} onClick={print}>
            {t('detail.print')}
          </Button>
          <ExportComputerMenu id={d.id} />
        </Group>
      </Group>
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List className="no-print" style={{ flexWrap: 'wrap' }}>
          <Tabs.Tab value="hardware">{t('detail.tab.hardware')}</Tabs.Tab>
          {d.bios ? <Tabs.Tab value="bios">{t('detail.tab.bios')}</Tabs.Tab> : null}
          <Tabs.Tab value="admin">{t('detail.tab.admin')}</Tabs.Tab>
          <Tabs.Tab value="settings">{t('detail.tab.settings')}</Tabs.Tab>
          <Tabs.Tab value="packages">
            {t('detail.tab.packages')} ({d.packages.length})
          </Tabs.Tab>
          {d.software.length ? (
            <Tabs.Tab value="software">
              {t('detail.tab.software')} ({d.software.length})
            </Tabs.Tab>
          ) : null}
          {sections.map(([s, rows]) => (
            <Tabs.Tab key={s} value={`s:${s}`}>
              {t(`section.${s}`, { defaultValue: s })} ({rows.length})
            </Tabs.Tab>
          ))}
          <Tabs.Tab value="cve" data-testid="tab-cve">
            {t('nav:cve')}
          </Tabs.Tab>
          <Tabs.Tab value="all">{t('detail.tab.all')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="hardware" pt="md">
          <KeyValueTable row={hw} label={t('detail.tab.hardware')} labels={labels} omit={HARDWARE_INTERNAL} />
        </Tabs.Panel>
        {d.bios ? (
          <Tabs.Panel value="bios" pt="md">
            <KeyValueTable row={d.bios} label={t('detail.tab.bios')} labels={biosLabels} />
          </Tabs.Panel>
        ) : null}
        <Tabs.Panel value="admin" pt="md">
          <AdminDataForm
            key={JSON.stringify(d.accountinfo)}
            id={d.id}
            fields={d.adminFields}
            row={d.accountinfo}
            canEdit={canEdit}
          />
        </Tabs.Panel>
        <Tabs.Panel value="settings" pt="md">
          <SettingsPanel id={d.id} settings={d.settings} canEdit={canSettings} />
          <EffectiveSettings id={d.id} />
        </Tabs.Panel>
        <Tabs.Panel value="packages" pt="md">
          <PackagesPanel packages={d.packages} computerId={d.id} canEdit={canAssign} />
        </Tabs.Panel>
        <Tabs.Panel value="software" pt="md">
          <SoftwareGrid rows={d.software} />
        </Tabs.Panel>
        {sections.map(([s, rows]) => (
          <Tabs.Panel key={s} value={`s:${s}`} pt="md">
            <SectionTable
              rows={rows}
              section={s}
              macVendors={d.macVendors}
              label={t(`section.${s}`, { defaultValue: s })}
            />
          </Tabs.Panel>
        ))}
        <Tabs.Panel value="cve" pt="md">
          <Suspense fallback={null}>
            <ComputerCvePanel id={d.id} />
          </Suspense>
        </Tabs.Panel>
        <Tabs.Panel value="all" pt="md">
          <Everything d={d} labels={labels} biosLabels={biosLabels} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
