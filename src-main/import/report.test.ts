import { describe, expect, it } from 'vitest';
import type { ImportFileResult } from '../../shared/contract/import';
import { displayPath, failureLine } from './report';

const failed = (path: string, reason: string, message: string): ImportFileResult => ({
  path,
  status: 'failed',
  deviceId: null,
  hardwareId: null,
  action: null,
  merged: [],
  reason,
  code: 'FILE_INVALID',
  message,
  attempts: 1,
  ms: 1,
});

describe('CLI failure line (issue 16 defect 10)', () => {
  it('names the path and the reason once', () => {
    const line = failureLine(
      failed('/in/a.ocs', 'invalid-utf8', '/in/a.ocs: invalid-utf8 (byte 0xff at 512)'),
    );
    expect(line).toBe('FAILED /in/a.ocs: invalid-utf8 - byte 0xff at 512');
    expect(failureLine(failed('/in/b.ocs', 'device-locked', 'computer 3 is locked'))).toBe(
      'FAILED /in/b.ocs: device-locked - computer 3 is locked',
    );
  });
  it('keeps a file name with a newline on one line', () => {
    const line = failureLine(failed('/in/x\ny.ocs', 'wrong-root', '/in/x\ny.ocs: wrong-root'));
    expect(line).toBe('FAILED "/in/x\\ny.ocs": wrong-root');
    expect(line.split('\n')).toHaveLength(1);
    expect(displayPath('/plain/name.ocs')).toBe('/plain/name.ocs');
  });
});
