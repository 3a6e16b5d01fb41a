import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { AppError } from '../errors';
import { fsError } from './atomic';

/**
 * Reads a text file only if it is a regular file no larger than `maxBytes`. Opened non-blocking
 * and checked with fstat on the open descriptor (no race between check and read): a FIFO, socket,
 * device or folder is refused at once, so a named pipe can never hold a read (and the libuv thread
 * pool every file read of the process shares).
 */
export async function readRegularText(file: string, maxBytes = 4 * 1024 * 1024): Promise<string> {
  let fh;
  try {
    fh = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw fsError(e, file);
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw new AppError('FILE_INVALID', { path: file, reason: 'not a regular file' });
    if (st.size > maxBytes)
      throw new AppError('FILE_INVALID', { path: file, reason: `larger than ${maxBytes} bytes` });
    return await fh.readFile({ encoding: 'utf8' });
  } catch (e) {
    throw fsError(e, file);
  } finally {
    await fh.close();
  }
}
