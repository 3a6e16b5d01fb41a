import { UPLOAD_LIMITS } from '@shared/contract/import';
import { call } from '../../api/client';

/** Raw bytes per chunk: 768 KiB → 1 MiB of base64, under UPLOAD_LIMITS.maxChunkChars. */
export const CHUNK_BYTES = 768 * 1024;

export interface FileUploadState {
  name: string;
  size: number;
  sent: number;
}

function base64Of(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => {
      const url = String(r.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    r.onerror = () => reject(r.error ?? new Error('read failed'));
    r.readAsDataURL(blob);
  });
}

/**
 * Sends dropped files to the main process (`import.uploadBegin` + in-order `uploadChunk`s) and returns
 * the upload id for `import.run`. On abort or error the partial upload is discarded.
 */
export async function uploadFiles(
  files: File[],
  onProgress: (index: number, sent: number) => void,
  signal: AbortSignal,
): Promise<string> {
  const { uploadId } = await call('import.uploadBegin', {});
  try {
    for (const [fileIndex, file] of files.entries()) {
      const name = file.name.slice(0, 255) || 'file';
      let offset = 0;
      // An empty file still gets one (empty) chunk, so it is in the batch and reported `empty-file`.
      do {
        signal.throwIfAborted();
        const end = Math.min(file.size, offset + CHUNK_BYTES);
        const base64 = await base64Of(file.slice(offset, end));
        if (base64.length > UPLOAD_LIMITS.maxChunkChars) throw new Error('chunk too large');
        offset = (await call('import.uploadChunk', { uploadId, fileIndex, name, offset, base64 })).received;
        onProgress(fileIndex, offset);
      } while (offset < file.size);
    }
    signal.throwIfAborted();
    return uploadId;
  } catch (e) {
    await call('import.uploadDiscard', { uploadId }).catch(() => undefined);
    throw e;
  }
}

export function formatBytes(n: number, lang: string): string {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${new Intl.NumberFormat(lang, { maximumFractionDigits: u ? 1 : 0 }).format(v)} ${units[u]}`;
}
