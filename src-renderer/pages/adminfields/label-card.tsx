import { Button, Card, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAction, useRoute } from '../../api/hooks';
import { ErrorAlert } from '../../components/error-alert/error-alert';
import { notifyDone } from '../../components/error-alert/notify';

/** The TAG question agents show at first run (deploy row `label`). */
export function LabelCard() {
  const { t } = useTranslation(['adminfields', 'common']);
  const current = useRoute('adminfields.getLabel', {});
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="label-card-title">
      <Stack>
        <Title order={3} id="label-card-title">
          {t('label.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('label.intro')}
        </Text>
        <ErrorAlert error={current.error} />
        {current.data ? <LabelForm key={current.data.text} initial={current.data.text} /> : null}
      </Stack>
    </Card>
  );
}

function LabelForm({ initial }: { initial: string }) {
  const { t } = useTranslation(['adminfields', 'common']);
  const save = useAction('adminfields.setLabel', { invalidates: ['adminfields.getLabel'] });
  const [text, setText] = useState(initial);
  return (
    <>
      <ErrorAlert error={save.error} />
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(
            { text },
            {
              onSuccess: () => notifyDone(text.trim() ? t('label.saved') : t('label.cleared')),
            },
          );
        }}
      >
        <Stack>
          <Textarea
            label={t('label.text')}
            autosize
            minRows={2}
            maxLength={1000}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
          />
          <Group justify="end">
            <Button type="submit" loading={save.isPending}>
              {t('label.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </>
  );
}
