package io.tocsin.contracts;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The contracts stay plain (style.md, 3): what crosses Kafka is readable by any service, with no framework. */
@AnalyzeClasses(packages = "io.tocsin.contracts", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule contractsKnowNoFramework = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.apache.kafka..",
                    "jakarta.servlet..", "java.sql..", "io.tocsin.common..")
            .because("contracts are records, topic names and their JSON codec; sending, receiving and storing them "
                    + "is platform code in common or in the services");
}
