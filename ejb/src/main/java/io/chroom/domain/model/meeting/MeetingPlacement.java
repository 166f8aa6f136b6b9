package io.chroom.domain.model.meeting;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One stay of a meeting on a media node: the room made for it there, why the meeting came, and why
 * it left. A meeting has at most one open placement; moving it releases the old one and opens a new
 * one, so the rows of a meeting are its placement history.
 *
 * <p>A released placement whose room could not be destroyed (the node was down) stays uncleaned
 * until a later attempt succeeds.
 */
@Entity
@Table(name = "meeting_placements")
public class MeetingPlacement {

    /** Why a meeting came to a node or left it. */
    public static final String PLACED = "placed";

    public static final String NODE_DOWN = "node_down";
    public static final String NODE_DRAINED = "node_drained";
    public static final String NODE_REMOVED = "node_removed";
    public static final String MEETING_OVER = "meeting_over";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "meeting_id", nullable = false)
    private String meetingId;

    @Column(name = "node_id", nullable = false)
    private String nodeId;

    @Column(name = "room_id", nullable = false)
    private long roomId;

    @Column(name = "room_secret_sealed", nullable = false)
    private byte[] roomSecretSealed;

    @Column(name = "room_pin", nullable = false)
    private String roomPin;

    @Column(nullable = false)
    private String reason;

    @Column(name = "placed_at", nullable = false)
    private Instant placedAt;

    @Column(name = "released_at")
    private Instant releasedAt;

    @Column(name = "release_reason")
    private String releaseReason;

    @Column(name = "cleaned_at")
    private Instant cleanedAt;

    protected MeetingPlacement() {}

    public MeetingPlacement(
            String meetingId,
            String nodeId,
            long roomId,
            byte[] roomSecretSealed,
            String roomPin,
            String reason,
            Instant now) {
        this.meetingId = meetingId;
        this.nodeId = nodeId;
        this.roomId = roomId;
        this.roomSecretSealed = roomSecretSealed;
        this.roomPin = roomPin;
        this.reason = reason;
        this.placedAt = now;
    }

    public void release(String why, Instant now) {
        if (releasedAt == null) {
            releasedAt = now;
            releaseReason = why;
        }
    }

    public void cleaned(Instant now) {
        cleanedAt = now;
    }

    public boolean isCurrent() {
        return releasedAt == null;
    }

    public Long id() {
        return id;
    }

    public String meetingId() {
        return meetingId;
    }

    public String nodeId() {
        return nodeId;
    }

    public long roomId() {
        return roomId;
    }

    public byte[] roomSecretSealed() {
        return roomSecretSealed;
    }

    public String roomPin() {
        return roomPin;
    }

    public String reason() {
        return reason;
    }

    public Instant placedAt() {
        return placedAt;
    }

    public Instant releasedAt() {
        return releasedAt;
    }

    public String releaseReason() {
        return releaseReason;
    }

    public Instant cleanedAt() {
        return cleanedAt;
    }
}
