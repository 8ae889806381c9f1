package io.tocsin.remediation.actions;

import io.tocsin.remediation.RemediationSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * {@code http.request}: calls a deploy/rollback pipeline or another webhook. Parameters {@code method}
 * (default POST), {@code url}, {@code headers} (a value {@code secret:NAME} is read from
 * {@code tocsin.remediation.http.secrets}, never written to reports), {@code body}, {@code expectedStatus}
 * (default any 2xx). 4xx and an unexpected status are permanent; 5xx and I/O errors are transient.
 */
@Component
class HttpRequestAction implements RemediationAction {

    private final RemediationSettings settings;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    HttpRequestAction(RemediationSettings settings) {
        this.settings = settings;
    }

    @Override
    public String type() {
        return "http.request";
    }

    @Override
    public String target() {
        return "http";
    }

    @Override
    public List<Param> params() {
        return List.of(Param.required("url", Kind.STRING), Param.optional("method", Kind.STRING),
                Param.optional("headers", Kind.MAP), Param.optional("body", Kind.STRING),
                Param.optional("expectedStatus", Kind.INTEGER));
    }

    @Override
    public ActionReport execute(ActionContext ctx) throws IOException, InterruptedException {
        String method = ctx.string("method", "POST").toUpperCase(Locale.ROOT);
        String url = ctx.string("url");
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new PermanentFailure("params.url is not a URL: " + url);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("method", method);
        details.put("url", url);
        if (ctx.dryRun()) {
            return ActionReport.done("dry run: would " + method + " " + url, details);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(ctx.timeout());
        ctx.map("headers").forEach((name, value) -> request.header(name, header(name, String.valueOf(value))));
        String body = ctx.string("body", null);
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new TransientFailure(method + " " + url + " failed: " + e.getMessage(), e);
        }
        int status = response.statusCode();
        details.put("status", status);
        String snippet = response.body() == null ? "" : response.body().substring(0, Math.min(200, response.body().length()));
        details.put("response", snippet);
        int expected = ctx.integer("expectedStatus", -1);
        if (status >= 500) {
            throw new TransientFailure(method + " " + url + " answered " + status, null);
        }
        if (expected > 0 ? status != expected : status / 100 != 2) {
            throw new PermanentFailure(method + " " + url + " answered " + status
                    + (expected > 0 ? ", expected " + expected : "") + ": " + snippet);
        }
        return ActionReport.done(method + " " + url + " answered " + status, details);
    }

    private String header(String name, String value) {
        if (value.startsWith("secret:")) {
            String secret = settings.http().secrets().get(value.substring(7));
            if (secret == null) {
                throw new PermanentFailure("params.headers." + name + ": no secret '" + value.substring(7)
                        + "' in tocsin.remediation.http.secrets");
            }
            return secret;
        }
        return value;
    }
}
