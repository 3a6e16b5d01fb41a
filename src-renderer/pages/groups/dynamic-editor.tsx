import type { ComputerFilter, Criterion } from '@shared/contract/computers';
import type { GroupSummary, Preview } from '@shared/contract/groups';
import {
  Button,
  Checkbox,
  Code,
  Group,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { IconDeviceFloppy, IconEye } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAction, useRoute } from '../../api/hooks';
import { ErrorAlert } from '../../components/error-alert/error-alert';
import { CriteriaBuilder } from '../search/criteria-builder';

/**
 * New dynamic group: a multi-criteria search (optionally drilled down from a parent group), previewed
 * (count, first computers, the SQL the comm server will run) before it is saved.
 */
export function DynamicEditor({
  groups,
  initialFilter,
  initialParent,
  onSaved,
  onCancel,
}: {
  groups: GroupSummary[];
  initialFilter: ComputerFilter | null;
  initialParent: number | null;
  onSaved: (g: GroupSummary) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation(['groups', 'search', 'common']);
  const fields = useRoute('search.fields', {}, { staleTime: 60_000 });
  const [criteria, setCriteria] = useState<Criterion[]>(initialFilter?.criteria ?? []);
  const [match, setMatch] = useState<'all' | 'any'>(initialFilter?.match ?? 'all');
  const [parent, setParent] = useState<string | null>(initialParent ? String(initialParent) : null);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [visible, setVisible] = useState(false);
  const [preview, setPreview] = useState<Preview | null>(null);
  const run = useAction('groups.preview');
  const create = useAction('groups.create', { invalidates: ['groups.list'] });
  const definition = () => ({
    filter: { criteria, match, quick: initialFilter?.quick },
    parentId: parent ? Number(parent) : null,
    memberOf: [],
  });
  const changed = () => setPreview(null);

  return (
    <Paper withBorder p="md" data-testid="dynamic-editor">
      <Stack gap="sm">
        <Title order={3}>{t('dynamic.title')}</Title>
        <Group align="flex-end">
          <Select
            w={320}
            label={t('dynamic.parent')}
            description={t('dynamic.parentHint')}
            data={groups.map((g) => ({ value: String(g.id), label: `${g.name} (${g.members})` }))}
            value={parent}
            clearable
            onChange={(v) => {
              setParent(v);
              changed();
            }}
          />
          <SegmentedControl
            aria-label={t('search:match.label')}
            value={match}
            onChange={(v) => {
              setMatch(v as 'all' | 'any');
              changed();
            }}
            data={[
              { value: 'all', label: t('search:match.all') },
              { value: 'any', label: t('search:match.any') },
            ]}
          />
        </Group>
        <CriteriaBuilder
          fields={fields.data ?? []}
          criteria={criteria}
          onChange={(c) => {
            setCriteria(c);
            changed();
          }}
        />
        <ErrorAlert error={fields.error ?? run.error ?? create.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common:action.cancel')}
          </Button>
          <Button
            color="blue.8"
            leftSection={<IconEye size={16} aria-hidden />}
            loading={run.isPending}
            onClick={() => run.mutate({ ...definition(), limit: 20 }, { onSuccess: setPreview })}
          >
            {t('dynamic.preview')}
          </Button>
        </Group>
        {preview ? (
          <Stack gap="xs" data-testid="preview">
            <Text fw={600} data-testid="preview-count">
              {t('dynamic.matches', { count: preview.count })}
            </Text>
            <Text size="sm">{preview.sample.map((m) => m.name).join(', ')}</Text>
            <Text size="xs" c="dimmed">
              {t('dynamic.sql')}
            </Text>
            <Code block tabIndex={0} aria-label={t('dynamic.sql')} style={{ whiteSpace: 'pre-wrap' }}>
              {preview.sql}
            </Code>
            <form
              onSubmit={(e) => {
                e.preventDefault();
                create.mutate(
                  { kind: 'dynamic', name, description, visible, definition: definition() },
                  { onSuccess: onSaved },
                );
              }}
            >
              <Stack gap="xs">
                <TextInput
                  label={t('form.name')}
                  value={name}
                  onChange={(e) => setName(e.currentTarget.value)}
                  required
                />
                <Textarea
                  label={t('form.description')}
                  value={description}
                  onChange={(e) => setDescription(e.currentTarget.value)}
                  required
                  autosize
                  minRows={2}
                />
                <Checkbox
                  label={t('form.visible')}
                  checked={visible}
                  onChange={(e) => setVisible(e.currentTarget.checked)}
                />
                <Group justify="flex-end">
                  <Button
                    type="submit"
                    color="blue.8"
                    leftSection={<IconDeviceFloppy size={16} aria-hidden />}
                    disabled={!name.trim() || !description.trim()}
                    loading={create.isPending}
                  >
                    {t('dynamic.save')}
                  </Button>
                </Group>
              </Stack>
            </form>
          </Stack>
        ) : null}
      </Stack>
    </Paper>
  );
}
