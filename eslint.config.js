// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const FLOW = 'imports flow spec <- harness <- containers, and test/ and bench/ compose them';

/** An import pattern that bans paths through any of `folders` (top-level folder names). */
function banFolders(who, folders, why = FLOW) {
  return {
    regex: `(^|/)(${folders.join('|')})/`,
    message: `${who} may not import ${folders.map((f) => `${f}/`).join(', ')}: ${why}.`,
  };
}

/** An import pattern that bans every package but `packages`; relative imports stay allowed. */
function onlyPackages(who, packages) {
  const allowed = packages.map((p) => p.replace(/[.]/g, '\\.')).join('|');
  return {
    regex: `^(?!\\.{1,2}/)(?!(${allowed})(/|$))`,
    message: `${who} is the pure reference model: it imports only ${packages.join(' and ')} (no node: modules, no I/O).`,
  };
}

const COMPOSERS = ['test', 'bench', 'fixtures'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'reports/**', '.cache/**', 'bin/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  // Layers (README, "Architecture"): imports flow spec <- harness <- containers; test/ and
  // bench/ compose them; fixtures/ is synthetic data shared by test/ and bench/. Each
  // block below is the whole rule for its files (a later block would replace it).
  {
    files: ['spec/**/*.ts'],
    ignores: ['spec/schema/write-json-schema.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            onlyPackages('spec/', ['zod', 'ipaddr.js']),
            banFolders('spec/', ['harness', 'containers', ...COMPOSERS]),
          ],
        },
      ],
    },
  },
  {
    // The JSON Schema writer is a build script: it may write files, nothing else changes.
    files: ['spec/schema/write-json-schema.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [banFolders('spec/', ['harness', 'containers', ...COMPOSERS])] },
      ],
    },
  },
  {
    files: ['harness/**/*.ts'],
    ignores: ['harness/cli/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // From harness/<folder>/, ../cli/ is harness/cli.
              regex: '^(\\.\\./)+cli/',
              message: 'harness/cli is the wiring place: nothing else in harness/ imports it.',
            },
            banFolders(
              'harness/ (outside harness/cli)',
              ['containers', ...COMPOSERS],
              `${FLOW}; harness/cli wires containers in`,
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['harness/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [banFolders('harness/cli', COMPOSERS)] }],
    },
  },
  {
    files: ['containers/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)harness/(?!dataplane/|process/)',
              message:
                'containers/ sees the harness only through its contract (harness/dataplane) and harness/process.',
            },
            banFolders('containers/', COMPOSERS),
          ],
        },
      ],
    },
  },
  {
    files: ['fixtures/**/*.ts', 'bench/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [banFolders('fixtures/ and bench/', ['test'])] },
      ],
    },
  },
);
