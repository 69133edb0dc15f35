// The headless-shell tests run the built shell as a child process: build it once, up front.
// @ts-expect-error plain ESM helper without type declarations
import { buildIfStale } from '../../scripts/build-if-stale.mjs'

export default function setup(): void {
  buildIfStale()
}
