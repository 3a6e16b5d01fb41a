import { importApi, ImportSummary } from '../../shared/contract/import';
import { AppError } from '../platform/errors';
import type { JobRunner } from '../platform/jobs/job-runner';
import { implement } from '../platform/rpc/router';
import { runImportBatch } from './import.service';
import { formatReport } from './report';
import { UploadStore } from './upload-store';

export function importRoutes(jobs: JobRunner, uploads = new UploadStore()) {
  return implement(importApi, {
    run: async (input, ctx) => {
      // An import writes (and replaces duplicates of) any computer: whole-fleet system work.
      await ctx.wholeFleet();
      const upload = input.uploadId ? uploads.take(ctx.session.id, input.uploadId) : null;
      try {
        return await runImportBatch(
          ctx.db.jobs,
          [...input.paths, ...(upload?.paths ?? [])],
          {
            mode: input.mode,
            serverUrl: input.serverUrl,
            concurrency: input.concurrency,
            timeoutSeconds: input.timeoutSeconds,
            order: input.order,
            displayName: upload ? (p) => upload.names.get(p) ?? p : undefined,
          },
          ctx,
        );
      } finally {
        upload?.release();
      }
    },
    report: ({ jobId, format }) => {
      const info = jobs.get(jobId);
      if (info.route !== 'import.run') throw new AppError('NOT_FOUND', { what: 'import job', id: jobId });
      const parsed = ImportSummary.safeParse(info.result);
      if (!parsed.success) throw new AppError('JOB_BUSY', { jobId, route: info.route });
      return formatReport(parsed.data, format);
    },
    uploadBegin: (_input, ctx) => ({ uploadId: uploads.begin(ctx.session.id) }),
    uploadChunk: async (input, ctx) => ({ received: await uploads.chunk(ctx.session.id, input) }),
    uploadDiscard: ({ uploadId }, ctx) => {
      uploads.discard(ctx.session.id, uploadId);
      return { ok: true as const };
    },
  });
}
