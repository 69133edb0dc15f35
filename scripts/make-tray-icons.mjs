// Draws the tray icons in resources/tray (one per delivery state) as 32×32 PNGs: the app's
// round mark with a dot in the state's colour. Run again after changing a colour; the PNGs are
// committed, so a build never needs this script.
import { writeFileSync } from 'node:fs'
import { deflateSync } from 'node:zlib'

const SIZE = 32
const SAMPLES = 4
const STATES = {
  healthy: [22, 163, 74],
  held: [217, 119, 6],
  failing: [220, 38, 38],
  paused: [107, 114, 128]
}
const MARK = [30, 41, 59]

function crc32(bytes) {
  let crc = ~0
  for (const byte of bytes) {
    crc ^= byte
    for (let bit = 0; bit < 8; bit++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1))
  }
  return ~crc >>> 0
}

function chunk(type, data) {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

function png(pixels) {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(SIZE, 0)
  header.writeUInt32BE(SIZE, 4)
  header.set([8, 6, 0, 0, 0], 8) // 8-bit RGBA
  const rows = []
  for (let y = 0; y < SIZE; y++)
    rows.push(Buffer.from([0]), pixels.subarray(y * SIZE * 4, (y + 1) * SIZE * 4))
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0))
  ])
}

/** Coverage of one pixel by a disc, by supersampling. */
function coverage(x, y, cx, cy, r) {
  let inside = 0
  for (let sy = 0; sy < SAMPLES; sy++)
    for (let sx = 0; sx < SAMPLES; sx++) {
      const px = x + (sx + 0.5) / SAMPLES
      const py = y + (sy + 0.5) / SAMPLES
      if ((px - cx) ** 2 + (py - cy) ** 2 <= r * r) inside++
    }
  return inside / SAMPLES ** 2
}

function draw(dot) {
  const pixels = Buffer.alloc(SIZE * SIZE * 4)
  for (let y = 0; y < SIZE; y++)
    for (let x = 0; x < SIZE; x++) {
      // Layers, bottom up: the mark, a transparent ring cut around the dot, the dot.
      const mark = coverage(x, y, 14, 14, 12) - coverage(x, y, 14, 14, 6)
      const cut = coverage(x, y, 24, 24, 8.5)
      const spot = coverage(x, y, 24, 24, 6.5)
      const markAlpha = Math.max(0, mark) * (1 - cut)
      const alpha = spot + markAlpha * (1 - spot)
      const colour = [0, 1, 2].map((i) =>
        alpha === 0 ? 0 : (dot[i] * spot + MARK[i] * markAlpha * (1 - spot)) / alpha
      )
      pixels.set([...colour.map(Math.round), Math.round(alpha * 255)], (y * SIZE + x) * 4)
    }
  return png(pixels)
}

for (const [state, colour] of Object.entries(STATES))
  writeFileSync(new URL(`../resources/tray/${state}.png`, import.meta.url), draw(colour))
