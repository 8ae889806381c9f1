package io.tocsin.backup.triggers;

import io.tocsin.backup.verification.Verifications;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Starts verifications for every trigger: registers one as RUNNING (refused while one runs) and runs it on its own
 * virtual thread, so a trigger answers at once.
 */
@Component
class VerificationLauncher {

    private final Verifications verifications;

    VerificationLauncher(Verifications verifications) {
        this.verifications = verifications;
    }

    /**
     * Begins and launches a verification.
     *
     * @param trigger {@code schedule}, {@code api:<who>} or {@code kafka:<requestedBy>}
     * @return its id
     * @throws Verifications.AlreadyRunning while another runs for the database
     */
    UUID start(String trigger) {
        return launch(verifications.begin(trigger));
    }

    /** Runs a committed RUNNING verification on its own virtual thread. */
    UUID launch(UUID id) {
        Thread.ofVirtual().name("backup-verification-" + id).start(() -> verifications.run(id));
        return id;
    }
}
