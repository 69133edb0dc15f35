/**
 * The page's script, served as its own file because the page's CSP allows no inline script.
 * Plain browser JavaScript kept as text (it never runs in Node): it loads the records, then
 * follows the receiver's event stream and fetches whatever it missed after a reconnect. It
 * builds every element with textContent, so nothing a sender puts in a request becomes markup.
 * No template literals here: the whole script sits inside one.
 */
export const PAGE_SCRIPT = String.raw`'use strict'
;(function () {
  var PREFIX = '/_receiver/'
  var VERDICT_STYLE = { verified: 'ok', 'no-secret': 'warn' }
  var VERDICT_SYMBOL = { verified: '\u2713', 'no-secret': '?' }
  var tbody = document.querySelector('#deliveries tbody')
  var live = document.getElementById('live')
  var rows = new Map()
  var lastSeq = 0
  var maxRows = 1000

  function el(tag, text, className) {
    var node = document.createElement(tag)
    if (text !== undefined && text !== null) node.textContent = String(text)
    if (className) node.className = className
    return node
  }

  function describeSecret(match) {
    return match ? 'secret #' + (match.index + 1) + ' (\u2026' + match.hint + ')' : 'none'
  }

  function answerText(record) {
    var text = String(record.answeredStatus)
    if (record.delayMs > 0) text += ' after ' + record.delayMs + ' ms'
    if (record.retryAfterSeconds !== null) text += ', Retry-After ' + record.retryAfterSeconds + ' s'
    return text
  }

  function prettyBody(body) {
    if (body === '') return '(empty body)'
    try {
      return JSON.stringify(JSON.parse(body), null, 2)
    } catch (error) {
      return body
    }
  }

  function verdictBadge(record) {
    var badge = el('span', null, 'verdict ' + (VERDICT_STYLE[record.verdict] || 'bad'))
    var symbol = el('span', (VERDICT_SYMBOL[record.verdict] || '\u2717') + ' ')
    symbol.setAttribute('aria-hidden', 'true')
    badge.append(symbol, record.verdictLabel)
    return badge
  }

  function detailList(record) {
    var list = el('dl')
    var items = [
      ['Verdict', record.verdictLabel + ': ' + record.detail],
      ['Request', record.method + ' ' + record.path + ' (' + record.bodyBytes + ' bytes)'],
      ['Received', new Date(record.receivedAt).toISOString()],
      ['webhook-signature', describeSecret(record.standardSecret)],
      ['X-Webhook-Signature', describeSecret(record.hexSecret)],
      [
        'Timestamp offset',
        record.timestampSkewSeconds === null ? 'no webhook-timestamp' : record.timestampSkewSeconds + ' s'
      ],
      ['Webhook', record.webhookExternalId || 'not named in the body'],
      ['Times this webhook-id arrived', record.webhookId ? String(record.timesSeen) : 'no webhook-id'],
      ['Answer', answerText(record) + (record.rule ? ' (rule ' + record.rule + ')' : ' (default)')]
    ]
    items.forEach(function (item) {
      list.append(el('dt', item[0]), el('dd', item[1]))
    })
    return list
  }

  function detailRow(record, id) {
    var row = el('tr', null, 'detail')
    row.id = id
    row.hidden = true
    var cell = el('td')
    cell.colSpan = 8
    var headers = Object.keys(record.headers)
      .map(function (name) {
        return name + ': ' + record.headers[name]
      })
      .join('\n')
    cell.append(
      el('h3', 'Request ' + record.seq),
      detailList(record),
      el('h3', 'Headers'),
      el('pre', headers),
      el('h3', 'Body'),
      el('pre', prettyBody(record.body))
    )
    row.append(cell)
    return row
  }

  function mainRow(record, detailId) {
    var row = el('tr', null, 'delivery')
    row.dataset.seq = String(record.seq)
    var received = el('time', new Date(record.receivedAt).toLocaleTimeString())
    received.dateTime = new Date(record.receivedAt).toISOString()
    var receivedCell = el('td')
    receivedCell.append(received)
    var verdictCell = el('td', null, 'verdict-cell')
    verdictCell.append(verdictBadge(record))
    var idCell = el('td', null, 'id')
    idCell.append(el('code', record.webhookId || '\u2014'))
    if (record.duplicate) {
      idCell.append(el('br'), el('span', 'Duplicate, arrival ' + record.timesSeen, 'dup'))
    }
    var button = el('button', 'Details')
    button.type = 'button'
    button.setAttribute('aria-expanded', 'false')
    button.setAttribute('aria-controls', detailId)
    button.append(el('span', ' of request ' + record.seq, 'visually-hidden'))
    button.addEventListener('click', function () {
      var detail = document.getElementById(detailId)
      var open = button.getAttribute('aria-expanded') !== 'true'
      button.setAttribute('aria-expanded', String(open))
      detail.hidden = !open
    })
    var buttonCell = el('td')
    buttonCell.append(button)
    row.append(
      el('td', record.seq),
      receivedCell,
      verdictCell,
      el('td', record.event || '\u2014'),
      idCell,
      el('td', record.method + ' ' + record.path),
      el('td', answerText(record)),
      buttonCell
    )
    return row
  }

  // Newest first, whatever order the stream and a catch-up fetch deliver them in.
  function addRecord(record) {
    if (rows.has(record.seq)) return
    var detailId = 'request-' + record.seq + '-detail'
    var row = mainRow(record, detailId)
    var detail = detailRow(record, detailId)
    var before = null
    rows.forEach(function (entry, seq) {
      if (seq < record.seq && (before === null || seq > before.seq)) before = { seq: seq, row: entry[0] }
    })
    tbody.insertBefore(row, before ? before.row : null)
    tbody.insertBefore(detail, row.nextSibling)
    rows.set(record.seq, [row, detail])
    lastSeq = Math.max(lastSeq, record.seq)
    while (rows.size > maxRows) {
      var oldest = Math.min.apply(null, Array.from(rows.keys()))
      rows.get(oldest).forEach(function (node) {
        node.remove()
      })
      rows.delete(oldest)
    }
    document.getElementById('empty').hidden = rows.size > 0
  }

  function showCounts(counts) {
    var list = document.getElementById('counts')
    list.replaceChildren()
    ;[
      ['Received', counts.total],
      ['Verified', counts.verified],
      ['Failed checks', counts.failed],
      ['Unverified (no secret)', counts.unverified],
      ['Duplicates', counts.duplicates]
    ].forEach(function (pair) {
      var group = el('div')
      group.append(el('dt', pair[0]), el('dd', pair[1]))
      list.append(group)
    })
  }

  function showSetup(receiver) {
    var setup = document.getElementById('setup')
    setup.replaceChildren(
      'Point webhooks at ',
      el('code', receiver.url + '/hook'),
      ' (any path outside ' + PREFIX + '). ',
      receiver.secrets.length === 0
        ? 'No secret configured: requests are recorded unverified. '
        : 'Verifying with ' +
            receiver.secrets.length +
            ' secret(s) ending ' +
            receiver.secrets
              .map(function (secret) {
                return '\u2026' + secret.hint
              })
              .join(', ') +
            '; timestamp tolerance ' +
            receiver.toleranceSeconds +
            ' s. '
    )
    maxRows = receiver.maxRecords
  }

  function catchUp() {
    return fetch(PREFIX + 'records?after=' + lastSeq, { cache: 'no-store' })
      .then(function (response) {
        if (!response.ok) throw new Error('HTTP ' + response.status)
        return response.json()
      })
      .then(function (data) {
        showSetup(data.receiver)
        showCounts(data.counts)
        data.records.forEach(addRecord)
      })
  }

  var stream = new EventSource(PREFIX + 'events')
  stream.addEventListener('open', function () {
    live.textContent = 'Live: new requests appear as they arrive.'
    catchUp().catch(function (error) {
      live.textContent = 'Could not load the records: ' + error.message
    })
  })
  stream.addEventListener('error', function () {
    live.textContent = 'Live updates interrupted; reconnecting\u2026'
  })
  stream.addEventListener('delivery', function (message) {
    var data = JSON.parse(message.data)
    addRecord(data.record)
    showCounts(data.counts)
    live.textContent =
      'Request ' + data.record.seq + ' arrived: ' + data.record.verdictLabel + (data.record.event ? ', ' + data.record.event : '') + '.'
  })
})()
`
