import type { StationInfo, StationSettings } from '../../../shared/domain/types';
import type { Db } from './db/database';

export const DEFAULT_SETTINGS: StationSettings = { idleLockMinutes: 5 };

export function getSettings(db: Db): StationSettings {
  const rows = db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
  const stored = Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
  return {
    idleLockMinutes: typeof stored.idleLockMinutes === 'number' ? stored.idleLockMinutes : DEFAULT_SETTINGS.idleLockMinutes,
  };
}

export function saveSettings(db: Db, settings: StationSettings): void {
  const upsert = db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
  for (const [key, value] of Object.entries(settings)) upsert.run(key, JSON.stringify(value));
}

export function getStation(db: Db): StationInfo {
  const row = db.prepare('SELECT code, name, mode FROM station WHERE id = 1').get() as StationInfo | undefined;
  if (!row) throw new Error('station row missing');
  return row;
}
