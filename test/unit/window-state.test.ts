import { describe, expect, it } from 'vitest'
import { DEFAULT_BOUNDS, restoreBounds } from '../../src/main/desktop/window-state'

const laptop = [{ x: 0, y: 0, width: 1440, height: 900 }]

describe('restoreBounds', () => {
  it('reopens where and as big as the window was', () => {
    const saved = JSON.stringify({ x: 100, y: 60, width: 1100, height: 720 })
    expect(restoreBounds(saved, laptop)).toEqual({ x: 100, y: 60, width: 1100, height: 720 })
  })

  it('uses the default size on a first start or corrupt data', () => {
    for (const saved of [null, '', '{', '[]', '"x"', '{"width":"big","height":1}', 'null'])
      expect(restoreBounds(saved, laptop), String(saved)).toEqual(DEFAULT_BOUNDS)
  })

  it('never opens smaller than usable', () => {
    expect(restoreBounds('{"width":10,"height":10}', laptop)).toEqual({ width: 800, height: 560 })
  })

  it('drops a position on a screen that is no longer attached, keeping the size', () => {
    const onRemovedMonitor = JSON.stringify({ x: 2500, y: 100, width: 1000, height: 700 })
    expect(restoreBounds(onRemovedMonitor, laptop)).toEqual({ width: 1000, height: 700 })
    const secondScreen = [...laptop, { x: 1440, y: 0, width: 1920, height: 1080 }]
    expect(restoreBounds(onRemovedMonitor, secondScreen)).toMatchObject({ x: 2500, y: 100 })
    expect(
      restoreBounds(JSON.stringify({ x: 10, y: -400, width: 900, height: 600 }), laptop)
    ).toEqual({ width: 900, height: 600 })
  })
})
