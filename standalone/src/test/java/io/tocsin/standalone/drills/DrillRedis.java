package io.tocsin.standalone.drills;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.api.sync.RedisCommands;

/** What the drills' "application" does to a drill Redis ({@code maxmemory 8mb}, {@code noeviction}). */
final class DrillRedis {

    /** A cached value: 4 KiB, so about 1,900 keys fill 8 MiB. */
    static final String VALUE = "x".repeat(4096);

    private DrillRedis() {
    }

    /**
     * Writes {@code prefix0}, {@code prefix1}, … until Redis refuses a write for lack of memory, as a cache with no
     * eviction does once full.
     *
     * @return the keys written
     * @throws AssertionError when Redis never refuses (it is not full) or refuses for another reason
     */
    static int fillUntilOom(RedisCommands<String, String> redis, String prefix) {
        for (int written = 0; written < 100_000; written++) {
            try {
                redis.set(prefix + written, VALUE);
            } catch (RedisCommandExecutionException e) {
                if (!e.getMessage().startsWith("OOM")) {
                    throw new AssertionError("Redis refused a write, but not for memory: " + e.getMessage(), e);
                }
                return written;
            }
        }
        throw new AssertionError("Redis took 100,000 writes without filling up: is maxmemory set?");
    }

    /** {@code used_memory / maxmemory} from {@code INFO memory}. */
    static double usedRatio(RedisCommands<String, String> redis) {
        long used = 0;
        long max = 0;
        for (String line : redis.info("memory").split("\r?\n")) {
            if (line.startsWith("used_memory:")) {
                used = Long.parseLong(line.substring("used_memory:".length()).strip());
            } else if (line.startsWith("maxmemory:")) {
                max = Long.parseLong(line.substring("maxmemory:".length()).strip());
            }
        }
        return (double) used / max;
    }
}
