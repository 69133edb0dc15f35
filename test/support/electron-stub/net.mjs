// Electron's `net` module (ClientRequest, IncomingMessage) on real node:http/https, so that code
// written for Electron — electron-updater's ElectronHttpExecutor — really talks to a local server.
// It keeps Electron's contract where callers can tell: the argument checks and their errors, the
// redirect modes, Chromium's `net::ERR_*` error messages (no Node `code`), 'abort' not 'aborted'.
import { EventEmitter } from 'node:events'
import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { Readable } from 'node:stream'

/** What Chromium says where Node says ECONNREFUSED and friends. */
const chromiumErrors = {
  ECONNREFUSED: 'net::ERR_CONNECTION_REFUSED',
  ECONNRESET: 'net::ERR_CONNECTION_RESET',
  ENOTFOUND: 'net::ERR_NAME_NOT_RESOLVED',
  EAI_AGAIN: 'net::ERR_NAME_NOT_RESOLVED',
  ETIMEDOUT: 'net::ERR_CONNECTION_TIMED_OUT',
  EHOSTUNREACH: 'net::ERR_ADDRESS_UNREACHABLE',
  ENETUNREACH: 'net::ERR_INTERNET_DISCONNECTED'
}
const chromiumError = (error) => new Error(chromiumErrors[error.code] ?? 'net::ERR_FAILED')

/** A session object as `session.fromPartition` hands out; `net.request` accepts only these. */
export class Session extends EventEmitter {
  constructor(partition) {
    super()
    this.partition = partition
  }
}
const partitions = new Map()
/** `session.fromPartition(partition, options)`: one Session per partition name, as Electron. */
export function fromPartition(partition, options = {}) {
  if (typeof partition !== 'string')
    throw new TypeError('stub electron: session.fromPartition(partition: string)')
  if (options === null || typeof options !== 'object')
    throw new TypeError('stub electron: session.fromPartition options must be an object')
  if (!partitions.has(partition)) partitions.set(partition, new Session(partition))
  return partitions.get(partition)
}

/** Electron's parseOptions (lib/common/api/net-client-request.ts), the parts that throw. */
function parseOptions(options) {
  if (typeof options === 'string') options = { url: options }
  if (options === null || typeof options !== 'object')
    throw new TypeError(
      'stub electron: net.request(options: string | ClientRequestConstructorOptions)'
    )
  const method = (options.method ?? 'GET').toUpperCase()
  let url = options.url
  if (url === undefined) {
    const protocol = options.protocol ?? 'http:'
    if (protocol !== 'http:' && protocol !== 'https:')
      throw new Error(`Protocol "${protocol}" not supported`)
    if (options.path && / /.test(options.path))
      throw new TypeError('Request path contains unescaped characters')
    const host =
      options.host ?? `${options.hostname ?? 'localhost'}${options.port ? `:${options.port}` : ''}`
    url = new URL(options.path ?? '/', `${protocol}//${host}`).href
  } else if (typeof url !== 'string') throw new TypeError('stub electron: url must be a string')
  const parsed = new URL(url)
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new Error(`Protocol "${parsed.protocol}" not supported`)
  const redirect = options.redirect ?? 'follow'
  if (!['follow', 'error', 'manual'].includes(redirect))
    throw new Error('redirect mode should be one of follow, error or manual')
  if (options.headers != null && typeof options.headers !== 'object')
    throw new TypeError('headers must be an object')
  if (options.session !== undefined && !(options.session instanceof Session))
    throw new TypeError('`session` should be an instance of the Session class')
  if (options.partition !== undefined && typeof options.partition !== 'string')
    throw new TypeError('`partition` should be a string')
  const headers = {}
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    // Chromium refuses to let a caller set the Host header (net::ERR_INVALID_ARGUMENT).
    if (name.toLowerCase() === 'host') throw new Error('net::ERR_INVALID_ARGUMENT')
    headers[name] = String(value)
  }
  return { method, url: parsed, redirect, headers }
}

/** The response: a Readable with Electron's statusCode, statusMessage and lower-cased headers. */
class IncomingMessage extends Readable {
  constructor(response) {
    super()
    this.response = response
    this.statusCode = response.statusCode
    this.statusMessage = response.statusMessage
    this.headers = response.headers
    this.rawHeaders = response.rawHeaders
    response.on('data', (chunk) => {
      if (!this.push(chunk)) response.pause()
    })
    response.on('end', () => this.push(null))
    response.on('aborted', () => {
      this.emit('aborted')
      this.destroy(new Error('net::ERR_CONNECTION_RESET'))
    })
  }
  _read() {
    this.response.resume()
  }
}

/** The request: write/end, abort, followRedirect; events response, redirect, error, abort, close. */
class ClientRequest extends EventEmitter {
  constructor(options) {
    super()
    const { method, url, redirect, headers } = parseOptions(options)
    this.method = method
    this.url = url
    this.redirectMode = redirect
    this.headers = headers
    this.body = []
    this.redirects = 0
    this.aborted = false
    this.pendingRedirect = null
  }
  setHeader(name, value) {
    if (typeof name !== 'string')
      throw new TypeError('`name` should be a string in setHeader(name, value)')
    if (value === undefined) throw new Error('`value` required in setHeader("' + name + '", value)')
    this.headers[name] = String(value)
  }
  getHeader(name) {
    const found = Object.keys(this.headers).find((key) => key.toLowerCase() === name.toLowerCase())
    return found === undefined ? undefined : this.headers[found]
  }
  write(chunk) {
    if (typeof chunk !== 'string' && !Buffer.isBuffer(chunk))
      throw new TypeError('First argument must be a string or Buffer')
    this.body.push(Buffer.from(chunk))
    return true
  }
  end(chunk, ...rest) {
    if (typeof chunk === 'function') rest.unshift(chunk)
    else if (chunk != null) this.write(chunk)
    this.send(this.url)
    const callback = rest.find((item) => typeof item === 'function')
    if (callback) this.once('finish', callback)
    return this
  }
  abort() {
    if (this.aborted) return
    this.aborted = true
    this.current?.destroy()
    this.emit('abort')
    this.emit('close')
  }
  followRedirect() {
    if (!this.pendingRedirect)
      throw new Error('followRedirect() called, but was not waiting for a redirect')
    const next = this.pendingRedirect
    this.pendingRedirect = null
    this.send(next)
  }
  send(url) {
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest
    const body = Buffer.concat(this.body)
    const current = request(url, { method: this.method, headers: this.headers }, (response) => {
      if (this.aborted) return response.resume()
      const location = response.headers.location
      if (response.statusCode >= 300 && response.statusCode < 400 && location) {
        response.resume()
        const next = new URL(location, url)
        if (this.redirectMode === 'error' || ++this.redirects > 20) {
          this.emit('error', new Error('net::ERR_TOO_MANY_REDIRECTS'))
          return this.emit('close')
        }
        if (this.redirectMode === 'follow') return this.send(next)
        this.pendingRedirect = next
        return this.emit('redirect', response.statusCode, this.method, next.href, response.headers)
      }
      const message = new IncomingMessage(response)
      message.on('end', () => this.emit('close'))
      this.emit('response', message)
    })
    this.current = current
    current.on('error', (error) => {
      if (this.aborted) return
      this.emit('error', chromiumError(error))
      this.emit('close')
    })
    current.end(body.length > 0 ? body : undefined, () => this.emit('finish'))
  }
}

export const net = {
  request: (options) => new ClientRequest(options),
  isOnline: () => true,
  get online() {
    return true
  }
}
