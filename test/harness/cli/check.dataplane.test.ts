import { describe, expect, it } from 'vitest';
import { netconform, repoRoot } from './cli-process.ts';

describe('netconform check (netns, reference driver)', () => {
  it('agrees with the model on every step of the Safespring walkthrough', async () => {
    const result = await netconform([
      'check',
      `${repoRoot}examples/safespring-walkthrough.json`,
      '--json',
    ]);
    expect(result.stderr).toBe('');
    const out = JSON.parse(result.stdout) as {
      verdict: string;
      exitCode: number;
      steps: { verdict: string; expectation: { kind: string } }[];
      writtenExpects: { checked: number; contradicted: unknown[] };
    };
    const traffic = out.steps.filter((s) => s.expectation.kind === 'traffic');
    expect(traffic.length).toBeGreaterThan(10);
    expect(traffic.filter((s) => s.verdict !== 'agree')).toEqual([]);
    expect(out.writtenExpects.contradicted).toEqual([]);
    expect(out.writtenExpects.checked).toBeGreaterThan(10);
    expect(out).toMatchObject({ verdict: 'agree', exitCode: 0 });
    expect(result.code).toBe(0);
  });

  it('exits 2 with the issues for an invalid scenario file', async () => {
    const result = await netconform(['check', `${repoRoot}package.json`]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/not a valid scenario/);
  });
});
