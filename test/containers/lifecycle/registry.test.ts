/** The process-wide registry destroys what is registered, once, and forgets the rest. */
import { describe, expect, it } from 'vitest';
import {
  destroyRegistered,
  registerForCleanup,
  registeredLabels,
} from '../../../containers/lifecycle/index.ts';

describe('cleanup registry', () => {
  it('destroys registered items and skips unregistered ones', async () => {
    const destroyed: string[] = [];
    const item = (label: string) => ({ label, destroy: async () => void destroyed.push(label) });
    registerForCleanup(item('a'));
    const unregister = registerForCleanup(item('b'));
    registerForCleanup({ label: 'c', destroy: () => Promise.reject(new Error('boom')) });
    unregister();
    expect(registeredLabels()).toEqual(['a', 'c']);
    await destroyRegistered();
    expect(destroyed).toEqual(['a']);
    expect(registeredLabels()).toEqual([]);
  });
});
