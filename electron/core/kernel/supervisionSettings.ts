import { DEFAULT_SUPERVISION_SETTINGS, type SupervisionSettings } from '../../../shared/domain/supervision';
import { supervisionSettingsSchema } from '../../../shared/schemas/supervision';
import type { Db } from './db/database';

const KEY = 'supervision';

/** The station's plan; anything stored that no longer parses falls back to the defaults. */
export function getSupervisionSettings(db: Db): SupervisionSettings {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(KEY) as { value: string } | undefined;
  if (!row) return DEFAULT_SUPERVISION_SETTINGS;
  const parsed = supervisionSettingsSchema.safeParse(JSON.parse(row.value));
  return parsed.success ? parsed.data : DEFAULT_SUPERVISION_SETTINGS;
}

export function saveSupervisionSettings(db: Db, settings: SupervisionSettings): void {
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(KEY, JSON.stringify(settings));
}
