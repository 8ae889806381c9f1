/** backup-verifier: proves every night that the newest PostgreSQL backup really restores. */
package io.tocsin.backup;
