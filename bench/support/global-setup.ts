// `npm run bench` on a clean clone: Chromium for the log-viewer scenario (installed or explained
// by the same script as `npm test`), and the built headless shell the scenarios drive.
import '../../scripts/ensure-test-tools.mjs'
import buildShell from '../../test/support/global-setup'

export default function setup(): void {
  buildShell()
}
