package io.tocsin.backup;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;

/** Structure of backup-verifier (style.md, 1, 3, 11). */
@AnalyzeClasses(packages = "io.tocsin.backup", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule restoreKnowsNoWireNoKafkaNoHttp = noClasses()
            .that().resideInAPackage("io.tocsin.backup.restore..")
            .should().dependOnClassesThat().resideInAnyPackage("io.tocsin.contracts.messages..", "org.apache.kafka..",
                    "org.springframework.kafka..", "org.springframework.cloud.stream..", "org.springframework.web..",
                    "jakarta.servlet..", "org.springframework.jdbc..")
            .because("a restore test finds, restores and compares with plain JDBC and the PostgreSQL tools; "
                    + "verification maps its checks to the wire and triggers or messaging talk to Kafka and HTTP");

    @ArchTest
    static final ArchRule onlyTriggersAndMessagingTalkToKafka = noClasses()
            .that().resideOutsideOfPackages("io.tocsin.backup.triggers..", "io.tocsin.backup.messaging..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework.cloud.stream..", "org.apache.kafka..",
                    "org.springframework.messaging..")
            .because("a command arrives in triggers (VerifyBackupConsumer) and outcomes leave through the outbox "
                    + "(messaging.VerificationPublisher) after commit");

    @ArchTest
    static final ArchRule triggersStartThroughTheLauncher = noClasses()
            .that().resideInAPackage("io.tocsin.backup.triggers..")
            .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "io.tocsin.backup.restore..")
            .because("a trigger starts a verification through VerificationLauncher; the run itself is Verifications'");

    @ArchTest
    static final ArchRule featuresFormNoCycles = SlicesRuleDefinition.slices()
            .matching("io.tocsin.backup.(*)..")
            .should().beFreeOfCycles()
            .because("triggers and messaging depend on verification, verification on restore, never back");
}
