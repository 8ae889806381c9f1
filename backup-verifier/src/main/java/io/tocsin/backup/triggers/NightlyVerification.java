package io.tocsin.backup.triggers;

import io.tocsin.backup.verification.Verifications;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The schedule ({@code tocsin.backup.schedule}, cron in UTC, default 04:00 daily; seed 000 section 9: a restore test
 * every night). Owner: a second instance's run at the same time is refused by the one-RUNNING-per-database index.
 */
@Component
class NightlyVerification {

    private static final Logger log = LoggerFactory.getLogger(NightlyVerification.class);
    private final VerificationLauncher launcher;

    NightlyVerification(VerificationLauncher launcher) {
        this.launcher = launcher;
    }

    @Scheduled(cron = "${tocsin.backup.schedule:0 0 4 * * *}", zone = "UTC")
    void nightly() {
        try {
            launcher.start("schedule");
        } catch (Verifications.AlreadyRunning e) {
            log.info("backup.schedule_skipped reason=\"{}\"", e.getMessage());
        }
    }
}
