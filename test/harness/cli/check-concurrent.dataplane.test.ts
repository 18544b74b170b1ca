/**
 * Two `netconform check` processes on one machine at the same time: each builds its
 * own namespaces under its own run prefix, both agree on every step, and neither
 * leaves anything behind.
 */
import { describe, expect, it } from 'vitest';
import { prefixOfNamespace } from '../../../containers/backends/netns/names.ts';
import { liveOwner } from '../../../containers/lifecycle/index.ts';
import { runCommand } from '../../../harness/process/index.ts';
import { ExitCode } from '../../../harness/dataplane/exit-codes.ts';
import { netconform, repoRoot } from './cli-process.ts';

async function namespaces(): Promise<string[]> {
  const listed = await runCommand(['ip', 'netns', 'list']);
  if (listed.kind !== 'exited') throw new Error('ip netns list failed');
  return listed.stdout
    .split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .filter((name) => name.startsWith('netconform-'));
}

/**
 * Namespaces new since `before` that no live run owns, still there after the owners
 * were looked up. Other runs on the machine (other test files, other users) come and
 * go meanwhile: a live one holds its claim, and one that ends releases its claim only
 * after its namespaces are gone. Both checks here have exited, so what they left has
 * no live owner.
 */
async function leftoversSince(before: readonly string[]): Promise<string[]> {
  const ownerless = (await namespaces()).filter((name) => {
    if (before.includes(name)) return false;
    const prefix = prefixOfNamespace(name);
    return prefix === null || liveOwner(prefix) === null;
  });
  const now = await namespaces();
  return ownerless.filter((name) => now.includes(name));
}

describe('concurrent checks', () => {
  it('two checks of the walkthrough run at once and both agree', async () => {
    const before = await namespaces();
    const file = `${repoRoot}examples/safespring-walkthrough.json`;
    const [a, b] = await Promise.all([
      netconform(['check', file, '--json']),
      netconform(['check', file, '--json']),
    ]);
    for (const result of [a, b]) {
      expect(result.code, result.stderr).toBe(ExitCode.ok);
      const parsed = JSON.parse(result.stdout) as { verdict: string; steps: unknown[] };
      expect(parsed.verdict).toBe('agree');
      expect(parsed.steps.length).toBeGreaterThan(40);
    }
    expect(await leftoversSince(before)).toEqual([]);
  });
});
