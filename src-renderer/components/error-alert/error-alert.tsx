import { Alert, Button, CopyButton, Group, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { contractMessage } from '@shared/i18n/contract-message';
import { fieldLabel, readableParams } from '@shared/i18n/field-label';
import { ApiError } from '../../api/client';

/** Message + hint for an error code, and the correlation id to copy into a bug report. Never a stack. */
export function ErrorAlert({ error, title }: { error: unknown; title?: string }) {
  const { t, i18n } = useTranslation(['errors', 'common']);
  if (!error) return null;
  const wire =
    error instanceof ApiError
      ? error.wire
      : { code: 'INTERNAL' as const, params: {}, correlationId: 'client' };
  const lang = i18n.language?.startsWith('fr') ? 'fr' : 'en';
  // Field paths become the field's name in the operator's words; the details keep no double full stop.
  const params = readableParams(wire.code, wire.params, lang) as Record<string, unknown>;
  const message = t(`errors:${wire.code}.message`, params);
  const hint = t(`errors:${wire.code}.hint`, params);
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconAlertTriangle aria-hidden />}
      title={title ?? message}
      role="alert"
      data-error-code={wire.code}
    >
      {title ? <Text size="sm">{message}</Text> : null}
      <Text size="sm" c="dimmed">
        {hint}
      </Text>
      {wire.fields && wire.fields.length > 1 ? (
        <ul>
          {wire.fields.map((f) => (
            <li key={f.path}>
              <Text size="sm">
                {fieldLabel(f.path, lang)}: {contractMessage(f.message, lang)}
              </Text>
            </li>
          ))}
        </ul>
      ) : null}
      <Group gap="xs" mt="xs">
        <Text size="xs" c="dimmed">
          {t('common:error.id', { id: wire.correlationId })}
        </Text>
        <CopyButton value={`${wire.code} ${JSON.stringify(wire.params)} id=${wire.correlationId}`}>
          {({ copied, copy }) => (
            <Button size="compact-xs" variant="subtle" onClick={copy}>
              {copied ? t('common:action.copied') : t('common:action.copyDetails')}
            </Button>
          )}
        </CopyButton>
      </Group>
    </Alert>
  );
}
