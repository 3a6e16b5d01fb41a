import { Button, Group, Stack, Stepper } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useJob } from '../../api/hooks';
import { useUnsavedChanges } from '../../components/unsaved-guard/unsaved-guard';
import {
  firstInvalidStep,
  initialCertValues,
  inputs,
  OUTPUT_DIR_KEY,
  STEP,
  stepErrors,
  type CertValues,
} from './cert-form';
import { StepKey } from './step-key';
import { StepOutput } from './step-output';
import { StepPath } from './step-path';
import { StepResult } from './step-result';
import { StepSubject } from './step-subject';

/**
 * The certificate wizard: path → subject and names → key and validity → output folder → result. One
 * `@mantine/form` holds every value; each step is checked with the contract's schemas before the next one
 * (cert-form.ts), the message on the field.
 */
export function CertificateWizard() {
  const { t, i18n } = useTranslation('certificates');
  const lang = i18n.language?.startsWith('fr') ? 'fr' : 'en';
  const [step, setStep] = useState<number>(STEP.path);
  const form = useForm<CertValues>({ mode: 'controlled', initialValues: initialCertValues() });
  const v = form.getValues();

  const selfSigned = useJob('certificates.selfSigned');
  const csr = useJob('certificates.csr');
  const createCa = useJob('certificates.createCa');
  const sign = useJob('certificates.sign');
  const jobs = [selfSigned, csr, createCa, sign];
  const running = jobs.some((j) => j.running);
  // Edits not yet turned into files are work the admin would lose by leaving the page.
  useUnsavedChanges(step < STEP.result && form.isDirty(), t('title'));

  const next = () => {
    const errors = stepErrors(form.getValues(), step, t, lang);
    form.setErrors(errors);
    if (!Object.keys(errors).length) setStep((s) => s + 1);
  };

  // New CA: once it is written, the server certificate is signed with it.
  useEffect(() => {
    const r = createCa.result;
    if (!r || sign.job) return;
    const cert = r.files.find((f) => f.kind === 'ca-certificate')?.path;
    const key = r.files.find((f) => f.kind === 'ca-key')?.path;
    if (cert && key) void sign.start(inputs.sign(form.getValues(), cert, key)).catch(() => undefined);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [createCa.result]);

  const create = () => {
    const values = form.getValues();
    // Every step once more: a value changed after its step is shown on its field, never a silent no-op.
    const invalid = firstInvalidStep(values, t, lang);
    if (invalid) {
      form.setErrors(invalid.errors);
      setStep(invalid.step);
      return;
    }
    for (const j of jobs) j.reset();
    localStorage.setItem(OUTPUT_DIR_KEY, values.outputDir);
    const started =
      values.path === 'self-signed'
        ? selfSigned.start(inputs.selfSigned(values))
        : values.path === 'csr'
          ? csr.start(inputs.csr(values))
          : values.caMode === 'new'
            ? createCa.start(inputs.createCa(values))
            : sign.start(inputs.sign(values));
    void started.catch(() => undefined);
    setStep(STEP.result);
  };

  const final = v.path === 'self-signed' ? selfSigned.result : v.path === 'csr' ? csr.result : sign.result;
  const csrKey = csr.result?.files.find((f) => f.kind === 'key')?.path ?? null;

  return (
    <Stack data-testid="cert-wizard">
      <Stepper active={step} onStepClick={(s) => s < STEP.result && s <= step && setStep(s)} size="sm">
        <Stepper.Step label={t('step.path')}>
          <StepPath form={form} />
        </Stepper.Step>
        <Stepper.Step label={t('step.subject')}>
          <StepSubject form={form} />
        </Stepper.Step>
        <Stepper.Step label={t('step.key')}>
          <StepKey form={form} />
        </Stepper.Step>
        <Stepper.Step label={t('step.output')}>
          <StepOutput form={form} onCreate={create} busy={running} />
        </Stepper.Step>
        <Stepper.Step label={t('step.result')}>
          <StepResult
            path={v.path}
            jobs={jobs}
            final={final}
            csrKeyFile={csrKey}
            outputDir={v.outputDir}
            baseName={v.baseName}
          />
        </Stepper.Step>
      </Stepper>
      <Group justify="space-between">
        <Button variant="default" disabled={step === 0 || running} onClick={() => setStep((s) => s - 1)}>
          {t('back')}
        </Button>
        {step < STEP.output ? (
          <Button variant="default" onClick={next} data-testid="cert-next">
            {t('next')}
          </Button>
        ) : null}
      </Group>
    </Stack>
  );
}
