package io.chroom.media.outbound;

import io.chroom.media.api.MediaNodeAddress;
import jakarta.resource.spi.ConnectionRequestInfo;
import java.util.Objects;

/**
 * Carries the node a connection is asked for; the container matches pooled connections by its
 * equality, so a connection is only ever reused for the node it was opened to.
 */
final class NodeRequestInfo implements ConnectionRequestInfo {

    private final MediaNodeAddress address;

    NodeRequestInfo(MediaNodeAddress address) {
        this.address = Objects.requireNonNull(address, "address");
    }

    MediaNodeAddress address() {
        return address;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NodeRequestInfo that && address.equals(that.address);
    }

    @Override
    public int hashCode() {
        return address.hashCode();
    }
}
