// ESLint: typescript-eslint's type-checked recommended rules over the SDK, its tests and its
// benchmark, with the project's tsconfig.json for type information.
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    // Build output, the proto copy, and src/generated/, which `npm run generate` writes and
    // `npm run verify` checks against proto/ instead.
    ignores: ['dist/', 'build/', 'proto/', 'node_modules/', 'src/generated/'],
  },
  eslint.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // Steps, activities and workflows are functions that return a promise, and writing them
      // `async` without an `await` is the SDK's documented style: it also turns a synchronous
      // throw into the rejection the SDK records.
      '@typescript-eslint/require-await': 'off',
      // node:test runs and awaits the tests it is given; the promise `test()` returns is only
      // for nesting.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'describe', 'it'] }] },
      ],
      // A leading underscore marks a parameter a signature needs but the body does not use.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // Plain JavaScript (this file, scripts/): no type information to check with.
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: {
      globals: { console: 'readonly', process: 'readonly' },
    },
  },
);
