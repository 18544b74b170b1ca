/** Token waits: resolve with the peer address when the token arrives, null otherwise. */
import { describe, expect, it } from 'vitest';
import { TokenWaiter } from '../../../containers/probe/index.ts';
import { flowKeyOf } from '../../../containers/probe/index.ts';

describe('TokenWaiter', () => {
  it('resolves with the address the receiver saw', async () => {
    const waiter = new TokenWaiter();
    const wait = waiter.wait('f1.0', 1000);
    waiter.received('f2.0', '10.0.0.9');
    waiter.received('f1.0', '10.0.0.1');
    expect(await wait.seen).toBe('10.0.0.1');
  });

  it('resolves with null after the timeout, and ignores late tokens', async () => {
    const waiter = new TokenWaiter();
    const started = performance.now();
    const wait = waiter.wait('f1.0', 30);
    expect(await wait.seen).toBeNull();
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
    expect(() => waiter.received('f1.0', '10.0.0.1')).not.toThrow();
  });

  it('can be cancelled', async () => {
    const waiter = new TokenWaiter();
    const wait = waiter.wait('f1.0', 10_000);
    wait.cancel();
    expect(await wait.seen).toBeNull();
  });

  it('restart counts the timeout from the restart, not from the wait', async () => {
    const waiter = new TokenWaiter();
    const wait = waiter.wait('f1.0', 40);
    await new Promise((r) => setTimeout(r, 25));
    wait.restart(40);
    await new Promise((r) => setTimeout(r, 25));
    // 50 ms after the wait began, but only 25 ms after the restart: still waiting.
    waiter.received('f1.0', '10.0.0.1');
    expect(await wait.seen).toBe('10.0.0.1');
  });

  it('restart after the answer changes nothing', async () => {
    const waiter = new TokenWaiter();
    const wait = waiter.wait('f1.0', 1000);
    waiter.received('f1.0', '10.0.0.2');
    wait.restart(1);
    expect(await wait.seen).toBe('10.0.0.2');
  });

  it('reads the flow key of a token', () => {
    expect(flowKeyOf('f12.3')).toBe('f12');
    expect(flowKeyOf('garbage')).toBeNull();
  });
});
