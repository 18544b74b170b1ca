/** `NETCONFORM_AGENT` chooses the probe agent; anything but its two values is refused. */
import { describe, expect, it } from 'vitest';
import { agentKind, DEFAULT_AGENT } from '../../../containers/probe/index.ts';
import { UsageError } from '../../../harness/dataplane/exit-codes.ts';

describe('agentKind', () => {
  it('is the default when NETCONFORM_AGENT is unset or empty', () => {
    expect(agentKind({})).toBe(DEFAULT_AGENT);
    expect(agentKind({ NETCONFORM_AGENT: '' })).toBe(DEFAULT_AGENT);
  });

  it('takes node or python', () => {
    expect(agentKind({ NETCONFORM_AGENT: 'node' })).toBe('node');
    expect(agentKind({ NETCONFORM_AGENT: 'python' })).toBe('python');
  });

  it('refuses anything else, naming the variable and its values', () => {
    expect(() => agentKind({ NETCONFORM_AGENT: 'perl' })).toThrow(UsageError);
    expect(() => agentKind({ NETCONFORM_AGENT: 'perl' })).toThrow(
      /NETCONFORM_AGENT=perl is not a probe agent: use node, python, hub/,
    );
  });
});
