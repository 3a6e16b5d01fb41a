import { describe, expect, it } from 'vitest';
import { runTool } from './run-tool';
import { failure as fails } from '../../../test/helpers/failure';

describe('runTool', () => {
  it('runs without a shell: arguments are passed as they are', async () => {
    const r = await runTool({
      tool: 'node',
      args: ['-e', 'process.stdout.write(process.argv.slice(1).join("|"))', '$(id)', 'a b;c'],
    });
    expect(r.stdout).toBe('$(id)|a b;c');
    expect(r.exitCode).toBe(0);
  });
  it('passes stdin', async () => {
    const r = await runTool({
      tool: 'node',
      args: ['-e', 'process.stdin.pipe(process.stdout)'],
      stdin: 'hello\n',
    });
    expect(r.stdout).toBe('hello\n');
  });
  it('TOOL_MISSING with an install hint', async () => {
    const e = await fails(
      runTool({
        tool: 'ocs-desk-no-such-tool',
        args: [],
        installHints: { linux: 'apt install x', other: 'get x' },
      }),
    );
    expect(e.code).toBe('TOOL_MISSING');
    expect(e.params.tool).toBe('ocs-desk-no-such-tool');
    expect(e.params.install).toBe(process.platform === 'linux' ? 'apt install x' : 'get x');
  });
  it('TOOL_FAILED on a bad exit code, unless accepted', async () => {
    const e = await fails(runTool({ tool: 'node', args: ['-e', 'console.error("boom"); process.exit(3)'] }));
    expect(e.code).toBe('TOOL_FAILED');
    expect(e.params.detail).toBe('boom');
    const r = await runTool({ tool: 'node', args: ['-e', 'process.exit(1)'], okExitCodes: [0, 1] });
    expect(r.exitCode).toBe(1);
  });
  it('kills on timeout (error or result) and on too much output', async () => {
    const slow = ['-e', 'setTimeout(() => {}, 60000)'];
    expect((await fails(runTool({ tool: 'node', args: slow, timeoutMs: 300 }))).code).toBe('TIMEOUT');
    const r = await runTool({ tool: 'node', args: slow, timeoutMs: 300, timeoutIsResult: true });
    expect(r.timedOut).toBe(true);
    const big = await fails(
      runTool({
        tool: 'node',
        args: ['-e', 'setInterval(() => process.stdout.write("x".repeat(65536)), 1)'],
        maxOutputBytes: 100_000,
      }),
    );
    expect(big.code).toBe('TOOL_FAILED');
  });
  it('kills the process when the signal aborts', async () => {
    const ac = new AbortController();
    const started = Date.now();
    const p = runTool({ tool: 'node', args: ['-e', 'setTimeout(() => {}, 60000)'], signal: ac.signal });
    setTimeout(() => ac.abort(), 200);
    expect((await fails(p)).code).toBe('JOB_CANCELLED');
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
