/**
 * A plumbing that cannot express the scenarios' topology is bad input (exit 2, naming
 * the flag and the fix), not a run of inconclusive scenarios: every scenario would
 * fail to build the same way.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { netconform, repoRoot } from './cli-process.ts';

const out = mkdtempSync(join(tmpdir(), 'netconform-plumbing-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('a topology the chosen plumbing cannot build', () => {
  it('run: exit 2 naming the run, the network and --plumbing routed; no results written', async () => {
    const r = await netconform(
      ['run', '--plumbing', 'bridged', '--runs', '4', '--seed', '3', '--out', out],
      120_000,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /netconform: run \d of seed 3 cannot be built: network "\S+" is nat: .*--plumbing routed/,
    );
    expect(existsSync(join(out, 'run-result.json'))).toBe(false);
  });

  it('check: exit 2 with the same reason', async () => {
    const walkthrough = join(repoRoot, 'examples/safespring-walkthrough.json');
    const r = await netconform(['check', walkthrough, '--plumbing', 'bridged'], 120_000);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/netconform: network "\S+" is nat: .*--plumbing routed/);
  });
});
