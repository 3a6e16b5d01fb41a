import { BarChart, DonutChart } from '@mantine/charts';
import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { AXIS_WIDTH, AxisTick, labelLines } from './axis-tick';
import { CountList, type CountItem } from './count-list';
import { DashCard } from './dash-card';
import { PALETTE } from './links';

/**
 * One distribution: a chart (bars or a donut; clicking a part opens its computers) and the same figures
 * as a list of links (the chart is an image for assistive technologies, the list is the way in).
 */
export function DistributionCard(props: {
  title: string;
  items: CountItem[] | undefined;
  /** Computers not in `items` (values beyond the top ones), and how many values they have. */
  rest?: { count: number; values: number };
  /** What the bars are measured against (the perimeter's computers). */
  of: number;
  kind: 'bar' | 'donut';
  loading?: boolean;
  testId: string;
  footer?: string;
}) {
  const { t, i18n } = useTranslation('home');
  const navigate = useNavigate();
  const nf = new Intl.NumberFormat(i18n.language);
  const items = props.items ?? [];
  const label = t('chartLabel', { title: props.title, count: items.length });
  const byKey = new Map(items.map((i) => [i.key, i]));
  // Room for two-line labels when one of them needs it.
  const rowHeight = props.kind === 'bar' && items.some((i) => labelLines(i.label).lines.length > 1) ? 34 : 22;
  return (
    <DashCard title={props.title} loading={props.loading} testId={props.testId}>
      {items.length ? (
        <>
          <div role="img" aria-label={label}>
            {props.kind === 'donut' ? (
              <DonutChart
                h={170}
                mx="auto"
                size={150}
                thickness={26}
                withTooltip={false}
                data={items.map((i, n) => ({
                  name: i.label,
                  value: i.count,
                  color: PALETTE[n % PALETTE.length]!,
                }))}
                pieProps={{
                  cursor: 'pointer',
                  onClick: (_e: unknown, index: number) => {
                    const it = items[index];
                    if (it) void navigate(it.to);
                  },
                }}
              />
            ) : (
              <BarChart
                h={items.length * rowHeight + 10}
                data={items.map((i) => ({ key: i.key, label: i.label, count: i.count }))}
                dataKey="label"
                orientation="vertical"
                withXAxis={false}
                yAxisProps={{
                  width: AXIS_WIDTH,
                  interval: 0,
                  // Two lines per label before an ellipsis (full label in the tick's tooltip and the list).
                  tick: AxisTick,
                }}
                gridAxis="none"
                withTooltip={false}
                series={[{ name: 'count', label: t('computers'), color: 'blue.6' }]}
                barProps={{
                  cursor: 'pointer',
                  maxBarSize: 18,
                  onClick: (entry: { payload?: { key?: string } }) => {
                    const it = entry.payload?.key ? byKey.get(entry.payload.key) : undefined;
                    if (it) void navigate(it.to);
                  },
                }}
              />
            )}
          </div>
          <CountList
            items={items}
            of={props.of}
            bars={props.kind === 'donut'}
            label={props.title}
            testId={`${props.testId}-list`}
          />
          {props.rest && props.rest.values > 0 ? (
            <Text size="xs" c="dimmed" mt={6}>
              {t('others', { count: props.rest.values, computers: nf.format(props.rest.count) })}
            </Text>
          ) : null}
        </>
      ) : props.loading ? null : (
        <Text size="sm" c="dimmed">
          {t('nothing')}
        </Text>
      )}
      {props.footer ? (
        <Text size="xs" c="dimmed" mt={6}>
          {props.footer}
        </Text>
      ) : null}
    </DashCard>
  );
}
