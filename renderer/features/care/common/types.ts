/** What every care panel takes: the person, a change notice, and a token to reload on. */
export interface CarePanelProps {
  personId: number;
  /** Called after the panel changed something (the person's header, list badges, alerts may need to reload). */
  onChanged?: () => void;
  /** Bumped by the host when something elsewhere changed; the panel reloads. */
  version?: number;
}
