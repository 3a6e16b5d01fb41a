import { AppError } from '../../src-main/platform/errors';

/** Awaits a call that must fail with an AppError, and returns it (any other outcome fails the test). */
export async function failure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected a failure');
}
