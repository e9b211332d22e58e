/**
 * 0011: each station's block of ids at a supervisor (bundles/blocks.ts).
 *
 * A station's rows at the supervisor keep, from one bundle to the next, the ids they have at the
 * station plus the base of the station's block (block × 2^32), so that a station's next `full`
 * bundle finds the rows it has already: those that did not change are not written again, only
 * the ids it no longer has are deleted. The blocks are numbered from 1 in the order stations
 * first send a bundle after this migration; ids below 2^32 stay the supervisor's own and those of
 * snapshots imported before it, which their station's next bundle replaces.
 */
export default /* sql */ `
CREATE TABLE station_id_blocks (
  station_code TEXT PRIMARY KEY,
  block        INTEGER NOT NULL UNIQUE CHECK (block BETWEEN 1 AND 2097151)
) STRICT;
`;
