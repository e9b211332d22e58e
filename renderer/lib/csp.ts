import { setNonce } from 'get-nonce';
import { z } from 'zod';
import { styleNonce } from './styleNonce';

/**
 * Imported first by main.tsx, before any schema is built: the page's policy has no 'unsafe-eval'
 * and no 'unsafe-inline' (shared/ipc/csp.ts), so zod is told not to probe for eval (the probe
 * itself is a reported violation), and the modals' scroll lock (react-remove-scroll) puts this
 * page's nonce on its <style>.
 */
z.config({ jitless: true });
setNonce(styleNonce());
