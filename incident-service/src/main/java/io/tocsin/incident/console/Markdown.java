package io.tocsin.incident.console;

import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Markdown to HTML for the console (CommonMark, commonmark-java): raw HTML in the text is escaped, not passed through,
 * and link URLs other than http(s), mailto and relative ones ({@code javascript:}, {@code data:}) are dropped — the post-mortem draft carries alert text and
 * notes people wrote.
 */
final class Markdown {

    private static final Parser PARSER = Parser.builder().build();
    private static final HtmlRenderer HTML = HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true)
            .urlSanitizer(new org.commonmark.renderer.html.UrlSanitizer() {
                @Override
                public String sanitizeLinkUrl(String url) {
                    return webOnly(url);
                }

                @Override
                public String sanitizeImageUrl(String url) {
                    return webOnly(url);
                }
            }).build();

    private Markdown() {
    }

    /** Links and images only to http(s) and mailto: anything else (javascript:, data:) becomes an empty link. */
    private static String webOnly(String url) {
        String lower = url.strip().toLowerCase(java.util.Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://") || lower.startsWith("mailto:")
                || !lower.contains(":") ? url : "";
    }

    /** The HTML of {@code markdown}, safe to insert into a page. */
    static String toHtml(String markdown) {
        return HTML.render(PARSER.parse(markdown));
    }

    /**
     * A document's YAML-style front matter ({@code ---} lines around {@code key: value} lines at its start, as the
     * post-mortem template has) and the rest; no front matter: an empty map and the whole text.
     */
    record Document(java.util.Map<String, String> frontMatter, String body) {
    }

    static Document split(String markdown) {
        java.util.Map<String, String> meta = new java.util.LinkedHashMap<>();
        if (!markdown.startsWith("---\n")) {
            return new Document(meta, markdown);
        }
        int end = markdown.indexOf("\n---\n", 3);
        if (end < 0) {
            return new Document(meta, markdown);
        }
        for (String line : markdown.substring(4, end).split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                meta.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
            }
        }
        return new Document(meta, markdown.substring(end + 5));
    }
}
