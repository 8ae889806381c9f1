package io.tocsin.incident;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Structure of incident-service (style.md, 11). */
@AnalyzeClasses(packages = "io.tocsin.incident", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule timelineInternalsStayInTimeline = noClasses()
            .that().resideOutsideOfPackage("io.tocsin.incident.timeline..")
            .should().dependOnClassesThat().resideInAPackage("io.tocsin.incident.timeline.internal..")
            .because("the hash chain is the timeline's own business; append and verify through Timeline");

    @ArchTest
    static final ArchRule incidentStoresStayInIncidents = noClasses()
            .that().resideOutsideOfPackage("io.tocsin.incident.incidents..")
            .and().resideOutsideOfPackage("io.tocsin.incident.api..")
            .should().dependOnClassesThat().resideInAPackage("io.tocsin.incident.incidents.internal..")
            .because("changes to incidents go through Incidents, which writes timeline and outbox in one transaction");

    @ArchTest
    static final ArchRule domainKnowsNoKafkaNoHttp = noClasses()
            .that().resideInAnyPackage("io.tocsin.incident.incidents..", "io.tocsin.incident.timeline..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "org.springframework.kafka..",
                    "org.springframework.cloud.stream..", "org.springframework.web..", "jakarta.servlet..")
            .because("Kafka lives in messaging and HTTP in api; the domain is called by both");

    @ArchTest
    static final ArchRule onlyMessagingSendsToKafka = noClasses()
            .that().resideOutsideOfPackage("io.tocsin.incident.messaging..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework.cloud.stream..", "org.apache.kafka..")
            .because("events leave through the outbox publisher after commit, never from inside a transaction");
}
