package io.chroom.media.api;

import java.io.Serializable;

/** The connection factory the application looks up or injects to reach media nodes. */
public interface MediaNodeConnectionFactory extends Serializable {

    /**
     * Returns a connection to the node at {@code address}, taken from the container's pool when a
     * connection to that node is idle there.
     *
     * @throws MediaNodeException when no connection can be made
     */
    MediaNodeConnection getConnection(MediaNodeAddress address);
}
