import { agentfiles } from '../../shared/contract/agentfiles';
import type { UploadStore } from '../import/upload-store';
import { implement } from '../platform/rpc/router';
import * as svc from './agentfiles.service';

/** `uploads` is the store behind `import.uploadBegin/uploadChunk` (one upload path for every capability). */
export function agentfilesRoutes(uploads: UploadStore) {
  return implement(agentfiles, {
    list: (_i, ctx) => svc.listAgentFiles(ctx.db),
    add: (i, ctx) => svc.addAgentFile(ctx.db, i, uploads, ctx.session.id),
    delete: async (i, ctx) => {
      await svc.deleteAgentFile(ctx.db, i.name);
      return { ok: true as const };
    },
  });
}
