package io.tocsin.backup.restore;

/**
 * One check of a restore test (seed 000 section 9) with what was expected, what was found and the verdict.
 *
 * @param name     {@code backup_age}, {@code restore}, {@code restore_duration}, {@code tables_present},
 *                 {@code row_counts}, {@code checksum:<table>}, {@code extensions}, {@code index_count},
 *                 {@code enum_type_count}, or {@code verification} when the run itself failed
 * @param expected e.g. {@code <= 26h}
 * @param actual   e.g. {@code 30.5h}
 */
public record Check(String name, String expected, String actual, boolean passed) {
}
