import { describe, expect, it } from 'vitest';
import { parseDriverOutput } from '../../../../containers/drivers/exec/index.ts';

describe('the stdout contract of exec drivers', () => {
  it('accepts empty output and blank lines', () => {
    expect(parseDriverOutput('')).toEqual({ kind: 'ok', logs: [], failures: [] });
    expect(parseDriverOutput('\n  \r\n\n')).toEqual({ kind: 'ok', logs: [], failures: [] });
  });

  it('collects logs (default level info) and reported failures, ignoring extra keys', () => {
    const stdout = [
      '{"applied":true,"host":"h1","ms":3}',
      '{"log":"reloaded"}\r',
      '{"log":"slow host","level":"warn","host":"h2"}',
      '{"applied":false,"host":"h2","message":"nft: syntax error"}',
      '{"applied":false}',
    ].join('\n');
    expect(parseDriverOutput(stdout)).toEqual({
      kind: 'ok',
      logs: [
        { level: 'info', message: 'reloaded' },
        { level: 'warn', message: 'slow host', host: 'h2' },
      ],
      failures: [
        { level: 'error', message: 'nft: syntax error', host: 'h2' },
        { level: 'error', message: '(no message)' },
      ],
    });
  });

  it.each([
    ['plain text', 'Applying rules...', 'not JSON'],
    ['a JSON array', '[{"applied":true}]', 'expected object'],
    ['a JSON string', '"applied"', 'expected object'],
    ['an object with neither key', '{"status":"ok"}', '"applied" (boolean) or a "log"'],
    ['a non-boolean applied', '{"applied":"yes"}', '"applied"'],
    ['an unknown log level', '{"log":"x","level":"loud"}', '"level"'],
  ])('rejects %s, naming the line', (_what, line, problem) => {
    const parsed = parseDriverOutput(`{"applied":true}\n\n${line}\n{"applied":true}`);
    expect(parsed).toMatchObject({ kind: 'garbage', lineNumber: 3, line });
    if (parsed.kind === 'garbage') expect(parsed.problem).toContain(problem);
  });
});
