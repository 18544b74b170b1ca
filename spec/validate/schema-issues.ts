/** Turns zod's shape errors into `ScenarioIssue`s with a fix-it hint per kind of error. */
import type { z } from 'zod';
import { issue, type ScenarioIssue } from './issue.ts';

const SCHEMA_FILE = 'spec/schema/scenario.schema.json';
const STEP_OPS = 'addRule, removeRule, attachGroup, detachGroup, open, send, close, probe, spoof';

function isMissing(i: z.core.$ZodIssue): boolean {
  return i.code === 'invalid_type' && i.message.endsWith('received undefined');
}

function messageFor(i: z.core.$ZodIssue): string {
  const last = i.path[i.path.length - 1];
  if (isMissing(i)) return `missing required field "${String(last)}"`;
  if (i.code === 'invalid_union' && last === 'remote')
    return 'a remote must be exactly one of {"cidr": ...} or {"group": ...}';
  if (i.code === 'invalid_union' && last === 'op') return 'unknown step "op"';
  return i.message;
}

function hintFor(i: z.core.$ZodIssue): string {
  const last = i.path[i.path.length - 1];
  switch (i.code) {
    case 'invalid_type':
      return isMissing(i)
        ? `add the required field "${String(last)}" (${i.expected})`
        : `write a ${i.expected} here`;
    case 'unrecognized_keys':
      return `remove ${i.keys.map((k) => `"${k}"`).join(', ')}, or check the spelling against ${SCHEMA_FILE}`;
    case 'invalid_value':
      return `use one of: ${i.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_union':
      if (last === 'op') return `set "op" to one of: ${STEP_OPS}`;
      if (last === 'remote') return 'write {"cidr": "203.0.113.0/24"} or {"group": "<group name>"}';
      return `the value matches none of the allowed shapes; see ${SCHEMA_FILE}`;
    case 'too_small':
    case 'too_big':
      return typeof last === 'string' && /port/i.test(last)
        ? 'ports are 1-65535'
        : `change the value: ${i.message}`;
    case 'invalid_format':
      return 'names use letters, digits, "_", ".", "@" or "-", start with a letter or digit, at most 63 characters';
    case 'custom':
      return i.message;
    default:
      return `see ${SCHEMA_FILE}`;
  }
}

/** One issue per zod issue, with paths like `topology.instances[2].network`. */
export function schemaIssues(error: z.ZodError): ScenarioIssue[] {
  return error.issues.map((i) => issue(i.path, messageFor(i), hintFor(i)));
}
