package io.chroom.domain.model.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * A customer of the network, or the network's own administration. Every meeting, key, payment and
 * webhook belongs to exactly one account, and nothing of one account is visible to another.
 *
 * <p>An account's tier sets its default rate limit; administrators may override the limit per
 * account. A network administrator account may hold the scopes that run the network itself
 * (accounts and nodes); a customer account never can.
 */
@Entity
@Table(name = "accounts")
public class Account {

    @Id private String id;

    @Column(nullable = false)
    private String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Tier tier;

    @Column(name = "rate_limit_per_minute")
    private Integer rateLimitPerMinute;

    @Column(name = "network_admin", nullable = false)
    private boolean networkAdmin;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Version private long version;

    protected Account() {}

    public Account(String id, String name, Tier tier, boolean networkAdmin, Instant createdAt) {
        this.id = id;
        this.name = name;
        this.tier = tier;
        this.networkAdmin = networkAdmin;
        this.createdAt = createdAt;
    }

    /** The scopes this account's keys may carry. */
    public Set<Scope> grantableScopes() {
        return networkAdmin ? EnumSet.allOf(Scope.class) : Scope.customerScopes();
    }

    /** Requests per minute this account may make: its own override, else its tier's. */
    public int effectiveRateLimit() {
        return rateLimitPerMinute != null ? rateLimitPerMinute : tier.defaultRequestsPerMinute();
    }

    public void rename(String name) {
        this.name = name;
    }

    public void changeTier(Tier tier) {
        this.tier = tier;
    }

    /** Sets a per-account limit, or {@code null} to fall back to the tier's. */
    public void overrideRateLimit(Integer requestsPerMinute) {
        this.rateLimitPerMinute = requestsPerMinute;
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public Tier tier() {
        return tier;
    }

    public Integer rateLimitOverride() {
        return rateLimitPerMinute;
    }

    public boolean isNetworkAdmin() {
        return networkAdmin;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public long version() {
        return version;
    }
}
