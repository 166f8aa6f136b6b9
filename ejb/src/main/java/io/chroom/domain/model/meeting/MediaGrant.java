package io.chroom.domain.model.meeting;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A participant's access to a meeting's media: the token a join handed out, which the meeting's
 * node accepts until the grant is revoked (the participant is removed, the grant expires, or the
 * meeting ends). When the meeting moves, the same token is granted on the new node, so a client
 * reconnects with what it has.
 *
 * <p>The token is kept sealed to grant it again elsewhere, and as a SHA-256 digest to find the
 * grant by the token a page presents.
 */
@Entity
@Table(name = "media_grants")
public class MediaGrant {

    /** What a grant lets its holder do in the meeting. */
    public enum Role {
        HOST,
        PARTICIPANT;

        public String value() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    @Id private String id;

    @Column(name = "meeting_id", nullable = false)
    private String meetingId;

    @Column(name = "participant_id", nullable = false)
    private String participantId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Role role;

    @Column(name = "token_hash", nullable = false)
    private byte[] tokenHash;

    @Column(name = "token_sealed", nullable = false)
    private byte[] tokenSealed;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    protected MediaGrant() {}

    public MediaGrant(
            String id,
            String meetingId,
            String participantId,
            Role role,
            byte[] tokenHash,
            byte[] tokenSealed,
            Instant now,
            Instant expiresAt) {
        this.id = id;
        this.meetingId = meetingId;
        this.participantId = participantId;
        this.role = role;
        this.tokenHash = tokenHash;
        this.tokenSealed = tokenSealed;
        this.createdAt = now;
        this.expiresAt = expiresAt;
    }

    public boolean isActive(Instant now) {
        return revokedAt == null && now.isBefore(expiresAt);
    }

    public void revoke(Instant now) {
        if (revokedAt == null) {
            revokedAt = now;
        }
    }

    public String id() {
        return id;
    }

    public String meetingId() {
        return meetingId;
    }

    public String participantId() {
        return participantId;
    }

    public Role role() {
        return role;
    }

    public byte[] tokenSealed() {
        return tokenSealed;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public Instant revokedAt() {
        return revokedAt;
    }
}
