import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
    // Key derivation at OWASP cost is deliberately slow.
    testTimeout: 60_000,
    pool: 'forks',
  },
});
