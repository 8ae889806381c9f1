package io.tocsin.remediation.actions;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.tocsin.remediation.RemediationSettings;
import io.tocsin.remediation.catalogue.Runbook;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Redis actions (seed runbook "Redis memory high": {@code CONFIG SET maxmemory-policy allkeys-lru}):
 * <ul>
 *   <li>{@code redis.set-config}: {@code CONFIG SET parameter value}, skipped when already so, verified with
 *   {@code CONFIG GET};</li>
 *   <li>{@code redis.flushall}: {@code FLUSHALL}; the catalogue must say {@code approval: required};</li>
 *   <li>{@code redis.delete-keys}: {@code SCAN MATCH} + {@code UNLINK}; also approval-gated.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class RedisActions {

    @Bean
    RemediationAction redisSetConfig(RemediationSettings settings) {
        return new RemediationAction() {
            @Override
            public String type() {
                return "redis.set-config";
            }

            @Override
            public String target() {
                return "redis";
            }

            @Override
            public List<Param> params() {
                return List.of(Param.required("parameter", Kind.STRING), Param.required("value", Kind.STRING));
            }

            @Override
            public ActionReport execute(ActionContext ctx) {
                String parameter = ctx.string("parameter");
                String value = ctx.string("value");
                return withRedis(settings, ctx.timeout(), redis -> {
                    String before = redis.configGet(parameter).get(parameter);
                    if (before == null) {
                        throw new PermanentFailure("Redis has no config parameter '" + parameter + "'");
                    }
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("parameter", parameter);
                    details.put("before", before);
                    details.put("wanted", value);
                    if (before.equalsIgnoreCase(value)) {
                        return ActionReport.skipped("already in place: " + parameter + " is " + before, details);
                    }
                    if (ctx.dryRun()) {
                        return ActionReport.done("dry run: would set " + parameter + " from " + before + " to " + value, details);
                    }
                    redis.configSet(parameter, value);
                    String after = redis.configGet(parameter).get(parameter);
                    details.put("after", after);
                    if (!value.equalsIgnoreCase(after)) {
                        throw new TransientFailure("CONFIG SET " + parameter + " did not take: still " + after, null);
                    }
                    return ActionReport.done("set " + parameter + " from " + before + " to " + after, details);
                });
            }
        };
    }

    @Bean
    RemediationAction redisFlushAll(RemediationSettings settings) {
        return new RemediationAction() {
            @Override
            public String type() {
                return "redis.flushall";
            }

            @Override
            public String target() {
                return "redis";
            }

            @Override
            public List<Param> params() {
                return List.of();
            }

            @Override
            public void validate(Runbook.Step step, Consumer<String> errors) {
                if (step.approval() != Runbook.Approval.REQUIRED) {
                    errors.accept("redis.flushall deletes every key: it needs approval: required");
                }
            }

            @Override
            public ActionReport execute(ActionContext ctx) {
                return withRedis(settings, ctx.timeout(), redis -> {
                    long keys = redis.dbsize();
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("keysBefore", keys);
                    if (keys == 0) {
                        return ActionReport.skipped("nothing to do: Redis holds no keys", details);
                    }
                    if (ctx.dryRun()) {
                        return ActionReport.done("dry run: would delete " + keys + " keys", details);
                    }
                    redis.flushall();
                    long after = redis.dbsize();
                    details.put("keysAfter", after);
                    return ActionReport.done("deleted " + keys + " keys", details);
                });
            }
        };
    }

    /**
     * {@code redis.delete-keys}: seed 001 "Redis memory" ({@code KEYS "cache:leaderboard:*" | xargs DEL}), done with
     * {@code SCAN MATCH pattern COUNT 1000} and {@code UNLINK} in batches so Redis never blocks on a huge keyspace.
     * Reports the keys deleted and {@code used_memory} before and after (bytes). Deletes data: the catalogue must say
     * {@code approval: required}.
     */
    @Bean
    RemediationAction redisDeleteKeys(RemediationSettings settings) {
        return new RemediationAction() {
            @Override
            public String type() {
                return "redis.delete-keys";
            }

            @Override
            public String target() {
                return "redis";
            }

            @Override
            public List<Param> params() {
                return List.of(Param.required("pattern", Kind.STRING));
            }

            @Override
            public void validate(Runbook.Step step, Consumer<String> errors) {
                if (step.approval() != Runbook.Approval.REQUIRED) {
                    errors.accept("redis.delete-keys deletes data: it needs approval: required");
                }
                Object pattern = step.params().get("pattern");
                if (pattern instanceof String p && p.isBlank()) {
                    errors.accept("params.pattern must not be blank");
                }
            }

            @Override
            public ActionReport execute(ActionContext ctx) {
                String pattern = ctx.string("pattern");
                return withRedis(settings, ctx.timeout(), redis -> {
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("pattern", pattern);
                    details.put("usedMemoryBefore", usedMemory(redis));
                    io.lettuce.core.ScanArgs args = io.lettuce.core.ScanArgs.Builder.matches(pattern).limit(1000);
                    io.lettuce.core.KeyScanCursor<String> cursor = redis.scan(args);
                    long matched = 0;
                    long deleted = 0;
                    while (true) {
                        List<String> keys = cursor.getKeys();
                        matched += keys.size();
                        if (!keys.isEmpty() && !ctx.dryRun()) {
                            deleted += redis.unlink(keys.toArray(String[]::new));
                        }
                        if (cursor.isFinished()) {
                            break;
                        }
                        cursor = redis.scan(cursor, args);
                    }
                    details.put("keysMatched", matched);
                    if (matched == 0) {
                        return ActionReport.skipped("nothing to do: no keys match " + pattern, details);
                    }
                    if (ctx.dryRun()) {
                        return ActionReport.done("dry run: would delete " + matched + " keys matching " + pattern, details);
                    }
                    details.put("keysDeleted", deleted);
                    details.put("usedMemoryAfter", usedMemory(redis));
                    return ActionReport.done("deleted " + deleted + " keys matching " + pattern + "; used_memory "
                            + details.get("usedMemoryBefore") + " → " + details.get("usedMemoryAfter") + " bytes", details);
                });
            }
        };
    }

    private static long usedMemory(RedisCommands<String, String> redis) {
        for (String line : redis.info("memory").split("\r?\n")) {
            if (line.startsWith("used_memory:")) {
                return Long.parseLong(line.substring("used_memory:".length()).strip());
            }
        }
        return -1;
    }

    interface RedisWork {
        ActionReport run(RedisCommands<String, String> redis);
    }

    static ActionReport withRedis(RemediationSettings settings, Duration timeout, RedisWork work) {
        RedisURI uri = RedisURI.create(settings.redis().uri());
        uri.setTimeout(timeout);
        RedisClient client = RedisClient.create(uri);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return work.run(connection.sync());
        } catch (RedisConnectionException e) {
            throw new TransientFailure("Redis unreachable: " + e.getMessage(), e);
        } catch (PermanentFailure | TransientFailure e) {
            throw e;
        } catch (RedisException e) {
            throw new TransientFailure("Redis: " + e.getMessage(), e);
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
