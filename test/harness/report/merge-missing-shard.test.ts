/**
 * `report merge` of `run --shard i/n` results with a shard missing is not a pass: it
 * exits 2 naming the missing shard (a CI gate fails) unless `--allow-partial` is given.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { syntheticRunResult } from '../../../fixtures/synthetic-results.ts';
import { netconform } from '../cli/cli-process.ts';

const work = mkdtempSync(join(tmpdir(), 'netconform-merge-missing-'));
afterAll(() => rm(work, { recursive: true, force: true }));

async function shardDir(index: number): Promise<string> {
  const dir = join(work, `shard-${index}`);
  await mkdir(dir, { recursive: true });
  const result = syntheticRunResult({ runs: 9, shard: { index, count: 3 } });
  await writeFile(join(dir, 'run-result.json'), JSON.stringify({ ...result, verdict: 'agree' }));
  return dir;
}

describe('report merge with a shard missing', () => {
  it('exits 2 naming the shard and writes nothing; --allow-partial merges and flags it', async () => {
    const shards = [await shardDir(1), await shardDir(3)];
    const out = join(work, 'merged');
    const refused = await netconform(['report', 'merge', ...shards, '--out', out]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('safespring/reference/netns: shard 2 of 3 missing');
    expect(refused.stderr).toContain('--allow-partial');
    expect(() => readFileSync(join(out, 'compliance.html'))).toThrow();

    const partial = await netconform([
      ...['report', 'merge', ...shards, '--allow-partial', '--out', out],
    ]);
    expect(partial.code).toBe(0);
    expect(partial.stderr).toContain('warning: safespring/reference/netns: shard 2 of 3 missing');
    const html = readFileSync(join(out, 'compliance.html'), 'utf8');
    expect(html).toMatch(/<p class="summary warn">[^<]*incomplete: shard 2 of 3 missing/);
  });
});
