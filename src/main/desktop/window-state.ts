/** Where and how big the window was, so the next start opens it the same way. */
export interface WindowBounds {
  x?: number
  y?: number
  width: number
  height: number
}

export interface WorkArea {
  x: number
  y: number
  width: number
  height: number
}

export const DEFAULT_BOUNDS: WindowBounds = { width: 1280, height: 840 }
const MIN_WIDTH = 800
const MIN_HEIGHT = 560

const isInt = (value: unknown): value is number => Number.isInteger(value)

/**
 * Reads saved bounds (JSON from the userData folder), distrusting everything: corrupt or missing
 * data gives the default size; a window that would open on a screen no longer attached is
 * re-centred (position dropped) rather than shown off-screen.
 */
export function restoreBounds(saved: string | null, screens: readonly WorkArea[]): WindowBounds {
  let parsed: unknown
  try {
    parsed = saved ? JSON.parse(saved) : null
  } catch {
    parsed = null
  }
  if (typeof parsed !== 'object' || parsed === null) return { ...DEFAULT_BOUNDS }
  const { x, y, width, height } = parsed as Record<string, unknown>
  if (!isInt(width) || !isInt(height)) return { ...DEFAULT_BOUNDS }
  const size = { width: Math.max(width, MIN_WIDTH), height: Math.max(height, MIN_HEIGHT) }
  if (!isInt(x) || !isInt(y)) return size
  // At least a 100 × 50 corner of the title bar must land on some screen.
  const visible = screens.some(
    (area) =>
      x + 100 > area.x &&
      x < area.x + area.width - 100 &&
      y >= area.y &&
      y < area.y + area.height - 50
  )
  return visible ? { x, y, ...size } : size
}
