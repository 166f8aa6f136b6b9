package io.chroom.media.api;

import java.util.List;

/**
 * The message listener interface of the media connector's inbound side: a message-driven bean
 * implements it to learn about node health.
 *
 * <p>Each probe round, the connector first asks {@link #nodesToWatch()} which nodes to probe, then
 * probes them in parallel and calls {@link #onNodeEvent} for each change. Several servers may run
 * the connector against one registry: the bean answers an empty list on every server but the one
 * that holds the watch, so each node is probed once per round across the deployment.
 */
public interface NodeEventListener {

    /** The nodes to probe in this round; empty when this server is not the one that watches. */
    List<WatchedNode> nodesToWatch();

    /** A node's health or load changed. */
    void onNodeEvent(NodeEvent event);
}
