package io.tocsin.ingest;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Structure of alert-ingest (style.md, 11). */
@AnalyzeClasses(packages = "io.tocsin.ingest", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule payloadParsingStaysFreeOfKafkaAndServlets = noClasses()
            .that().haveSimpleName("AlertmanagerPayloads")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "jakarta.servlet..",
                    "org.springframework.kafka..")
            .because("parsing is pure so it can be tested without a broker or a server; publish in AlertPublisher");

    @ArchTest
    static final ArchRule onlyThePublisherTalksToKafka = noClasses()
            .that().resideOutsideOfPackage("io.tocsin.ingest.publish..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "org.springframework.kafka..")
            .because("one place decides acks, timeouts and what counts as retryable; call AlertPublisher");
}
