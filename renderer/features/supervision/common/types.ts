/** What every supervision panel takes: the person, a change notice, and a token to reload on. */
export interface SupervisionPanelProps {
  personId: number;
  /** Called after the panel changed something (alerts and other panels may need to reload). */
  onChanged?: () => void;
  /** Bumped by the host when something elsewhere changed; the panel reloads. */
  version?: number;
}
