package io.chroom.media.outbound;

import io.chroom.media.api.NodeInfo;

/** The operations Chroom needs from one media node's control plane, whatever SFU it runs. */
interface NodeControlClient extends AutoCloseable {

    NodeInfo info();

    /** Releases sockets and threads; the client is unusable afterwards. */
    @Override
    void close();
}
