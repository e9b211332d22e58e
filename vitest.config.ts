import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
    // Key derivation at OWASP cost is deliberately slow.
    testTimeout: 30_000,
    pool: 'forks',
  },
});
