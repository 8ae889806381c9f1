package io.tocsin.standalone;

/**
 * Starts the standalone from test code outside this package (the drills), configured as {@code bin/standalone} is:
 * from the environment and system properties.
 */
public final class StandaloneForTests {

    private StandaloneForTests() {
    }

    /**
     * Starts every service and returns what stops them.
     *
     * @throws Exception when a port is taken or a service does not start
     */
    public static Runnable start() throws Exception {
        TocsinStandalone standalone = new TocsinStandalone(StandaloneSettings.from(System.getenv()));
        standalone.start();
        return standalone::stop;
    }
}
