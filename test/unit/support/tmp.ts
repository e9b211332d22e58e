import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { ScryptParams } from '../../../electron/core/kernel/crypto/crypto';

/** Cheap scrypt for tests that only need slots to work; the OWASP default has its own test. */
export const FAST_SCRYPT: ScryptParams = { N: 2 ** 10, r: 8, p: 1 };

const made: string[] = [];

/** A fresh directory removed after the test. */
export function tempDir(prefix = 'haven-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

afterEach(() => {
  while (made.length > 0) rmSync(made.pop() as string, { recursive: true, force: true });
});
