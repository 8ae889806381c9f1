package io.tocsin.incident.timeline;

/**
 * The result of re-computing an incident's hash chain from its stored entries.
 *
 * @param valid          whether every entry's hash and previous hash match
 * @param entries        how many entries were checked
 * @param brokenSequence the first entry that does not match, or {@code null}
 * @param reason         what does not match, or {@code null}
 * @param headHash       hash of the last entry, or {@code null} when empty or broken. A chain cannot show that
 *                       entries were cut from its end: auditors keep {@code headSequence} and {@code headHash} outside
 *                       Tocsin and pass them back later ({@code ?pinnedSequence=&pinnedHash=}) to prove the chain
 *                       still holds that entry
 * @param headSequence   sequence of the last entry, or {@code null} when empty or broken
 * @param expected       at the broken link: the value the chain requires (sequence, previous hash or recomputed hash)
 * @param actual         at the broken link: the value stored
 */
public record ChainVerification(boolean valid, int entries, Integer brokenSequence, String reason, String headHash,
                                Integer headSequence, String expected, String actual) {
}
