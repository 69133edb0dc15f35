import js from '@eslint/js'
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript'
import prettier from 'eslint-config-prettier'
import importX from 'eslint-plugin-import-x'
import vue from 'eslint-plugin-vue'
import tseslint from 'typescript-eslint'

/** The entry points, each in its own folder of src/main; what several share is in shell-common. */
const SHELLS = ['desktop', 'serve', 'demo', 'worker', 'copy-to-postgres']
const shellDir = (shell) => `./src/main/${shell}`

/**
 * Import boundaries between folders, checked on resolved paths (so `@shared/...` and relative
 * imports alike). One list: a second `no-restricted-paths` block would replace it, not add to it.
 */
const LAYER_ZONES = [
  ...SHELLS.map((shell) => ({
    target: shellDir(shell),
    from: SHELLS.filter((other) => other !== shell).map(shellDir),
    message: 'A shell never imports another shell: move what both need to src/main/shell-common.'
  })),
  {
    target: './src/main/shell-common',
    from: SHELLS.map(shellDir),
    message: 'src/main/shell-common serves the shells and imports none of them.'
  },
  {
    target: './src/main/core',
    from: './src',
    except: ['./main/core', './shared'],
    message: 'The core imports only the core, src/shared, node: modules and packages.'
  }
]

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
  {
    // Layers (docs/ARCHITECTURE.md): no import cycles anywhere in src, and the zones above. The
    // resolver reads the `@shared/*` path alias from tsconfig.base.json (mirroring path-aliases.ts).
    files: ['src/**/*.ts', 'src/**/*.vue'],
    plugins: { 'import-x': importX },
    // A .vue file that no-cycle reads while linting a .ts file needs the TypeScript script parser.
    languageOptions: { parserOptions: { parser: tseslint.parser } },
    settings: {
      // The files no-cycle follows, and how to read them (type information is not needed).
      'import-x/extensions': ['.ts', '.vue', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'], 'vue-eslint-parser': ['.vue'] },
      'import-x/resolver-next': [
        createTypeScriptImportResolver({ project: `${import.meta.dirname}/tsconfig.base.json` })
      ]
    },
    rules: {
      // Packages are leaves for our layering; walking into node_modules only costs time.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': [
        'error',
        { basePath: import.meta.dirname, zones: LAYER_ZONES }
      ],
      // A file past ~300 lines usually holds more than one concern (a warning: a reason may exist).
      'max-lines': ['warn', { max: 300, skipBlankLines: true, skipComments: true }]
    }
  },
  // Only the Electron shell (and its preload) may reach for Electron: the core, the other shells
  // and shell-common run in plain Node. The blocks below restate `electron` in their own lists,
  // since a later no-restricted-imports replaces this one for their files.
  {
    files: ['src/**/*.ts', 'src/**/*.vue'],
    ignores: ['src/main/desktop/**', 'src/preload/**'],
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
    // Delivery reads webhooks through interfaces it declares itself (delivery-targets.ts): webhook
    // administration imports delivery, never the other way round.
    files: ['src/main/core/delivery/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Only the Electron shell may use electron.' }],
          patterns: [
            {
              group: ['**/webhooks/**', '**/webhooks'],
              message: 'delivery/ never imports webhooks/; declare what it needs in delivery/.'
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
