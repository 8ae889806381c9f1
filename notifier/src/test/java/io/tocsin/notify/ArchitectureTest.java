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
            .because("consumers enqueue durably; only the sender (SlackDelivery) calls Slack, paced per channel");

    @ArchTest
    static final ArchRule slackInboundAnswersThroughSlackApi = noClasses()
            .that().resideInAPackage("io.tocsin.notify.slack.inbound..")
            .should().dependOnClassesThat().resideInAnyPackage("java.net.http..", "org.springframework.web.client..")
            .because("a response_url answer goes through SlackApi.respond, the same client and circuit breaker as every "
                    + "other Slack call");

    @ArchTest
    static final ArchRule everyDurableQueueBacksOffThroughOnePolicy = noClasses()
            .that().resideInAnyPackage("io.tocsin.notify.slack..", "io.tocsin.notify.status..")
            .should().dependOnClassesThat().haveFullyQualifiedName("io.github.resilience4j.core.IntervalFunction")
            .because("retry waits come from io.tocsin.notify.delivery.Backoff, which also honours Retry-After (style.md 19)");
}
