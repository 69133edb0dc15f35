/**
 * The receiver's own page. Everything the receiver serves for people lives under one reserved
 * prefix, so any other path, `/` included for POSTs, stays free to be a webhook endpoint; a GET
 * of `/` (someone opening the bare URL) is redirected here.
 */
export const RECEIVER_PREFIX = '/_receiver/'

/**
 * Stricter than the app's own policy: the page has no inline script or style at all (both are
 * files next to it), loads nothing from elsewhere and talks only to its own receiver.
 */
export const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'"
].join('; ')

export const PAGE_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Webhook receiver</title>
    <link rel="stylesheet" href="${RECEIVER_PREFIX}page.css" />
    <script src="${RECEIVER_PREFIX}page.js" defer></script>
  </head>
  <body>
    <header>
      <h1>Webhook receiver</h1>
      <p id="setup">Loading the receiver's settings…</p>
    </header>
    <main>
      <section aria-labelledby="summary-heading">
        <h2 id="summary-heading">Summary</h2>
        <dl id="counts" class="counts"></dl>
        <p id="live" role="status">Connecting for live updates…</p>
      </section>
      <section aria-labelledby="requests-heading">
        <h2 id="requests-heading">Requests</h2>
        <p id="empty">Nothing received yet. Requests appear here as they arrive.</p>
        <table id="deliveries">
          <caption>
            Requests received, newest first. Use a row's Details button for its headers and body.
          </caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Received</th>
              <th scope="col">Verdict</th>
              <th scope="col">Event</th>
              <th scope="col">webhook-id</th>
              <th scope="col">Request</th>
              <th scope="col">Answer</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody></tbody>
        </table>
      </section>
    </main>
  </body>
</html>
`

// Colours are text-on-background pairs of at least 7:1, and every verdict also has its words
// and a symbol, so nothing depends on telling colours apart.
export const PAGE_CSS = `
:root { color-scheme: light; font-family: system-ui, sans-serif; color: #1b1b1b; background: #fff; }
body { margin: 0 auto; max-width: 80rem; padding: 1rem 1.5rem 3rem; line-height: 1.45; }
h1 { font-size: 1.6rem; margin: 0.5rem 0; }
h2 { font-size: 1.2rem; margin: 1.5rem 0 0.5rem; }
h3 { font-size: 1rem; margin: 1rem 0 0.25rem; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.9rem; }
.counts { display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; margin: 0; }
.counts div { border: 1px solid #6b6b6b; border-radius: 0.4rem; padding: 0.3rem 0.8rem; }
.counts dt { font-size: 0.85rem; }
.counts dd { margin: 0; font-size: 1.3rem; font-weight: 700; }
table { border-collapse: collapse; width: 100%; }
caption { text-align: left; padding: 0.25rem 0 0.5rem; }
th, td { text-align: left; vertical-align: top; padding: 0.4rem 0.5rem; border-bottom: 1px solid #8a8a8a; }
thead th { background: #f0f0f0; }
td.id { word-break: break-all; }
.verdict { display: inline-block; padding: 0.05rem 0.45rem; border-radius: 0.3rem; font-weight: 600; border: 1px solid currentColor; }
.verdict.ok { color: #0b5a1c; background: #e5f4e8; }
.verdict.bad { color: #8a0f0f; background: #fdeaea; }
.verdict.warn { color: #5c3d00; background: #fff3d1; }
.dup { display: inline-block; margin-top: 0.2rem; font-weight: 600; color: #4a2b7a; }
button { font: inherit; color: #fff; background: #0b4fb3; border: 1px solid #083b87; border-radius: 0.3rem; padding: 0.2rem 0.6rem; cursor: pointer; }
button:hover { background: #083b87; }
button:focus-visible { outline: 3px solid #1b1b1b; outline-offset: 2px; }
tr.detail > td { background: #f7f7f7; }
.detail dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; margin: 0; }
.detail dt { font-weight: 600; }
.detail dd { margin: 0; overflow-wrap: anywhere; }
.detail pre { background: #fff; border: 1px solid #8a8a8a; padding: 0.5rem; overflow: auto; max-height: 30rem; white-space: pre-wrap; overflow-wrap: anywhere; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`
