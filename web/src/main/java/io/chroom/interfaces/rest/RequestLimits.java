package io.chroom.interfaces.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Refuses request bodies over {@value #MAX_BODY_BYTES} bytes with 413, whether the client announces
 * the length or streams the body in chunks.
 */
@Provider
@PreMatching
public class RequestLimits implements ContainerRequestFilter {

    /** No request of this API needs more: 1000 participant ids of 200 characters fit. */
    public static final int MAX_BODY_BYTES = 256 * 1024;

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getLength() > MAX_BODY_BYTES) {
            throw new PayloadTooLargeException(MAX_BODY_BYTES);
        }
        if (request.hasEntity()) {
            request.setEntityStream(new Bounded(request.getEntityStream(), MAX_BODY_BYTES));
        }
    }

    /** Counts bytes as they are read and stops the read past the limit. */
    private static final class Bounded extends FilterInputStream {
        private final long limit;
        private long read;

        Bounded(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > limit) {
                throw new PayloadTooLargeException(limit);
            }
        }
    }
}
