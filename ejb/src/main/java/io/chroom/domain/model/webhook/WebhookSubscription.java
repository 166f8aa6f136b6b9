package io.chroom.domain.model.webhook;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where an account wants to hear about events, and which ones.
 *
 * <p>Every delivery is signed with the subscription's secret. The secret must be readable to sign,
 * so it is stored encrypted, never in the clear. Rotating it keeps the previous secret valid for a
 * grace period, during which deliveries carry a signature by each, so receivers can switch without
 * losing an event.
 */
@Entity
@Table(name = "webhook_subscriptions")
public class WebhookSubscription {

    @Id private String id;

    @Column(name = "account_id", nullable = false)
    private String accountId;

    @Column(nullable = false)
    private String url;

    @Column(name = "event_types", nullable = false)
    private String eventTypes;

    private String description;

    @Column(nullable = false)
    private boolean enabled;

    @Column(name = "secret_sealed", nullable = false)
    private byte[] secretSealed;

    @Column(name = "previous_secret_sealed")
    private byte[] previousSecretSealed;

    @Column(name = "previous_secret_expires_at")
    private Instant previousSecretExpiresAt;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Version private long version;

    protected WebhookSubscription() {}

    public WebhookSubscription(
            String id,
            String accountId,
            String url,
            Set<EventType> eventTypes,
            String description,
            byte[] secretSealed,
            Instant createdAt) {
        this.id = id;
        this.accountId = accountId;
        this.url = url;
        this.eventTypes = join(eventTypes);
        this.description = description;
        this.enabled = true;
        this.secretSealed = secretSealed.clone();
        this.createdAt = createdAt;
    }

    /** Whether this subscription wants events of {@code type}; pings go to every subscription. */
    public boolean wants(EventType type) {
        return enabled && (type == EventType.WEBHOOK_PING || eventTypes().contains(type));
    }

    /** Replaces the secret; the old one keeps signing until {@code graceUntil}. */
    public void rotateSecret(byte[] newSealed, Instant graceUntil) {
        this.previousSecretSealed = secretSealed;
        this.previousSecretExpiresAt = graceUntil;
        this.secretSealed = newSealed.clone();
    }

    public void retarget(String url) {
        this.url = url;
    }

    public void subscribe(Set<EventType> eventTypes) {
        this.eventTypes = join(eventTypes);
    }

    public void describe(String description) {
        this.description = description;
    }

    public void enable(boolean enabled) {
        this.enabled = enabled;
    }

    public String id() {
        return id;
    }

    public String accountId() {
        return accountId;
    }

    public String url() {
        return url;
    }

    public Set<EventType> eventTypes() {
        EnumSet<EventType> types = EnumSet.noneOf(EventType.class);
        Arrays.stream(eventTypes.split(" "))
                .map(EventType::fromValue)
                .forEach(t -> t.ifPresent(types::add));
        return types;
    }

    public String description() {
        return description;
    }

    public boolean enabled() {
        return enabled;
    }

    public byte[] secretSealed() {
        return secretSealed.clone();
    }

    /** The previous secret while its grace period lasts, else {@code null}. */
    public byte[] previousSecretSealed(Instant now) {
        return previousSecretSealed != null && now.isBefore(previousSecretExpiresAt)
                ? previousSecretSealed.clone()
                : null;
    }

    public Instant previousSecretExpiresAt() {
        return previousSecretExpiresAt;
    }

    public Instant createdAt() {
        return createdAt;
    }

    private static String join(Set<EventType> types) {
        return types.stream().map(EventType::value).sorted().collect(Collectors.joining(" "));
    }
}
