/**
 * The overlay driver starts its tunnel daemons with `daemonStart`: a daemon whose child
 * is slow to leave the starter's process group (OpenVPN's, under load) must survive the
 * group kill runCommand does when the starter exits. The child here waits 500 ms before
 * its setsid(), so the race is lost every time without the wrapper.
 */
import { describe, expect, it } from 'vitest';
import { daemonStart } from '../../../containers/drivers/overlay-daemons.ts';
import { runCommand } from '../../../harness/process/index.ts';
import { processGone, waitProcessGone } from '../../support/process-gone.ts';

/** Forks a child that leaves the group only after 500 ms, prints its pid, and exits. */
const SLOW_DAEMON = [
  'bash',
  '-c',
  '(sleep 0.5; exec setsid sleep 30) >/dev/null 2>&1 </dev/null & echo $!; exit 0',
];

async function startedPid(argv: readonly string[]): Promise<number> {
  const result = await runCommand(argv);
  expect(result).toMatchObject({ kind: 'exited', code: 0 });
  return result.kind === 'exited' ? Number(result.stdout.trim()) : NaN;
}

describe('daemonStart', () => {
  it('a daemon started without it dies with the starter (the race it fixes)', async () => {
    const pid = await startedPid(SLOW_DAEMON);
    expect(await waitProcessGone(pid)).toBe(true);
  });

  it('a daemon started with it outlives the starter, and the exit status is kept', async () => {
    const pid = await startedPid(daemonStart(SLOW_DAEMON));
    try {
      await new Promise((r) => setTimeout(r, 1_000));
      expect(processGone(pid)).toBe(false);
    } finally {
      process.kill(pid, 'SIGKILL');
    }
    expect(await runCommand(daemonStart(['bash', '-c', 'exit 3']))).toMatchObject({ code: 3 });
  });
});
