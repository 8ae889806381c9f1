package io.tocsin.bench.scale;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * The scale scenario, shorter (issue 17): a 3-broker cluster, two instances of every service from their jars with
 * docker-compose.yml's environment, grouping that differs from Alertmanager's groups, and {@code kill -9} of one
 * instance of each service and one broker halfway. The full run is {@code bin/bench scale}.
 */
@Tag("e2e")
class ScaleIT {

    @Test
    void twoInstancesOfEveryServiceSurviveACrashWithoutLossOrDuplicates() throws Exception {
        Path work = Files.createTempDirectory("tocsin-scale-it-");
        ScaleScenario.Settings settings = new ScaleScenario.Settings(2, 6_000, 24, true, Duration.ofSeconds(30), 10);

        ObjectNode result = new ScaleScenario(settings, work).run();

        System.out.println(result.toPrettyString());
        assertThat(result.path("failed").toString()).as("failed checks; logs in " + work).isEqualTo("[]");
        assertThat(result.path("allPassed").asBoolean()).isTrue();
        assertThat(result.path("figures").path("alertsAccepted").asLong()).isEqualTo(6_000);
        assertThat(result.path("figures").path("crashAt").isMissingNode()).as("the crash happened").isFalse();
        Machine.deleteQuietly(work);
    }
}
