/** `--version` prints the package version; `--backend` help lists every backend. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { netconform, repoRoot } from './cli-process.ts';

describe('netconform --version and --backend help', () => {
  it('prints the version of package.json and exits 0', async () => {
    const pkg = JSON.parse(readFileSync(`${repoRoot}package.json`, 'utf8')) as { version: string };
    const result = await netconform(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(pkg.version);
  });

  it('lists the --backend values in help and rejects others with exit 2', async () => {
    const help = await netconform(['check', '--help']);
    expect(help.stdout.replace(/\s+/g, ' ')).toMatch(/--backend <name> .*"netns", "docker"/);
    const bad = await netconform(['check', 'x.json', '--backend', 'vmware']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/netns, docker/);
  });
});
