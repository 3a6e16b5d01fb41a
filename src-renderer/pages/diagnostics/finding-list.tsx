import { Anchor, Code, Group, List, Stack, Text, ThemeIcon } from '@mantine/core';
import type { Finding, FindingLevel, FindingText } from '@shared/contract/diagnostics';
import { IconAlertTriangle, IconCircleCheck, IconCircleX, IconInfoCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

const LOOK: Record<FindingLevel, { color: string; Icon: typeof IconCircleCheck }> = {
  ok: { color: 'green', Icon: IconCircleCheck },
  info: { color: 'blue', Icon: IconInfoCircle },
  warning: { color: 'yellow', Icon: IconAlertTriangle },
  error: { color: 'red', Icon: IconCircleX },
};

/** A title or fix of the main side, in the operator's language (`findings` namespace, EN and FR). */
export function useFindingText() {
  const { t } = useTranslation('findings');
  return (x: FindingText) => t(x.key, x.params);
}

/**
 * Findings with a status light and a word for the level (never colour alone), the title, and
 * unless `compact` the evidence (as read, in no language) and the fix; a link to the page that fixes it.
 */
export function FindingList({ findings, compact = false }: { findings: Finding[]; compact?: boolean }) {
  const { t } = useTranslation('diagnostics');
  const text = useFindingText();
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
            <Stack gap={2} style={{ minWidth: 0 }}>
              <Text size="sm" fw={600}>
                <span className="visually-hidden">{t(`level.${f.level}`)}: </span>
                {text(f.title)}
              </Text>
              {!compact && f.evidence.length ? (
                <List size="xs" spacing={0} aria-label={t('evidence')} data-testid={`evidence-${f.id}`}>
                  {f.evidence.map((e, i) => (
                    <List.Item key={i}>
                      <Code style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{e}</Code>
                    </List.Item>
                  ))}
                </List>
              ) : null}
              {!compact && f.fix ? (
                <Text size="xs" data-testid={`fix-${f.id}`}>
                  <Text span size="xs" fw={700}>
                    {t('fixLabel')}{' '}
                  </Text>
                  {text(f.fix)}
                </Text>
              ) : null}
              {f.link && f.level !== 'ok' ? (
                <Anchor component={Link} to={f.link} size="xs">
                  {t('fix')}
                </Anchor>
              ) : null}
            </Stack>
          </Group>
        );
      })}
    </Stack>
  );
}
