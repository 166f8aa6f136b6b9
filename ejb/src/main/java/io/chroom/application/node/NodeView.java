package io.chroom.application.node;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;

/**
 * A media node as the API shows it; its secrets never appear.
 *
 * @param controlUrl where Chroom controls the node; shown to network administrators only
 * @param capacity participants the node carries at most
 * @param state {@code active}, {@code draining}, {@code down} or {@code removed}
 * @param health what the last probe saw
 * @param load what the node carries now
 */
@JsonbPropertyOrder({
    "nodeId",
    "name",
    "region",
    "mediaUrl",
    "controlUrl",
    "turnUrl",
    "capacity",
    "operatorWallet",
    "pricePerParticipantMinute",
    "state",
    "health",
    "load",
    "createdAt"
})
public record NodeView(
        String nodeId,
        String name,
        String region,
        String mediaUrl,
        String controlUrl,
        String turnUrl,
        int capacity,
        String operatorWallet,
        String pricePerParticipantMinute,
        String state,
        Health health,
        Load load,
        Instant createdAt) {

    /**
     * @param status {@code unknown}, {@code up}, {@code degraded} or {@code down}
     * @param controlRttMs round trip of the control API, in milliseconds
     * @param stunRttMs round trip of a STUN binding request, in milliseconds
     * @param turn whether a TURN allocation succeeded
     * @param detail why the last probe failed
     */
    public record Health(
            String status,
            Integer controlRttMs,
            Integer stunRttMs,
            Boolean turn,
            String software,
            Instant checkedAt,
            String detail) {}

    /**
     * @param participants participants Chroom admitted to the node's meetings
     * @param meetings meetings placed on the node
     * @param nodeParticipants participants the node itself reports in its rooms
     * @param sessions client sessions the node reports
     */
    public record Load(
            int participants, int meetings, int nodeParticipants, int rooms, int sessions) {}
}
