import { Alert, Anchor, Card, Center, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { useRoute } from '../../api/hooks';
import { useRight } from '../../components/right-gate/right-gate';
import { ErrorAlert } from '../../components/error-alert/error-alert';
import classes from '../computers/computers.module.css';
import { SnmpAdminForm } from './snmp-admin-form';
import { snmpColumnLabel } from './snmp-devices-page';

/** One SNMP device: every column of its row, and its admin data (snmp_accountinfo). */
export default function SnmpDevicePage() {
  const { t } = useTranslation(['snmp', 'common']);
  const params = useParams();
  const navigate = useNavigate();
  const typeId = Number(params.typeId);
  const id = Number(params.id);
  // The profile's right, and the DB account's grants (a read-only account cannot save).
  const canEdit = useRight('editAdminData').allowed;
  const ok = Number.isInteger(typeId) && typeId > 0 && Number.isInteger(id) && id > 0;
  const detail = useRoute('snmp.device', { typeId, id }, { enabled: ok });

  const back = (
    <Anchor
      component="button"
      className={classes.link}
      onClick={() =>
        void ((window.history.state as { idx?: number } | null)?.idx
          ? navigate(-1)
          : navigate(`/snmp?type=${typeId}`))
      }
    >
      <Group gap={4}>
        <IconArrowLeft size={16} aria-hidden />
        {t('back')}
      </Group>
    </Anchor>
  );
  if (detail.isLoading) {
    return (
      <Center h={200}>
        <Loader aria-label={t('common:app.name')} />
      </Center>
    );
  }
  const d = detail.data;
  if (!d) {
    return (
      <Stack>
        {back}
        <ErrorAlert error={detail.error} />
      </Stack>
    );
  }
  const rec = d.type.reconciliation;
  const name = (rec ? d.values[rec] : null) || `#${d.id}`;
  return (
    <Stack gap="md">
      {back}
      <Stack gap={2}>
        <Title order={2} data-testid="snmp-device-name">
          {name}
        </Title>
        <Text size="sm">
          {t('deviceOf', { type: d.type.name, table: d.type.table })}
          {d.values.LASTDATE ? ` · ${t('lastInventoryAt', { date: d.values.LASTDATE })}` : ''}
        </Text>
      </Stack>
      <Card withBorder component="section" aria-labelledby="snmp-values-h">
        <Title order={3} size="h4" id="snmp-values-h" mb="xs">
          {t('values')}
        </Title>
        <Table withTableBorder striped fz="sm" layout="fixed" data-testid="snmp-device-values">
          <Table.Tbody>
            {d.columns.map((c) => (
              <Table.Tr key={c}>
                <Table.Th w="35%" scope="row">
                  {snmpColumnLabel(t, c)}
                  {c === rec ? (
                    <Text span size="xs" c="dimmed">
                      {' '}
                      ({t('reconciliation')})
                    </Text>
                  ) : null}
                </Table.Th>
                <Table.Td style={{ wordBreak: 'break-word' }}>{d.values[c] ?? '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Card>
      <Card withBorder component="section" aria-labelledby="snmp-admin-h">
        <Title order={3} size="h4" id="snmp-admin-h" mb="xs">
          {t('adminData')}
        </Title>
        {d.adminData ? (
          <SnmpAdminForm
            key={JSON.stringify(d.adminData)}
            typeId={d.type.id}
            id={d.id}
            fields={d.adminData}
            canEdit={canEdit}
          />
        ) : (
          <Alert variant="light" color="blue" data-testid="snmp-no-admin">
            {t('noAdminData')}
          </Alert>
        )}
      </Card>
    </Stack>
  );
}
