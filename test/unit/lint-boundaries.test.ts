import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

/**
 * The layer boundaries of eslint.config.js, each shown to fail when broken: a source placed (not
 * written) at `file` with `source` in it, and the `no-restricted-imports` message it must get, or
 * null where the import is allowed. Add a row per boundary.
 */
interface BoundaryCase {
  name: string
  file: string
  source: string
  error: RegExp | null
}

const cases: BoundaryCase[] = [
  {
    name: 'delivery/ importing webhooks/ fails',
    file: 'src/main/core/delivery/boundary-probe.ts',
    source: "import { WebhookRepository } from '../webhooks/webhook.repository'\n",
    error: /delivery\/ never imports webhooks\//
  },
  {
    name: 'delivery/transport importing webhooks/ fails',
    file: 'src/main/core/delivery/transport/boundary-probe.ts',
    source: "import type { WebhookSecrets } from '../../webhooks/webhook-secrets'\n",
    error: /delivery\/ never imports webhooks\//
  },
  {
    name: 'delivery/ still may not import electron',
    file: 'src/main/core/delivery/boundary-probe.ts',
    source: "import { app } from 'electron'\n",
    error: /electron/
  },
  {
    name: 'webhooks/ importing delivery/ is the allowed direction',
    file: 'src/main/core/webhooks/boundary-probe.ts',
    source: "import type { DeliveryTargets } from '../delivery/delivery-targets'\n",
    error: null
  }
]

// Only the import rule: the type-aware rules need the file in a TypeScript project.
const eslint = new ESLint({
  ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports',
  overrideConfig: { languageOptions: { parserOptions: { projectService: false, project: null } } }
})

async function importErrors(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${source}export {}\n`, { filePath: file })
  return result.messages
    .filter((message) => message.ruleId === 'no-restricted-imports')
    .map((message) => message.message)
}

describe('layer boundaries (eslint.config.js)', () => {
  it.each(cases)('$name', async ({ file, source, error }) => {
    const errors = await importErrors(file, source)
    if (error === null) expect(errors).toEqual([])
    else expect(errors).toEqual([expect.stringMatching(error)])
  })
})
