package io.chroom.media.api;

import java.time.Instant;

/**
 * One health probe of a media node.
 *
 * @param at when the probe finished
 * @param controlReachable whether the control API answered
 * @param controlRttMillis round trip of the control API call, or -1 when it did not answer
 * @param stunRttMillis round trip of a STUN binding request to the node's STUN/TURN server, or -1
 *     when it did not answer or the node has none
 * @param turnAllocated whether a TURN allocation with time-limited credentials succeeded
 * @param info what the node said about itself, or {@code null} when it did not answer
 * @param detail why the probe failed, or {@code null}; never holds a secret
 */
public record NodeHealth(
        Instant at,
        boolean controlReachable,
        long controlRttMillis,
        long stunRttMillis,
        boolean turnAllocated,
        NodeInfo info,
        String detail) {}
