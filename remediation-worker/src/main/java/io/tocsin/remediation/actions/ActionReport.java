package io.tocsin.remediation.actions;

import java.util.Map;

/**
 * What an action did (or, in a dry run, would do).
 *
 * @param skipped {@code true} when preconditions said there was nothing to do
 * @param summary one line for the timeline and Slack
 * @param details structured facts for auditors (pids ended, bytes freed, the setting before and after)
 */
public record ActionReport(boolean skipped, String summary, Map<String, Object> details) {

    public static ActionReport done(String summary, Map<String, Object> details) {
        return new ActionReport(false, summary, details);
    }

    public static ActionReport skipped(String reason, Map<String, Object> details) {
        return new ActionReport(true, reason, details);
    }
}
