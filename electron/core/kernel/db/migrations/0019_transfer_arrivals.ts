/**
 * 0019: the files that arrived by transfer, found without reading every measure event.
 *
 * A station's period figures count its own work only (kernel/counted.ts recordsMadeHere): each
 * report statement asks which files arrived by transfer, and when. Without an index that read all
 * of measure_events (150,000 rows at 30,000 persons) once per statement; this partial index holds
 * the few `transfer_in` events alone.
 */
export default /* sql */ `
CREATE INDEX measure_events_transfer_in ON measure_events (measure_id, created_at) WHERE action = 'transfer_in';
`;
