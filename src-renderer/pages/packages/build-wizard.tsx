import { Alert, Button, Group, Stack, Stepper, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useJob, useRoute } from '../../api/hooks';
import { ErrorAlert } from '../../components/error-alert/error-alert';
import { JobProgress } from '../../components/job-progress/job-progress';
import { useUnsavedChanges } from '../../components/unsaved-guard/unsaved-guard';
import {
  buildStepErrors,
  fragmentsOf,
  initialBuildValues,
  STEP,
  stepOfErrors,
  toInput,
  type BuildValues,
} from './build-form';
import { BuildStepContent } from './build-step-content';
import { BuildStepGeneral } from './build-step-general';
import { BuildStepUser } from './build-step-user';
import { fmtBytes } from './format-bytes';

/**
 * The original console's build options in four steps, with the fragment preview before building. One
 * `@mantine/form`; each step is checked with the contract's PackageBuildInput before the next one
 * (build-form.ts), the message on the field: nothing the agent needs is found missing only at Build.
 */
export function BuildWizard({ onBuilt }: { onBuilt: (fileId: string) => void }) {
  const { t } = useTranslation('packages');
  const [step, setStep] = useState<number>(STEP.general);
  const form = useForm<BuildValues>({ mode: 'controlled', initialValues: initialBuildValues });
  const v = form.getValues();
  const dirQ = useRoute('packages.downloadDir', {});
  // The admin's own choice wins; else the last one used on this computer; else the server's default.
  const [dirEdit, setDownloadDir] = useState<string | null>(null);
  const downloadDir = dirEdit ?? localStorage.getItem('ocs-desk-download-dir') ?? dirQ.data?.dir ?? '';

  const [debPath] = useDebouncedValue(v.sourcePath, 300);
  const fragments = fragmentsOf(v);
  const fragmentsOk = fragments.mode === 'size' ? fragments.bytes >= 1024 : fragments.count >= 1;
  const preview = useRoute(
    'packages.previewFragments',
    { path: debPath, fragments },
    { enabled: v.sourceKind !== 'none' && !!debPath && fragmentsOk },
  );
  const build = useJob('packages.build');
  const reported = useRef<string | null>(null);
  useEffect(() => {
    // once per build (the parent's callback may change at every render)
    if (build.result && reported.current !== build.result.fileId) {
      reported.current = build.result.fileId;
      onBuilt(build.result.fileId);
    }
  }, [build.result, onBuilt]);
  useUnsavedChanges(!build.result && (form.isDirty() || dirEdit !== null), t('newPackage'));

  // The contract's terse messages in the operator's words; any other one as the contract says it.
  const translate = (message: string, field: keyof BuildValues) => {
    const values = form.getValues();
    const required = message === 'required' || (field === 'sourcePath' && !values.sourcePath);
    if (!required) return t(`valid.${field}`, { defaultValue: message });
    return field === 'actionParam'
      ? t(`valid.required.actionParam.${values.action}`)
      : t(`valid.required.${field}`, { defaultValue: t('valid.required.any') });
  };
  /** Checks every step before `target`; shows the errors and stops on the first step that has one. */
  const reach = (target: number): boolean => {
    const errors = buildStepErrors(form.getValues(), target - 1, translate);
    // A file or folder the main process cannot read stops at Content too (its message is under the field).
    if (target > STEP.content && v.sourceKind !== 'none' && preview.isError)
      errors.sourcePath ??= t('valid.sourceUnreadable');
    form.setErrors(errors);
    const at = stepOfErrors(errors);
    setStep(at ?? Math.min(target, STEP.build));
    return at === null;
  };

  return (
    <Stack data-testid="build-wizard">
      <Stepper active={step} onStepClick={(s) => (s <= step ? setStep(s) : void reach(s))} size="sm">
        <Stepper.Step label={t('step.general')}>
          <BuildStepGeneral form={form} />
        </Stepper.Step>
        <Stepper.Step label={t('step.content')}>
          <BuildStepContent form={form} preview={preview.data} previewError={preview.error} />
        </Stepper.Step>
        <Stepper.Step label={t('step.user')}>
          <BuildStepUser form={form} />
        </Stepper.Step>
        <Stepper.Step label={t('step.build')}>
          <Stack gap="sm" mt="md">
            <TextInput
              label={t('downloadDir')}
              description={t('downloadDirHint')}
              value={downloadDir}
              onChange={(e) => setDownloadDir(e.currentTarget.value)}
            />
            <Group>
              <Button
                data-testid="build-start"
                loading={build.running}
                onClick={() => {
                  if (!reach(STEP.build + 1)) return;
                  localStorage.setItem('ocs-desk-download-dir', downloadDir);
                  void build.start(toInput(form.getValues(), downloadDir)).catch(() => undefined);
                }}
              >
                {t('build')}
              </Button>
            </Group>
            <JobProgress job={build.job} onCancel={() => void build.cancel()} />
            <ErrorAlert error={build.error} />
            {build.result ? (
              <Alert color="green" data-testid="build-result">
                {t('built', {
                  fileId: build.result.fileId,
                  fragments: build.result.fragments,
                  size: fmtBytes(build.result.size),
                  digest: build.result.digest,
                })}
              </Alert>
            ) : null}
          </Stack>
        </Stepper.Step>
      </Stepper>
      <Group justify="space-between">
        <Button variant="default" disabled={step === 0} onClick={() => setStep((s) => s - 1)}>
          {t('back')}
        </Button>
        <Button
          variant="default"
          disabled={step === STEP.build}
          onClick={() => void reach(step + 1)}
          data-testid="wizard-next"
        >
          {t('next')}
        </Button>
      </Group>
    </Stack>
  );
}
