import { BarChart } from '@mantine/charts';

/** Bars of inventories per hour (loaded on its own: the charts library only when this screen shows). */
export default function InventoriesChart(props: {
  data: Array<{ hour: string; count: number }>;
  label: string;
  seriesLabel: string;
}) {
  return (
    <div role="img" aria-label={props.label} data-testid="server-info-chart">
      <BarChart
        h={220}
        data={props.data.map((d) => ({ hour: d.hour.slice(5), count: d.count }))}
        dataKey="hour"
        series={[{ name: 'count', label: props.seriesLabel, color: 'blue.6' }]}
        tickLine="y"
        xAxisProps={{ interval: 5 }}
        withTooltip
      />
    </div>
  );
}
