import { defineConfig } from 'vitest/config'

/** Browser and GIS-client tests: they start the real server as a separate process. */
export default defineConfig({
  test: {
    root: '.',
    include: ['test/e2e/**/*.e2e.test.ts'],
    testTimeout: 90_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
})
