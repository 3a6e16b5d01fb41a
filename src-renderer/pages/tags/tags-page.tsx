import { BarChart } from '@mantine/charts';
import { Anchor, Card, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useRoute } from '../../api/hooks';
import { ErrorAlert } from '../../components/error-alert/error-alert';
import classes from '../computers/computers.module.css';

const TOP = 15;

/** Link to the computers list filtered on one value of an admin field (empty → IS_EMPTY). */
export function tagLink(value: string | null, column = 'TAG'): string {
  const p = new URLSearchParams({
    field: `accountinfo.${column}`,
    op: value === null || value === '' ? 'IS_EMPTY' : 'EQUAL',
  });
  if (value) p.set('value', value);
  return `/computers?${p.toString()}`;
}

/** Computers per TAG: a bar chart of the top values (+ Other) and the full table. */
export default function TagsPage() {
  const { t, i18n } = useTranslation(['tags', 'nav']);
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const column = /^(TAG|fields_\d+)$/.test(params.get('column') ?? '')
    ? (params.get('column') as string)
    : 'TAG';
  const columns = useRoute('computers.columns', {}, { staleTime: 60_000 });
  const adminColumns = (columns.data ?? []).filter((c) => c.admin && c.admin.type !== 'longtext');
  const rep = useRoute('tags.repartition', { column });
  const counts = rep.data?.counts ?? [];
  const total = rep.data?.total ?? 0;
  const nf = new Intl.NumberFormat(i18n.language);
  const pf = new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 1 });
  const top = counts
    .slice(0, TOP)
    .map((c) => ({ tag: c.label ?? c.value ?? t('none'), value: c.value, count: c.count }));
  const rest = counts.slice(TOP).reduce((s, c) => s + c.count, 0);
  const chart = rest > 0 ? [...top, { tag: t('other'), value: undefined, count: rest }] : top;

  return (
    <Stack>
      <Group justify="space-between" align="baseline">
        <Title order={2}>
          {t('nav:tags')}{' '}
          <Text span fz="lg">
            ({t('summary', { count: counts.length, computers: nf.format(total) })})
          </Text>
        </Title>
      </Group>
      {adminColumns.length > 1 ? (
        <Select
          w={280}
          label={t('field')}
          data={adminColumns.map((c) => ({ value: c.column, label: c.label }))}
          value={column}
          allowDeselect={false}
          onChange={(v) => v && setParams(v === 'TAG' ? {} : { column: v })}
        />
      ) : null}
      <ErrorAlert error={rep.error} />
      {chart.length ? (
        <Card withBorder>
          <div role="img" aria-label={t('chartLabel', { count: chart.length })}>
            <BarChart
              h={Math.max(220, chart.length * 28)}
              data={chart}
              dataKey="tag"
              orientation="vertical"
              yAxisProps={{ width: 140 }}
              series={[{ name: 'count', label: t('computers'), color: 'blue.6' }]}
              withBarValueLabel
              barProps={{
                cursor: 'pointer',
                maxBarSize: 36,
                onClick: (entry: { payload?: { value?: string | null } }) => {
                  const v = entry.payload?.value;
                  if (v !== undefined) void navigate(tagLink(v, column));
                },
              }}
            />
          </div>
        </Card>
      ) : null}
      <Table withTableBorder striped aria-label={t('tableLabel')} data-testid="tags-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>
              {column === 'TAG' ? t('tag') : (adminColumns.find((c) => c.column === column)?.label ?? column)}
            </Table.Th>
            <Table.Th ta="right">{t('computers')}</Table.Th>
            <Table.Th ta="right">{t('share')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {counts.map((c) => (
            <Table.Tr key={c.value ?? '\u0000'}>
              <Table.Td>
                <Anchor component={Link} to={tagLink(c.value, column)} className={classes.link}>
                  {c.label ?? c.value ?? t('none')}
                </Anchor>
              </Table.Td>
              <Table.Td ta="right">{nf.format(c.count)}</Table.Td>
              <Table.Td ta="right">{total ? pf.format(c.count / total) : ''}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
