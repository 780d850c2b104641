// ESLint 9 flat config — type-aware typescript-eslint over the whole repository.
// Types come from the root tsconfig.json through the project service.
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** no-restricted-imports patterns for a folder that other code must not reach into. */
const folder = (name, message) => ({
  group: [`**/${name}`, `**/${name}/**`],
  message,
});

const NO_SRC = folder('src', 'The mini-program (src/) is not importable from here; shared contracts belong in types/.');
const NO_CLOUDFUNCTIONS = folder('cloudfunctions', 'Cloud functions are server-only; call them through src/services, and share types via types/.');
const NO_LOCAL_CLOUD = folder('local-cloud', 'local-cloud is the local development runtime; nothing in the app or cloud functions may depend on it.');

export default defineConfig([
  globalIgnores([
    'dist/**',
    'node_modules/**',
    'coverage/**',
    '.data/**',
    '.tmp/**',
    '.swc/**',
    '**/*.config.js',
    'babel.config.js',
    'scripts/make-tab-icons.mjs',
  ]),

  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },

  // Tests poke at untyped SDK results on purpose, and fakes implement async interfaces without awaiting.
  {
    files: ['tests/**'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/require-await': 'off',
    },
  },

  // Plain JavaScript (this file, any future scripts) is outside tsconfig.json: lint without type information.
  {
    files: ['**/*.{js,mjs,cjs}'],
    extends: [tseslint.configs.disableTypeChecked],
  },

  // Dependency direction: types ← src, types ← cloudfunctions ← local-cloud.
  {
    files: ['src/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [NO_CLOUDFUNCTIONS, NO_LOCAL_CLOUD] }],
    },
  },
  {
    files: ['cloudfunctions/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [NO_SRC, NO_LOCAL_CLOUD] }],
    },
  },
  {
    files: ['types/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { ...NO_SRC, message: 'types/ is the shared contract and must not depend on the app.' },
            { ...NO_CLOUDFUNCTIONS, message: 'types/ is the shared contract and must not depend on cloud functions.' },
            { ...NO_LOCAL_CLOUD, message: 'types/ is the shared contract and must not depend on local-cloud.' },
          ],
        },
      ],
    },
  },
]);
