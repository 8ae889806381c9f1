package io.tocsin.notify;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Structure of notifier (style.md, 11). */
@AnalyzeClasses(packages = "io.tocsin.notify", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule onlySlackApiCallsSlack = noClasses()
            .that().haveNameNotMatching("io\\.tocsin\\.notify\\.slack\\.SlackApi(\\$.*)?")
            .should().dependOnClassesThat().resideInAnyPackage("com.slack.api.methods..", "com.slack.api")
            .because("one place classifies Slack's answers as sent, rate-limited, retryable or permanent; call SlackApi");

    @ArchTest
    static final ArchRule statusPageKnowsNoSlackOrKafka = noClasses()
            .that().resideInAPackage("io.tocsin.notify.status..")
            .should().dependOnClassesThat().resideInAnyPackage("io.tocsin.notify.slack..", "org.apache.kafka..",
                    "org.springframework.cloud.stream..")
            .because("the public page reads the incident view only; it must work with Slack off and Kafka down");

    @ArchTest
    static final ArchRule slackIsReachedThroughTheQueue = noClasses()
            .that().resideInAPackage("io.tocsin.notify.messaging..")
            .should().dependOnClassesThat().haveSimpleName("SlackApi")
            .because("consumers enqueue durably; only SlackSender calls Slack, paced per channel");
}
