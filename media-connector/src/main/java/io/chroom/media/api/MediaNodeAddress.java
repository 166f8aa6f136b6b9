package io.chroom.media.api;

import java.io.Serializable;
import java.net.URI;
import java.util.Objects;

/**
 * Where and how to reach one media node's control plane.
 *
 * <p>Connections are pooled per address: two requests for the same control URL and secret may share
 * a physical connection, requests for different nodes never do.
 *
 * @param controlUrl base URL of the node's control API (for Janus, its Admin API endpoint)
 * @param adminSecret secret the node requires on control requests; never logged
 */
public record MediaNodeAddress(URI controlUrl, String adminSecret) implements Serializable {

    public MediaNodeAddress {
        Objects.requireNonNull(controlUrl, "controlUrl");
        Objects.requireNonNull(adminSecret, "adminSecret");
    }

    @Override
    public String toString() {
        return "MediaNodeAddress[" + controlUrl + "]";
    }
}
