package io.tocsin.incident.timeline;

/**
 * The result of re-computing an incident's hash chain from its stored entries.
 *
 * @param valid          whether every entry's hash and previous hash match
 * @param entries        how many entries were checked
 * @param brokenSequence the first entry that does not match, or {@code null}
 * @param reason         what does not match, or {@code null}
 * @param headHash       hash of the last entry (what an auditor pins), or {@code null} when empty
 * @param expected       at the broken link: the value the chain requires (sequence, previous hash or recomputed hash)
 * @param actual         at the broken link: the value stored
 */
public record ChainVerification(boolean valid, int entries, Integer brokenSequence, String reason, String headHash,
                                String expected, String actual) {
}
