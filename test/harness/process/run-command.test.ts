/**
 * runCommand bounds every command: a timeout kills its whole process group, processes
 * it leaves holding its output are killed after a short grace, stdout is capped and
 * only the end of stderr is kept, and `killLiveCommands` stops every running group;
 * the same whether the launcher process or Node itself starts the command.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  killLiveCommands,
  runCommand,
  SPAWN_ENV,
  type StarterKind,
} from '../../../harness/process/index.ts';
import { waitProcessGone } from '../../support/process-gone.ts';

/** The pid a `bash -c` script printed as its first stdout or stderr line. */
const firstPid = (text: string) => Number(text.trim().split('\n')[0]?.replace('...', ''));

describe.each<StarterKind>(['launcher', 'direct'])('runCommand (%s)', (starter) => {
  const before = process.env[SPAWN_ENV];
  beforeAll(() => {
    process.env[SPAWN_ENV] = starter;
  });
  afterAll(() => {
    if (before === undefined) delete process.env[SPAWN_ENV];
    else process.env[SPAWN_ENV] = before;
  });

  it('passes stdin, and returns stdout, stderr and the exit code', async () => {
    const result = await runCommand(['sh', '-c', 'cat; echo oops >&2; exit 3'], {
      input: 'hello\n',
    });
    expect(result).toMatchObject({ kind: 'exited', code: 3, stdout: 'hello\n', stderr: 'oops\n' });
  });

  it('reports a signal that ended the command as 128 + its number', async () => {
    const result = await runCommand(['sh', '-c', 'kill -TERM $$']);
    expect(result).toMatchObject({ kind: 'exited', code: 143, signal: 'SIGTERM' });
  });

  it('reports a command that cannot start as spawn-failed', async () => {
    const result = await runCommand(['/nonexistent/netconform-no-such-command']);
    expect(result.kind).toBe('spawn-failed');
  });

  it('on timeout kills the whole process group, not only the command', async () => {
    const result = await runCommand(['bash', '-c', 'sleep 60 & echo $! >&2; trap "" TERM; wait'], {
      timeoutMs: 300,
      killGraceMs: 200,
    });
    expect(result.kind).toBe('timeout');
    if (result.kind !== 'timeout') return;
    expect(await waitProcessGone(firstPid(result.stderr))).toBe(true);
  });

  it('does not wait for a background child that holds stdout after the command exited', async () => {
    const started = Date.now();
    const result = await runCommand(['bash', '-c', 'sleep 1000 & echo $!; exit 0'], {
      timeoutMs: 20_000,
      pipeGraceMs: 300,
    });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(result).toMatchObject({ kind: 'exited', code: 0, lingered: true });
    if (result.kind !== 'exited') return;
    expect(await waitProcessGone(firstPid(result.stdout))).toBe(true);
  });

  it('kills a command past its stdout limit and keeps only the first bytes', async () => {
    const result = await runCommand(['bash', '-c', 'yes ""'], {
      timeoutMs: 20_000,
      maxStdoutBytes: 100_000,
    });
    expect(result).toMatchObject({ kind: 'exited', stdoutLimitBytes: 100_000 });
    if (result.kind !== 'exited') return;
    expect(result.stdout.length).toBe(100_000);
  });

  it('keeps only the end of a long stderr', async () => {
    const result = await runCommand(
      ['bash', '-c', 'for i in $(seq 1 20000); do echo "line $i" >&2; done'],
      { stderrTailBytes: 1000 },
    );
    expect(result.kind).toBe('exited');
    if (result.kind !== 'exited') return;
    expect(result.stderr.length).toBeLessThanOrEqual(1003);
    expect(result.stderr.startsWith('...')).toBe(true);
    expect(result.stderr.trimEnd().endsWith('line 20000')).toBe(true);
  });

  it('killLiveCommands kills the groups of commands still running', async () => {
    const running = runCommand(['bash', '-c', 'sleep 60 & echo $!; wait'], {
      timeoutMs: 20_000,
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(killLiveCommands()).toBeGreaterThanOrEqual(1);
    const result = await running;
    expect(result).toMatchObject({ kind: 'exited', code: 137 });
    if (result.kind !== 'exited') return;
    expect(await waitProcessGone(firstPid(result.stdout))).toBe(true);
  });
});
