const stub = new URL('./electron.mjs', import.meta.url).href

/** Node module-resolution hook: `electron` is the stub; everything else resolves as usual. */
export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'electron') return { url: stub, shortCircuit: true }
  return nextResolve(specifier, context)
}
