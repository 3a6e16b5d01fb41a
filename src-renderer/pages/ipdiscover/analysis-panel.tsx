import type { AnalysisResult } from '@shared/contract/ipdiscover';
import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Select,
  Stack,
  Switch,
  Text,
  Textarea,
} from '@mantine/core';
import { IconRadar } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { useJob, useRoute } from '../../api/hooks';
import { ErrorAlert } from '../../components/error-alert/error-alert';
import { JobProgress } from '../../components/job-progress/job-progress';
import { AnalysisResults, CLASS_COLOR } from './analysis-results';

/** Runs nmap + nmblookup from this machine on a network's unknown devices or on addresses, shows the classes. */
export function AnalysisPanel({
  isAdmin,
  request,
}: {
  isAdmin: boolean;
  request: { netId?: string; targets?: string; seq: number } | null;
}) {
  const { t, i18n } = useTranslation('ipdiscover');
  const tools = useRoute('ipdiscover.tools', {}, { staleTime: 60_000 });
  const scopes = useRoute('ipdiscover.cachedScopes', {});
  const job = useJob('ipdiscover.analyse');
  // The page keys this panel by request, so a new request starts from fresh state.
  const [targets, setTargets] = useState(request?.targets ?? '');
  const [netId, setNetId] = useState<string | null>(request?.netId ?? null);
  const [unprivileged, setUnprivileged] = useState(false);
  const [netbios, setNetbios] = useState(true);
  const [confirmLarge, setConfirmLarge] = useState(false);
  const [shownScope, setShownScope] = useState<string | null>(null);
  const cached = useRoute(
    'ipdiscover.cachedAnalysis',
    { scope: shownScope ?? '' },
    { enabled: !!shownScope },
  );

  const start = (input: { netId?: string; targets?: string }) => {
    void job
      .start({
        ...input,
        confirmLarge,
        privileges: unprivileged ? 'unprivileged' : 'auto',
        netbios,
      })
      .catch(() => undefined);
  };

  useEffect(() => {
    if (isAdmin && request?.netId) start({ netId: request.netId });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    if (job.job?.state && ['succeeded', 'failed', 'cancelled'].includes(job.job.state)) void scopes.refetch();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [job.job?.state]);

  const result: AnalysisResult | null = (job.result as AnalysisResult | undefined) ?? cached.data ?? null;
  const tooLarge =
    job.error instanceof ApiError && job.error.wire.code === 'RANGE_TOO_LARGE' ? job.error.wire.params : null;
  const tl = tools.data;
  return (
    <Stack>
      {tl ? (
        <Group gap="xs" data-testid="tools-status">
          <Badge color={tl.nmap.ok ? 'green' : 'red'} variant="light">
            nmap {tl.nmap.version ?? t('missing')}
          </Badge>
          <Badge color={tl.nmblookup.ok ? 'green' : 'orange'} variant="light">
            nmblookup {tl.nmblookup.version ?? t('missing')}
          </Badge>
          <Badge color={tl.mode === 'privileged' ? 'blue' : 'gray'} variant="light">
            {t(`mode.${tl.mode}`)}
          </Badge>
          <Text size="xs" c="dimmed">
            {tl.modeReason}
          </Text>
        </Group>
      ) : null}
      {tl && !tl.nmap.ok ? (
        <Alert color="red" title={t('nmapProblem')}>
          {tl.nmap.problem}
        </Alert>
      ) : null}
      {isAdmin ? (
        <Card withBorder>
          <Stack>
            {netId ? (
              <Group>
                <Text size="sm">{t('analyseNetwork', { netId })}</Text>
                <Button size="compact-sm" variant="subtle" onClick={() => setNetId(null)}>
                  {t('chooseAddresses')}
                </Button>
              </Group>
            ) : (
              <Textarea
                label={t('targets')}
                description={t('targetsHelp')}
                value={targets}
                onChange={(e) => setTargets(e.currentTarget.value)}
                autosize
                minRows={2}
                data-testid="analysis-targets"
              />
            )}
            <Group>
              <Switch
                label={t('netbios')}
                checked={netbios}
                onChange={(e) => setNetbios(e.currentTarget.checked)}
              />
              <Switch
                label={t('unprivileged')}
                checked={unprivileged}
                onChange={(e) => setUnprivileged(e.currentTarget.checked)}
              />
              {tooLarge?.confirmable ? (
                <Checkbox
                  label={t('confirmLarge', { count: Number(tooLarge.count) })}
                  checked={confirmLarge}
                  onChange={(e) => setConfirmLarge(e.currentTarget.checked)}
                  data-testid="confirm-large"
                />
              ) : null}
              <Button
                data-right="manageIpdiscover"
                leftSection={<IconRadar size={16} />}
                disabled={job.running || (!netId && !targets.trim())}
                onClick={() => {
                  setShownScope(null);
                  start(netId ? { netId } : { targets });
                }}
                data-testid="analysis-start"
              >
                {t('analyse')}
              </Button>
            </Group>
          </Stack>
        </Card>
      ) : (
        <Text size="sm" c="dimmed">
          {t('adminOnly')}
        </Text>
      )}
      <ErrorAlert error={job.error} />
      {job.job ? (
        <JobProgress job={job.job} onCancel={() => void job.cancel()} label={t('progress')} />
      ) : null}
      {scopes.data?.length ? (
        <Select
          label={t('previous')}
          placeholder={t('previousPlaceholder')}
          data={scopes.data.map((s) => ({
            value: s.scope,
            label: `${s.scope.replace(/^net:/, '').replace(/^targets:/, '')} · ${new Date(s.finishedAt).toLocaleString(i18n.language)} · ${s.hosts}`,
          }))}
          value={shownScope}
          onChange={(v) => {
            setShownScope(v);
            job.reset();
          }}
          clearable
          maw={520}
        />
      ) : null}
      {result ? (
        <Stack gap="xs" data-testid="analysis-result">
          <Group gap="xs">
            <Text size="sm">
              {t('analysedAt', { date: new Date(result.finishedAt).toLocaleString(i18n.language) })} ·{' '}
              {t(`mode.${result.mode}`)} ({result.modeReason})
            </Text>
            {(['windows', 'unix', 'network', 'phantom'] as const).map((c) => (
              <Badge key={c} color={CLASS_COLOR[c]} data-class-count={c}>
                {t(`class.${c}`)}: {result.counts[c]}
              </Badge>
            ))}
          </Group>
          <AnalysisResults result={result} isAdmin={isAdmin} />
        </Stack>
      ) : null}
    </Stack>
  );
}
