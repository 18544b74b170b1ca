/**
 * Serve mode: where the answer to a request ends. `{"applied":true,"host":H}` lines are
 * progress; the answer is the line that names no host. A session that ended a request at
 * its first progress line let the rest of that answer settle the next request before
 * the program had read it: with several jobs, probes ran before the rules were in
 * (docs/findings.md, O5).
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExecDriver } from '../../../../containers/drivers/exec/index.ts';
import { fixtureState } from '../../translate/driver-state-fixture.ts';
import { createFakeDriverDir, type FakeDriverDir } from './fake-drivers.ts';

let fakes: FakeDriverDir;
beforeAll(() => {
  fakes = createFakeDriverDir();
});
afterAll(() => fakes.remove());

/**
 * A serve program that answers each request with a progress line per host, works for a
 * while, marks the request's generation done, then writes the final answer.
 */
const slowServe = (dir: string) => `[[ $1 == serve ]] || exit 2
while IFS= read -r line; do
  gen=$(jq -r .state.generation <<<"$line")
  echo '{"applied":true,"host":"h1"}'
  sleep 0.3
  echo '{"applied":true,"host":"h2"}'
  touch "${dir}/done-$gen"
  echo '{"applied":true}'
done`;

describe('exec-serve answers', () => {
  it('a request is answered by the line without a host, not by a progress line', async () => {
    const driver = createExecDriver(fakes.script('one.sh', slowServe(fakes.dir)), { serve: true });
    const result = await driver.apply(fixtureState({ generation: 1 }));
    expect(result.kind).toBe('applied');
    expect(existsSync(`${fakes.dir}/done-1`)).toBe(true);
  });

  it('requests of several drivers sharing the process each get their own answer', async () => {
    const path = fakes.script('shared.sh', slowServe(fakes.dir));
    const generations = [11, 12, 13];
    // Whether each request's work was done when its answer came.
    const doneWhenAnswered = await Promise.all(
      generations.map(async (generation) => {
        const driver = createExecDriver(path, { serve: true });
        const result = await driver.apply(fixtureState({ generation }));
        return [result.kind, existsSync(`${fakes.dir}/done-${generation}`)];
      }),
    );
    expect(doneWhenAnswered).toEqual(generations.map(() => ['applied', true]));
  });
});
