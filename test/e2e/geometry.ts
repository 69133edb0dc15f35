import type { Locator, Page } from 'playwright-core'

/**
 * Layout checks by geometry, measured in the page: what a person would see as hidden, cut or
 * split. Each returns a list of readable findings, empty when the layout is right, so a failing
 * assertion names the cell or word at fault. (Beside the e2e tests, not in test/support: these
 * functions run in the page and need the DOM types only the e2e typecheck has.)
 */

/**
 * Cells whose content runs underneath the table's right-frozen column (the actions): no text or
 * element drawn in a cell may reach past the frozen cell's left edge. Text cut off by its own box
 * (an ellipsis, `overflow: hidden`) counts only as far as that box.
 */
export function underFrozenColumn(table: Locator): Promise<string[]> {
  return table.evaluate((root) => {
    /** How far right a node is drawn, clipped by every ancestor in the cell that clips. */
    function drawnRight(node: Node, cell: Element): number {
      const range = document.createRange()
      range.selectNodeContents(node)
      let right = range.getBoundingClientRect().right
      for (let up = node.parentElement; up && up !== cell.parentElement; up = up.parentElement)
        if (getComputedStyle(up).overflowX !== 'visible')
          right = Math.min(right, up.getBoundingClientRect().right)
      return right
    }
    const found: string[] = []
    for (const row of root.querySelectorAll('tbody tr')) {
      const frozen = row.querySelector('.p-datatable-frozen-column')
      if (!frozen) continue
      const edge = frozen.getBoundingClientRect().left
      for (const cell of row.querySelectorAll('td:not(.p-datatable-frozen-column)')) {
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT)
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          if (!node.textContent?.trim()) continue
          const right = drawnRight(node, cell)
          if (right > edge + 0.5)
            found.push(`"${node.textContent.trim()}" reaches ${right} past ${edge}`)
        }
      }
    }
    return found
  })
}

/**
 * Words drawn on more than one line: "Marketpl" / "ace". Hyphenated parts count as words of their
 * own, as a line may break after a hyphen.
 */
export function splitWords(elements: Locator): Promise<string[]> {
  return elements.evaluateAll((roots) => {
    const found: string[] = []
    for (const root of roots) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? ''
        for (const match of text.matchAll(/[^\s-]+/g)) {
          const range = document.createRange()
          range.setStart(node, match.index)
          range.setEnd(node, match.index + match[0].length)
          const tops = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)))
          if (tops.size > 1) found.push(`"${match[0]}" is split over ${tops.size} lines`)
        }
      }
    }
    return found
  })
}

/** Elements whose content is wider than their box (cut off, unless they end in an ellipsis). */
export function clipped(elements: Locator): Promise<string[]> {
  return elements.evaluateAll((nodes) =>
    nodes
      .filter((node) => node.scrollWidth > node.clientWidth + 1)
      .map((node) => `"${node.textContent?.trim()}": ${node.scrollWidth} > ${node.clientWidth}`)
  )
}

/** Whether the element is inside the window and is what a click at its centre would hit. */
export async function visibleAndOnTop(page: Page, element: Locator): Promise<string | null> {
  const box = await element.boundingBox()
  if (!box) return 'not rendered'
  const viewport = page.viewportSize()!
  if (box.y < 0 || box.y + box.height > viewport.height || box.x + box.width > viewport.width)
    return `at ${JSON.stringify(box)}, outside the ${viewport.width}×${viewport.height} window`
  const onTop = await element.evaluate((node) => {
    const rect = node.getBoundingClientRect()
    const hit = document.elementFromPoint(rect.x + rect.width / 2, rect.y + rect.height / 2)
    return !!hit && (hit === node || node.contains(hit))
  })
  return onTop ? null : 'covered by another element'
}
