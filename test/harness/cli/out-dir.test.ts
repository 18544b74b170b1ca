import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../../harness/dataplane/exit-codes.ts';
import { prepareOutDir } from '../../../harness/cli/options/out-dir.ts';
import { netconform } from './cli-process.ts';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function scratch(): Promise<{ dir: string; file: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'netconform-out-'));
  dirs.push(dir);
  const file = join(dir, 'a-file');
  await writeFile(file, 'keep me\n');
  return { dir, file };
}

async function usageError(path: string): Promise<string> {
  const error = await prepareOutDir('--out', path).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(UsageError);
  return (error as UsageError).message;
}

describe('prepareOutDir', () => {
  it('creates missing directories and returns the absolute path', async () => {
    const { dir } = await scratch();
    const nested = join(dir, 'x', 'y');
    expect(await prepareOutDir('--out', nested)).toBe(nested);
    expect((await stat(nested)).isDirectory()).toBe(true);
    // Nothing is left behind by the write check.
    expect(await readdir(nested)).toEqual([]);
  });

  it('refuses a regular file, or a path under one, naming the flag', async () => {
    const { file } = await scratch();
    expect(await usageError(file)).toMatch(/^--out .*a-file exists and is not a directory/);
    expect(await usageError(join(file, 'sub'))).toMatch(/a-file exists and is not a directory/);
  });

  it('refuses a path that cannot be created, at once (no mkdir loop)', async () => {
    const started = performance.now();
    expect(await usageError('/proc/netconform-out')).toMatch(
      /cannot create \/proc\/netconform-out/,
    );
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('--out checked before anything is built', () => {
  it('run, mutants and report merge exit 2 with the reason; nothing runs', async () => {
    const { file } = await scratch();
    const cases: [string[], RegExp][] = [
      [
        ['run', '--runs', '1', '--seed', '1', '--out', file],
        /--out .*a-file exists and is not a directory/,
      ],
      [
        ['run', '--runs', '1', '--seed', '1', '--out', '/proc/netconform-out'],
        /--out \/proc\/netconform-out: cannot create/,
      ],
      [
        ['mutants', '--budget', '1', '--seed', '1', '--out', file],
        /--out .*a-file exists and is not a directory/,
      ],
      [
        ['report', 'merge', file, '--out', '/proc/netconform-out'],
        /--out \/proc\/netconform-out: cannot create/,
      ],
    ];
    for (const [args, message] of cases) {
      const result = await netconform(args, 60_000);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toContain('internal error');
      expect(result.code).toBe(2);
      expect(result.stdout).not.toContain('netconform run:');
    }
  });
});
