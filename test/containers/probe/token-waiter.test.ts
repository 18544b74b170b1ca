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

  it('reads the flow key of a token', () => {
    expect(flowKeyOf('f12.3')).toBe('f12');
    expect(flowKeyOf('garbage')).toBeNull();
  });
});
