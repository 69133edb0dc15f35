// A receiver in its own process, so the sender being measured has a core to itself: answers
// 200 at once, counts requests and, when asked, keeps what it got so a bare client can replay
// exactly those bodies. Driven over the IPC channel by bench/support/receiver-process.ts.
import { writeFileSync } from 'node:fs'
import { createServer } from 'node:http'

let count = 0
let recording = false
const recorded = []
const waiters = []

const server = createServer((req, res) => {
  const chunks = []
  req.on('data', (chunk) => chunks.push(chunk))
  req.on('end', () => {
    count += 1
    if (recording) recorded.push({ headers: req.headers, body: Buffer.concat(chunks).toString() })
    res.end('ok')
    for (let i = waiters.length - 1; i >= 0; i--)
      if (count >= waiters[i]) {
        process.send({ type: 'reached', count: waiters[i] })
        waiters.splice(i, 1)
      }
  })
})
server.keepAliveTimeout = 60_000

process.on('message', (message) => {
  if (message.type === 'reset') {
    count = 0
    recorded.length = 0
    recording = Boolean(message.record)
    process.send({ type: 'reset' })
  } else if (message.type === 'wait') {
    if (count >= message.count) process.send({ type: 'reached', count: message.count })
    else waiters.push(message.count)
  } else if (message.type === 'count') {
    process.send({ type: 'count', count })
  } else if (message.type === 'dump') {
    writeFileSync(message.file, JSON.stringify(recorded))
    process.send({ type: 'dumped', count: recorded.length })
  }
})
process.on('disconnect', () => process.exit(0))

server.listen(0, '127.0.0.1', () => process.send({ type: 'ready', port: server.address().port }))
