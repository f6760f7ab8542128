import { defineConfig } from 'vitest/config'

/** The fuzz harness, on a database of its own (its writes must not meet other suites' counts). */
export default defineConfig({
  test: {
    root: '.',
    include: ['test/fuzz/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 600_000,
    hookTimeout: 180_000,
  },
})
