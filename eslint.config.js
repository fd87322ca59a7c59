// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import pledge from './eslint/module-boundaries.js';

export default tseslint.config(
  { ignores: ['node_modules/', '.data/', 'test/artifacts/', 'bench/results/', 'src/db/migrations/', 'bin/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', 'eslint/*.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/only-throw-error': 'off',
    },
  },
  {
    // The folder is the API: code outside a module imports only its index.ts (via #modules/<name>).
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    plugins: { pledge },
    rules: {
      'pledge/no-relative-cross-module': 'error',
      'pledge/drizzle-only-in-repositories': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['#modules/*/*'], message: "Import a module through its index: '#modules/<name>'." },
            {
              group: ['**/modules/*/*', '!./*'],
              message: "Import another module through '#modules/<name>', never its files.",
            },
          ],
        },
      ],
    },
  },
  {
    // Platform plumbing knows no business module.
    files: ['src/platform/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['#modules/*', '**/modules/**'], message: 'platform/ must not import modules.' },
          ],
        },
      ],
    },
  },
);
