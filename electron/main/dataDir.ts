import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const configSchema = z.object({ dataDir: z.string().min(1).max(500) }).strict();

/**
 * The data folder an IT worker set in `haven.json` beside the user's settings
 * (`{ "dataDir": "D:\\\\HavenData" }`): an absolute path, or none. A file that is missing, not
 * JSON or not of this shape is ignored with a line on stderr — the default folder is used, never a
 * guess.
 */
export function configuredDataDir(configFile: string): string | null {
  let text: string;
  try {
    text = readFileSync(configFile, 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed = configSchema.safeParse(JSON.parse(text));
    if (parsed.success && path.isAbsolute(parsed.data.dataDir)) return parsed.data.dataDir;
  } catch {
    // falls through to the message below
  }
  process.stderr.write(`[haven] ${configFile}: expected {"dataDir": "<absolute path>"}; using the default data folder\n`);
  return null;
}
