import { Card, Group, Loader, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** A dashboard card: small uppercase heading, optional loader, content. */
export function DashCard(props: {
  title: string;
  loading?: boolean;
  testId?: string;
  extra?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Card withBorder data-testid={props.testId} component="section" aria-label={props.title}>
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Text component="h3" size="xs" c="dimmed" tt="uppercase" fw={700} m={0}>
          {props.title}
        </Text>
        {props.loading ? <Loader size="xs" aria-hidden /> : props.extra}
      </Group>
      {props.children}
    </Card>
  );
}
