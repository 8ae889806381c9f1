package io.tocsin.ingest.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;

/** Reading request bodies with a size limit, for every receiver. */
public final class RequestBodies {

    private RequestBodies() {
    }

    /**
     * Reads at most {@code limit} bytes; a declared or actual larger body is rejected before parsing.
     *
     * @throws PayloadTooLargeException over {@code limit} bytes (answered 413)
     */
    public static byte[] readLimited(HttpServletRequest request, long limit) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            throw new PayloadTooLargeException(limit);
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (body.length > limit) {
                throw new PayloadTooLargeException(limit);
            }
            return body;
        }
    }
}
