package io.chroom.media.api;

/**
 * What a media node says about itself.
 *
 * @param software product name the node reports, such as "Janus WebRTC Server"
 * @param version version string the node reports
 * @param sessions control sessions open on the node (one per connected client)
 * @param rooms rooms open on the node
 * @param participants participants in those rooms, the node's load
 */
public record NodeInfo(
        String software, String version, int sessions, int rooms, int participants) {}
