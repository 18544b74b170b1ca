/** Probes called blocked stay watched: what arrives late is reported. */
import { describe, expect, it } from 'vitest';
import { LateArrivals } from '../../../containers/probe/index.ts';

describe('LateArrivals', () => {
  it('reports a token that arrives after the probe was called blocked', async () => {
    const late = new LateArrivals();
    late.expect('f1.0', ['recv:f1.0'], performance.now(), 200);
    setTimeout(() => late.seen('recv:f1.0', '10.0.0.1'), 20);
    const [arrival] = await late.settle();
    expect(arrival).toMatchObject({ probeId: 'f1.0', delivered: true, seenFrom: '10.0.0.1' });
    expect(late.size).toBe(0);
  });

  it('returns nothing once the probe timeout passed without an arrival', async () => {
    const late = new LateArrivals();
    late.expect('f1.0', ['recv:f1.0'], performance.now(), 30);
    late.seen('recv:f9.0', '10.0.0.9');
    expect(await late.settle()).toEqual([]);
    expect(late.size).toBe(1);
  });

  it('gives a probe asked about again a second probe timeout, once', async () => {
    const late = new LateArrivals();
    const sent = performance.now();
    late.expect('f3.0', ['recv:f3.0'], sent, 40);
    expect(await late.settle(['f3.0'])).toEqual([]);
    setTimeout(() => late.seen('recv:f3.0', '10.0.0.4'), 10);
    const [arrival] = await late.settle(['f3.0']);
    expect(arrival).toMatchObject({ probeId: 'f3.0', delivered: true, seenFrom: '10.0.0.4' });
    expect(arrival!.arrivedAfterMs).toBeGreaterThanOrEqual(40);
    expect(late.size).toBe(0);

    late.expect('f4.0', ['recv:f4.0'], performance.now(), 20);
    expect(await late.settle(['f4.0'])).toEqual([]);
    expect(await late.settle(['f4.0'])).toEqual([]);
    const third = performance.now();
    expect(await late.settle(['f4.0'])).toEqual([]);
    expect(performance.now() - third).toBeLessThan(20);
  });

  it('claims a sighting that came before the probe was registered', async () => {
    const late = new LateArrivals();
    late.seen('late:f2.0', null);
    late.expect('f2.0', ['late:f2.0'], performance.now(), 10_000);
    const [arrival] = await late.settle(['f2.0']);
    expect(arrival).toMatchObject({ probeId: 'f2.0', delivered: true, seenFrom: null });
  });

  it('needs every piece of evidence for a delivery, and reports a partial one', async () => {
    const late = new LateArrivals();
    let delivered = 0;
    late.expect('echo-5#1', ['recv:echo-5', 'late:echo-5'], performance.now(), 40, () => {
      delivered += 1;
    });
    late.seen('recv:echo-5', '10.0.0.2');
    const [arrival] = await late.settle();
    expect(arrival).toMatchObject({ delivered: false, seenFrom: '10.0.0.2' });
    expect(delivered).toBe(0);
  });

  it('settles only the named probes and keeps the others', async () => {
    const late = new LateArrivals();
    late.expect('a', ['recv:a'], performance.now(), 10_000);
    late.expect('b', ['recv:b'], performance.now(), 10_000);
    late.seen('recv:b', '10.0.0.3');
    expect(await late.settle(['b'])).toHaveLength(1);
    expect(late.size).toBe(1);
    late.clear();
    expect(await late.settle()).toEqual([]);
  });
});
