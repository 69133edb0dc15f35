import { ESLint } from 'eslint'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'

/*
 * The layer rules of eslint.config.js fail when broken. Each case lints a forbidden import as the
 * text of a real file (lintText with its path), so the project's own config, path alias and type
 * information apply, and nothing is written into src. A cycle needs a second file importing the
 * first: the linted file imports a real module that already imports it.
 */
const root = fileURLToPath(new URL('../..', import.meta.url))
// Type-aware linting builds a TypeScript program for the first file; a busy machine is slow.
const SLOW = 180_000

let eslint: ESLint

beforeAll(() => {
  eslint = new ESLint({ cwd: root })
})

async function problems(filePath: string, code: string): Promise<ESLint.LintResult['messages']> {
  // A moved file would make the case pass for the wrong reason (an ignored or unknown path).
  expect(existsSync(join(root, filePath)), `${filePath} exists`).toBe(true)
  const [result] = await eslint.lintText(code, { filePath })
  return result.messages
}

const rules = (messages: ESLint.LintResult['messages'], ruleId: string): string[] =>
  messages.filter((message) => message.ruleId === ruleId).map((message) => message.message)

describe('eslint keeps the layers', () => {
  it(
    'refuses a shell importing another shell, and shell-common importing a shell',
    async () => {
      const fromWorker = await problems(
        'src/main/worker/worker-args.ts',
        "import { parseServeArgs } from '../serve/serve-args'\nexport const parse = parseServeArgs\n"
      )
      expect(rules(fromWorker, 'import-x/no-restricted-paths')).toEqual([
        expect.stringContaining('A shell never imports another shell')
      ])
      const fromCommon = await problems(
        'src/main/shell-common/stop-on-signals.ts',
        "import { restoreBounds } from '../desktop/window-state'\nexport const restore = restoreBounds\n"
      )
      expect(rules(fromCommon, 'import-x/no-restricted-paths')).toEqual([
        expect.stringContaining('imports none of them')
      ])
    },
    SLOW
  )

  it(
    'refuses the core importing a shell or shell-common',
    async () => {
      const messages = await problems(
        'src/main/core/support/clock.ts',
        "import { restoreBounds } from '../../desktop/window-state'\n" +
          "import { stopOnSignals } from '../../shell-common/stop-on-signals'\n" +
          'export const used = [restoreBounds, stopOnSignals]\n'
      )
      expect(rules(messages, 'import-x/no-restricted-paths')).toEqual([
        expect.stringContaining('The core imports only the core'),
        expect.stringContaining('The core imports only the core')
      ])
    },
    SLOW
  )

  it(
    'refuses electron outside the desktop shell',
    async () => {
      for (const filePath of [
        'src/main/serve/serve-args.ts',
        'src/main/shell-common/built-files.ts'
      ]) {
        const messages = await problems(
          filePath,
          "import { app } from 'electron'\nexport { app }\n"
        )
        expect(rules(messages, 'no-restricted-imports'), filePath).toEqual([
          expect.stringContaining('Only the Electron shell')
        ])
      }
    },
    SLOW
  )

  it(
    'refuses an import cycle, also through the @shared path alias',
    async () => {
      // src/shared/entity-schema.ts imports ./entity-fields; entity-fields importing it back closes
      // the cycle. The alias must resolve for the rule to see it.
      const messages = await problems(
        'src/shared/entity-fields.ts',
        "import '@shared/entity-schema'\nexport const field = 1\n"
      )
      expect(rules(messages, 'import-x/no-cycle')).toHaveLength(1)
    },
    SLOW
  )

  it(
    'lets a shell use electron and shell-common, so the rules above are not refusing everything',
    async () => {
      const messages = await problems(
        'src/main/desktop/window-state.ts',
        "import { app } from 'electron'\n" +
          "import { stopOnSignals } from '../shell-common/stop-on-signals'\n" +
          "import { APP_VERSION } from '@shared/version'\n" +
          'export const used = [app, stopOnSignals, APP_VERSION]\n'
      )
      expect(messages.map((message) => message.ruleId)).toEqual([])
    },
    SLOW
  )

  it(
    'warns (does not fail) on a source file over 300 lines',
    async () => {
      const long = Array.from({ length: 301 }, (_, index) => `export const line${index} = ${index}`)
      const messages = await problems('src/main/serve/serve-args.ts', long.join('\n') + '\n')
      const maxLines = messages.filter((message) => message.ruleId === 'max-lines')
      expect(maxLines).toHaveLength(1)
      expect(maxLines[0].severity).toBe(1)
    },
    SLOW
  )
})
