package io.chroom.domain.model.webhook;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * Something that happened to an account's objects, recorded in the same transaction as the change
 * itself, so an event exists exactly when its cause was committed. Its id is what receivers
 * de-duplicate on; its sequence, drawn from one database sequence, orders the events of a meeting.
 */
@Entity
@Table(name = "webhook_events")
public class WebhookEvent {

    @Id private String id;

    @Column(name = "account_id", nullable = false)
    private String accountId;

    @Column(nullable = false)
    private String type;

    @Column(name = "subject_id")
    private String subjectId;

    @Column(nullable = false, insertable = false, updatable = false)
    private long sequence;

    /** The JSON body receivers get, envelope included. */
    @Column(nullable = false)
    private String body;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected WebhookEvent() {}

    public String id() {
        return id;
    }

    public String accountId() {
        return accountId;
    }

    public String type() {
        return type;
    }

    public String subjectId() {
        return subjectId;
    }

    public long sequence() {
        return sequence;
    }

    public String body() {
        return body;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
