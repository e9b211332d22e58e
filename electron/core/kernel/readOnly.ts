import { contract, coreChannelNames, type CoreChannelName } from '../../../shared/ipc/contract';

/**
 * Channels that change person files, derived from the contract (`effect: 'person'`). A
 * supervisor's database holds the stations' snapshots, which only a new bundle may change:
 * these are refused there (the views stay read-only). A new channel declares its effect in the
 * contract and is covered here without a list to keep.
 */
export const PERSON_DATA_WRITES: ReadonlySet<CoreChannelName> = new Set(coreChannelNames.filter((name) => contract[name].effect === 'person'));
