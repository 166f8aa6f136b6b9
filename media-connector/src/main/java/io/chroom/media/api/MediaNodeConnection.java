package io.chroom.media.api;

/**
 * An application-level handle on one media node's control plane. Close it when done; the container
 * returns the physical connection to the pool.
 */
public interface MediaNodeConnection extends AutoCloseable {

    /** Asks the node who it is and how loaded it is; a round trip to the node. */
    NodeInfo info();

    @Override
    void close();
}
