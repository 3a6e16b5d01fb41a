import { BarChart } from '@mantine/charts';
import { Anchor, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useRoute } from '../../api/hooks';
import { ErrorAlert } from '../../components/error-alert/error-alert';
import classes from '../computers/computers.module.css';

const TOP = 15;

/** Link to the computers list filtered on one TAG (empty TAG → IS_EMPTY). */
export function tagLink(value: string | null): string {
  const p = new URLSearchParams({
    field: 'accountinfo.TAG',
    op: value === null || value === '' ? 'IS_EMPTY' : 'EQUAL',
  });
  if (value) p.set('value', value);
  return `/computers?${p.toString()}`;
}

/** Computers per TAG: a bar chart of the top values (+ Other) and the full table. */
export default function TagsPage() {
  const { t, i18n } = useTranslation(['tags', 'nav']);
  const navigate = useNavigate();
  const rep = useRoute('tags.repartition', { column: 'TAG' });
  const counts = rep.data?.counts ?? [];
  const total = rep.data?.total ?? 0;
  const nf = new Intl.NumberFormat(i18n.language);
  const pf = new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 1 });
  const top = counts
    .slice(0, TOP)
    .map((c) => ({ tag: c.value ?? t('none'), value: c.value, count: c.count }));
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
                onClick: (entry: { payload?: { value?: string | null } }) => {
                  const v = entry.payload?.value;
                  if (v !== undefined) void navigate(tagLink(v));
                },
              }}
            />
          </div>
        </Card>
      ) : null}
      <Table withTableBorder striped aria-label={t('tableLabel')} data-testid="tags-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('tag')}</Table.Th>
            <Table.Th ta="right">{t('computers')}</Table.Th>
            <Table.Th ta="right">{t('share')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {counts.map((c) => (
            <Table.Tr key={c.value ?? '\u0000'}>
              <Table.Td>
                <Anchor component={Link} to={tagLink(c.value)} className={classes.link}>
                  {c.value ?? t('none')}
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
