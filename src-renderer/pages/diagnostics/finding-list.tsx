import { Anchor, Group, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconCircleX, IconInfoCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Finding, FindingLevel } from './use-findings';

const LOOK: Record<FindingLevel, { color: string; Icon: typeof IconCircleCheck }> = {
  ok: { color: 'green', Icon: IconCircleCheck },
  info: { color: 'blue', Icon: IconInfoCircle },
  warning: { color: 'yellow', Icon: IconAlertTriangle },
  error: { color: 'red', Icon: IconCircleX },
};

/** Findings with an icon and a word for the level (never colour alone), and a link to the fix. */
export function FindingList({ findings }: { findings: Finding[] }) {
  const { t } = useTranslation('diagnostics');
  return (
    <Stack gap="sm">
      {findings.map((f) => {
        const { color, Icon } = LOOK[f.level];
        return (
          <Group
            key={f.id}
            align="flex-start"
            wrap="nowrap"
            data-testid={`finding-${f.id}`}
            data-level={f.level}
          >
            <ThemeIcon color={color} variant="light" size="md" aria-hidden>
              <Icon size={16} />
            </ThemeIcon>
            <div>
              <Text size="sm" fw={600}>
                <span className="visually-hidden">{t(`level.${f.level}`)}: </span>
                {f.title}
              </Text>
              {f.detail ? (
                <Text size="xs" c="dimmed">
                  {f.detail}
                </Text>
              ) : null}
              {f.link && f.level !== 'ok' ? (
                <Anchor component={Link} to={f.link} size="xs">
                  {t('fix')}
                </Anchor>
              ) : null}
            </div>
          </Group>
        );
      })}
    </Stack>
  );
}
