import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { tempDir } from './support/tmp';

// A USB stick without hard links: Windows answers EISDIR (or EPERM) to a link there.
const linkError = vi.hoisted(() => ({ code: 'EISDIR' }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  return {
    ...fs,
    linkSync: () => {
      throw Object.assign(new Error('link refused'), linkError);
    },
  };
});

const { publishExclusive } = await import('../../electron/core/kernel/publish');

describe('a finished file put in place on a disk without hard links', () => {
  it.each(['EISDIR', 'EPERM', 'ENOTSUP'])('(%s) is copied exclusively: made once, never over a file there', (code) => {
    linkError.code = code;
    const dir = tempDir('haven-publish-');
    const temporary = join(dir, 'x.tmp');
    writeFileSync(temporary, 'new');
    publishExclusive(temporary, join(dir, 'out.xlsx'));
    expect(readFileSync(join(dir, 'out.xlsx'), 'utf8')).toBe('new');
    writeFileSync(join(dir, 'kept.xlsx'), 'old');
    expect(() => publishExclusive(temporary, join(dir, 'kept.xlsx'))).toThrow(expect.objectContaining({ code: 'EEXIST' }));
    expect(readFileSync(join(dir, 'kept.xlsx'), 'utf8')).toBe('old');
    expect(existsSync(temporary)).toBe(true);
  });

  it('passes any other error of the link on, copying nothing', () => {
    linkError.code = 'EACCES';
    const dir = tempDir('haven-publish-');
    writeFileSync(join(dir, 'x.tmp'), 'new');
    expect(() => publishExclusive(join(dir, 'x.tmp'), join(dir, 'out.xlsx'))).toThrow(expect.objectContaining({ code: 'EACCES' }));
    expect(existsSync(join(dir, 'out.xlsx'))).toBe(false);
  });
});
