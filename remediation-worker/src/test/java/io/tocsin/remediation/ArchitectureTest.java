package io.tocsin.remediation;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Structure of remediation-worker (style.md, 11). */
@AnalyzeClasses(packages = "io.tocsin.remediation", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule actionsKnowNothingOfExecution = noClasses()
            .that().resideInAPackage("io.tocsin.remediation.actions..")
            .should().dependOnClassesThat().resideInAPackage("io.tocsin.remediation.execution..")
            .because("an action checks, acts and verifies; claiming, leases, retries and reporting belong to execution");

    @ArchTest
    static final ArchRule catalogueIsPureConfiguration = noClasses()
            .that().resideInAPackage("io.tocsin.remediation.catalogue..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "org.springframework.cloud.stream..",
                    "org.springframework.jdbc..", "com.github.dockerjava..", "io.lettuce..")
            .because("the catalogue is validated at start-up without touching any target");

    @ArchTest
    static final ArchRule onlyExecutionPublishesResults = noClasses()
            .that().resideOutsideOfPackage("io.tocsin.remediation.execution..")
            .should().dependOnClassesThat().haveSimpleName("RemediationResult")
            .because("results are written with the execution's state change through the outbox; see Remediations");
}
