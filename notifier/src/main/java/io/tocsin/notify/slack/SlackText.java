package io.tocsin.notify.slack;

/**
 * Slack mrkdwn escaping (api.slack.com/reference/surfaces/formatting#escaping): {@code &}, {@code <},
 * {@code >} become entities, so text from labels and annotations cannot form links or mentions
 * ({@code <!channel>} pings nobody).
 */
public final class SlackText {

    private SlackText() {
    }

    /** Escapes {@code &}, {@code <} and {@code >}; {@code null} becomes empty. */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** A link {@code <url|label>}, or the escaped label alone when there is no usable URL. */
    public static String link(String url, String label) {
        if (url == null || url.isBlank() || !(url.startsWith("http://") || url.startsWith("https://"))) {
            return escape(label);
        }
        return "<" + url.replace("|", "%7C").replace(">", "%3E") + "|" + escape(label) + ">";
    }

    /** {@code slack:U123} → {@code <@U123>}; any other actor escaped as it is. */
    public static String actor(String actor) {
        if (actor != null && actor.startsWith("slack:") && actor.substring(6).matches("[A-Z0-9]+")) {
            return "<@" + actor.substring(6) + ">";
        }
        return escape(actor);
    }
}
