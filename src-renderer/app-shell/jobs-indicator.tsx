import type { JobInfo } from '@shared/contract/jobs';
import { Badge, Button, Drawer, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../api/client';
import { FINISHED, onJobEvent } from '../api/hooks';
import { JobProgress } from '../components/job-progress/job-progress';

/** Header badge with the running jobs; opens a drawer of recent jobs, started from any screen. */
export function JobsIndicator() {
  const { t } = useTranslation(['jobs', 'common']);
  const [jobs, setJobs] = useState<Map<string, JobInfo>>(new Map());
  const [opened, { open, close }] = useDisclosure(false);
  useEffect(() => {
    void call('jobs.list', {}).then(
      (list) => setJobs(new Map(list.map((j) => [j.jobId, j]))),
      () => undefined,
    );
    return onJobEvent((j) => setJobs((m) => new Map(m).set(j.jobId, j)));
  }, []);
  const all = [...jobs.values()].sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  const running = all.filter((j) => !FINISHED.includes(j.state)).length;
  if (all.length === 0) return null;
  return (
    <>
      <Button
        size="compact-sm"
        variant={running ? 'filled' : 'subtle'}
        onClick={open}
        aria-label={t('indicator', { count: running })}
      >
        <Badge size="sm" color={running ? 'yellow' : 'gray'} mr={6}>
          {running}
        </Badge>
        {t('title')}
      </Button>
      <Drawer
        opened={opened}
        onClose={close}
        title={t('title')}
        position="right"
        closeButtonProps={{ 'aria-label': t('common:action.close') }}
      >
        <Stack>
          {all.slice(0, 30).map((j) => (
            <Stack key={j.jobId} gap={2}>
              <Text size="sm" fw={500}>
                {t(`route.${j.route.replace('.', '_')}`, { defaultValue: j.route })}
              </Text>
              <JobProgress job={j} onCancel={() => void call('jobs.cancel', { jobId: j.jobId })} />
            </Stack>
          ))}
        </Stack>
      </Drawer>
    </>
  );
}
