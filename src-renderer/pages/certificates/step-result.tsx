import type { IssueResult } from '@shared/contract/certificates';
import { Code, Stack, Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/error-alert/error-alert';
import { JobProgress } from '../../components/job-progress/job-progress';
import type { CertPath } from './cert-form';
import { ImportPanel } from './import-panel';
import { ResultDetails } from './result-details';

interface JobView {
  running: boolean;
  job: Parameters<typeof JobProgress>[0]['job'];
  error: unknown;
  result?: IssueResult | null;
  cancel: () => Promise<unknown>;
}

/** Step 5: the jobs' progress and errors, the files written, what to do with them. */
export function StepResult(props: {
  path: CertPath;
  jobs: JobView[];
  final: IssueResult | null | undefined;
  csrKeyFile: string | null;
  outputDir: string;
  baseName: string;
}) {
  const { t } = useTranslation('certificates');
  const results = props.jobs.map((j) => j.result).filter((r): r is IssueResult => !!r);
  const files = [...new Map(results.flatMap((r) => r.files).map((f) => [f.path, f])).values()];
  return (
    <Stack gap="sm" mt="md">
      {props.jobs.map((j, i) => (
        <JobProgress key={i} job={j.running ? j.job : null} onCancel={() => void j.cancel()} />
      ))}
      {props.jobs.map((j, i) => (
        <ErrorAlert key={i} error={j.error} />
      ))}
      {files.length ? (
        <Table withTableBorder fz="sm" data-testid="cert-files">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('fileKind')}</Table.Th>
              <Table.Th>{t('filePath')}</Table.Th>
              <Table.Th>{t('fileMode')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {files.map((f) => (
              <Table.Tr key={f.path}>
                <Table.Td>{t(`kind.${f.kind}`)}</Table.Td>
                <Table.Td>
                  <Code>{f.path}</Code>
                </Table.Td>
                <Table.Td>{f.mode}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : null}
      {props.final ? <ResultDetails result={props.final} /> : null}
      {props.path === 'csr' && props.csrKeyFile !== null ? (
        <ImportPanel keyFile={props.csrKeyFile} outputDir={props.outputDir} baseName={props.baseName} />
      ) : null}
    </Stack>
  );
}
