/**
 * 0016: a withdrawn leave keeps its own when, who and why.
 *
 * Withdrawing (撤销) a leave wrote its reason over the decision's note and kept no date: an approved
 * leave withdrawn later lost the approval's note, and the file could not say when it was withdrawn.
 * The withdrawal now has columns of its own. Rows withdrawn before this migration keep their reason
 * where it was (decision_note) with cancelled_on NULL; listLeaves reads them that way, and so reads
 * a leave of this kind arriving in a bundle from a station not yet updated (which carries no
 * cancelled_on). What the overwritten approval notes said is not recoverable here.
 */
export default /* sql */ `
ALTER TABLE leaves ADD COLUMN cancelled_on TEXT;
ALTER TABLE leaves ADD COLUMN cancelled_by TEXT;
ALTER TABLE leaves ADD COLUMN cancel_reason TEXT NOT NULL DEFAULT '';
`;
