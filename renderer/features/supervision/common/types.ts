/** What every supervision panel takes: the person, a change notice, and a token to reload on. */
export interface SupervisionPanelProps {
  personId: number;
  /** The person's name (dialog titles) and gender (the testing procedure asks more for a woman), when the host knows them. */
  person?: { name: string; gender: 'male' | 'female' };
  /** Called after the panel changed something (alerts and other panels may need to reload). */
  onChanged?: () => void;
  /** Bumped by the host when something elsewhere changed; the panel reloads. */
  version?: number;
}
