/** `netconform mutants` flag handling through the real CLI (fails before any dataplane). */
import { describe, expect, it } from 'vitest';
import { netconform } from '../cli/cli-process.ts';

describe('netconform mutants (bad flags)', () => {
  it('exits 2 on an unknown --only name and lists the valid names', async () => {
    const { code, stderr } = await netconform(['mutants', '--only', 'stateless,nope']);
    expect(code).toBe(2);
    expect(stderr).toContain('--only names unknown mutant nope');
    expect(stderr).toMatch(/valid names: stateless, .*first-group-only/);
  });

  it.each([
    [['--budget', '0'], '--budget'],
    [['--seed', 'abc'], '--seed'],
    [['--shard', '0/3'], '--shard'],
    [['--shrink-time', 'x'], '--shrink-time'],
    [['--probe-timeout', '1'], '--probe-timeout'],
  ])('exits 2 on %j naming %s', async (args, flag) => {
    const { code, stderr } = await netconform(['mutants', ...args]);
    expect(code).toBe(2);
    expect(stderr).toContain(flag);
  });
});
