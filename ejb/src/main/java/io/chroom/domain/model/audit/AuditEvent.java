package io.chroom.domain.model.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One entry of the security audit trail. An entry says who acted (the account and credential, or
 * the source address of an unauthenticated request), on what (a key, account or node) and what
 * changed, in details that name fields and values but never a secret. Failed authentication is
 * aggregated: one entry per source address and minute whose count grows with each failure. Entries
 * are written in the transaction of the change they record, and never changed afterwards except for
 * that count.
 */
@Entity
@Table(name = "audit_events")
public class AuditEvent {

    @Id private String id;

    @Column(nullable = false)
    private String type;

    @Column(name = "occurred_at", nullable = false)
    private Instant occurredAt;

    @Column(name = "actor_account_id")
    private String actorAccountId;

    @Column(name = "actor_credential_id")
    private String actorCredentialId;

    @Column(name = "source_address")
    private String sourceAddress;

    @Column(name = "target_type")
    private String targetType;

    @Column(name = "target_id")
    private String targetId;

    @Column(name = "account_id")
    private String accountId;

    @Column(nullable = false)
    private String details;

    @Column(name = "window_start")
    private Instant windowStart;

    @Column(name = "event_count", nullable = false)
    private int count;

    @Column(name = "last_seen_at", nullable = false)
    private Instant lastSeenAt;

    protected AuditEvent() {}

    /**
     * @param details a JSON object of the event's facts; the caller leaves secrets out
     */
    public AuditEvent(
            String id,
            AuditEventType type,
            Instant occurredAt,
            String actorAccountId,
            String actorCredentialId,
            String targetType,
            String targetId,
            String accountId,
            String details) {
        this.id = id;
        this.type = type.value();
        this.occurredAt = occurredAt;
        this.actorAccountId = actorAccountId;
        this.actorCredentialId = actorCredentialId;
        this.targetType = targetType;
        this.targetId = targetId;
        this.accountId = accountId;
        this.details = details;
        this.count = 1;
        this.lastSeenAt = occurredAt;
    }

    public String id() {
        return id;
    }

    public String type() {
        return type;
    }

    public Instant occurredAt() {
        return occurredAt;
    }

    public String actorAccountId() {
        return actorAccountId;
    }

    public String actorCredentialId() {
        return actorCredentialId;
    }

    public String sourceAddress() {
        return sourceAddress;
    }

    public String targetType() {
        return targetType;
    }

    public String targetId() {
        return targetId;
    }

    public String accountId() {
        return accountId;
    }

    public String details() {
        return details;
    }

    public int count() {
        return count;
    }

    public Instant lastSeenAt() {
        return lastSeenAt;
    }
}
