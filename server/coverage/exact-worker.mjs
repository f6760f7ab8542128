/**
 * Solves one mixed-integer program with HiGHS in a worker thread, so that a long exact
 * suggestion does not stop the server from answering everyone else meanwhile.
 * In: `{ lp, options }` (CPLEX LP text, HiGHS options). Out: the solution, or `{ error }`.
 * Plain JavaScript, so that the worker needs no TypeScript loader (tsx, vitest).
 */
import { parentPort, workerData } from 'node:worker_threads'
import highsLoader from 'highs'

const { lp, options } = workerData
try {
  const highs = await highsLoader()
  parentPort.postMessage({ solution: highs.solve(lp, options) })
} catch (error) {
  parentPort.postMessage({ error: String(error?.message ?? error) })
}
