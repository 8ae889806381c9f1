package io.tocsin.incident;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;

/** Structure of incident-service (style.md, 1, 3, 11, 18). */
@AnalyzeClasses(packages = "io.tocsin.incident", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** Feature packages whose code is domain: no wire records, no JDBC, Kafka or servlet types. */
    private static final String[] DOMAIN = {"io.tocsin.incident.incident", "io.tocsin.incident.triage..",
            "io.tocsin.incident.escalation..", "io.tocsin.incident.heartbeat", "io.tocsin.incident.maintenance",
            "io.tocsin.incident.feeds..", "io.tocsin.incident.timeline"};

    @ArchTest
    static final ArchRule internalsArePackagePrivate = classes()
            .that().resideInAPackage("..internal..").and().areNotAnnotatedWith(Deprecated.class)
            .and().haveSimpleNameNotEndingWith("package-info")
            .should().notBePublic()
            .because("an internal package is its feature's implementation: reach it through the feature's public port "
                    + "(IncidentRepository, AlertRepository, MaintenanceWindowStore, HeartbeatStore, Timeline)");

    @ArchTest
    static final ArchRule internalsStayInTheirFeature = noClasses()
            .should().dependOnClassesThat().resideInAPackage("..internal..")
            .andShould().resideOutsideOfPackage("..internal..")
            .allowEmptyShould(true)
            .because("only a feature's own internal package knows its storage; depend on the port it implements");

    @ArchTest
    static final ArchRule domainUsesNoWireRecords = noClasses()
            .that().resideInAnyPackage(DOMAIN)
            .should().dependOnClassesThat().resideInAPackage("io.tocsin.contracts.messages..")
            .because("wire records are mapped to domain inputs (Alert, BackupVerdict, RemediationRecord) and from "
                    + "IncidentChange in messaging, the only place that knows both");

    @ArchTest
    static final ArchRule domainKnowsNoJdbcKafkaOrHttp = noClasses()
            .that().resideInAnyPackage(DOMAIN).and().resideOutsideOfPackage("..internal..")
            .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "org.springframework.jdbc..",
                    "org.apache.kafka..", "org.springframework.kafka..", "org.springframework.cloud.stream..",
                    "org.springframework.web..", "jakarta.servlet..")
            .because("storage lives in internal packages behind ports, Kafka in messaging and HTTP in api");

    @ArchTest
    static final ArchRule onlyMessagingSendsToKafka = noClasses()
            .that().resideOutsideOfPackage("io.tocsin.incident.messaging..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework.cloud.stream..", "org.apache.kafka..")
            .because("events leave through the outbox publisher after commit, never from inside a transaction");

    @ArchTest
    static final ArchRule featuresFormNoCycles = SlicesRuleDefinition.slices()
            .matching("io.tocsin.incident.(*)..")
            .should().beFreeOfCycles()
            .because("a feature depends on the features below it (incident, timeline) and never back; invert a "
                    + "dependency with a port such as ResolutionFollowUp or IncidentChangeSink");

    @ArchTest
    static final ArchRule incidentStateChangesOnlyInTheAggregate = noClasses()
            .that().resideOutsideOfPackage("io.tocsin.incident.incident.internal..")
            .should().callMethod(io.tocsin.incident.incident.Incident.class, "stored")
            .orShould().callMethod(io.tocsin.incident.incident.Incident.class, "rebuild",
                    io.tocsin.incident.incident.IncidentState.class)
            .because("an incident changes through its transitions and is stored by its repository (style.md, 18)");
}
