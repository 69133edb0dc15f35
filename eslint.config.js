import js from '@eslint/js'
import prettier from 'eslint-config-prettier'
import vue from 'eslint-plugin-vue'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  {
    ignores: [
      '.tmp/**',
      'node_modules/**',
      'out/**',
      'dist/**',
      'coverage/**',
      'screenshots/**',
      'test-results/**'
    ]
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } }
  },
  {
    rules: {
      // TypeScript checks identifiers itself, with the right globals per tsconfig.
      'no-undef': 'off',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
      ]
    }
  },
  // Layers: the core, the headless shell and the demo run in plain Node, and the contract is
  // shared with the renderer, so none of them may reach for Electron; the renderer talks to the
  // core only through the API module, never by importing main-process code.
  {
    files: [
      'src/main/core/**/*.ts',
      'src/main/serve/**/*.ts',
      'src/main/demo/**/*.ts',
      'src/main/copy-to-postgres/**/*.ts',
      'src/main/worker/**/*.ts',
      'src/main/shell-common/**/*.ts',
      'src/shared/**/*.ts'
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'Only the Electron shell (src/main/desktop) may use electron.'
            }
          ],
          patterns: [
            { group: ['electron/*'], message: 'Only the Electron shell may use electron.' }
          ]
        }
      ]
    }
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The shared contract runs in the renderer too.' }],
          patterns: [
            { group: ['node:*'], message: 'The shared contract runs in the renderer too.' },
            { group: ['**/main/**', '**/renderer/**'], message: 'src/shared depends on nothing.' }
          ]
        }
      ]
    }
  },
  {
    // The webhook receiver is a standalone tool: the demo may import it, it imports nothing of
    // the app but the shared contract.
    files: ['src/receiver/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The receiver runs in plain Node.' }],
          patterns: [
            {
              group: ['**/main/**', '**/renderer/**', '**/preload/**'],
              message: 'The receiver stands alone: only @shared/... may be imported.'
            }
          ]
        }
      ]
    }
  },
  {
    // Producers never import their consumers: entity events know nothing of webhooks or delivery.
    files: ['src/main/core/entities/**/*.ts', 'src/main/core/events/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Only the Electron shell may use electron.' }],
          patterns: [
            {
              group: ['**/webhooks/**', '**/delivery/**', '**/logs/**'],
              message: 'Entities and events are producers; webhooks and delivery consume them.'
            }
          ]
        }
      ]
    }
  },
  {
    files: ['src/renderer/**/*.ts', 'src/renderer/**/*.vue'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer is sandboxed; use the api module.' }],
          patterns: [
            {
              group: ['**/main/**', '**/preload/**', 'node:*'],
              message: 'The renderer reaches the core only through src/renderer/src/api.'
            }
          ]
        }
      ]
    }
  },
  {
    // Type-aware: a forgotten await or a promise handed to a callback that ignores it loses errors.
    files: [
      'src/main/**/*.ts',
      'src/receiver/**/*.ts',
      'src/renderer/**/*.ts',
      'src/renderer/**/*.vue',
      'src/preload/**/*.ts'
    ],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: ['.vue']
      }
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { attributes: false } }
      ]
    }
  },
  prettier
)
