import { Anchor, Group, Progress, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import classes from '../computers/computers.module.css';

export interface CountItem {
  key: string;
  label: string;
  count: number;
  /** Where a click goes: the computers counted here. */
  to: string;
}

/** Values with their counts as links, each with a bar scaled to `of` (the keyboard path of a chart). */
export function CountList(props: {
  items: CountItem[];
  of: number;
  testId?: string;
  label: string;
  /** A thin bar per value (off where a bar chart shows the same). */
  bars?: boolean;
}) {
  const { i18n } = useTranslation();
  const nf = new Intl.NumberFormat(i18n.language);
  const max = Math.max(props.of, 1);
  return (
    <Stack
      gap={6}
      component="ul"
      p={0}
      m={0}
      style={{ listStyle: 'none' }}
      aria-label={props.label}
      data-testid={props.testId}
    >
      {props.items.map((it) => (
        <li key={it.key}>
          <Group justify="space-between" gap="xs" wrap="nowrap">
            <Anchor
              component={Link}
              to={it.to}
              size="sm"
              className={classes.link}
              truncate="end"
              title={it.label}
            >
              {it.label}
            </Anchor>
            <Text size="sm" fw={600} style={{ flex: 'none' }} data-count={it.count}>
              {nf.format(it.count)}
            </Text>
          </Group>
          {props.bars === false ? null : <Progress value={(it.count * 100) / max} size="xs" aria-hidden />}
        </li>
      ))}
    </Stack>
  );
}
