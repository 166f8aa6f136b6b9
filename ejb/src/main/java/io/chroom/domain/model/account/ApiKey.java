package io.chroom.domain.model.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Set;

/**
 * A credential an account's software presents as {@code Authorization: Bearer chr_...}.
 *
 * <p>The secret itself is never stored: only its SHA-256 digest, which is enough to recognise it
 * because a key carries 256 random bits, and a short hint that lets people tell keys apart. A key
 * carries a fixed set of scopes, never more than its account may hold. Revocation is a timestamp,
 * checked on every request, so it takes effect on the next one.
 */
@Entity
@Table(name = "api_keys")
public class ApiKey {

    @Id private String id;

    @Column(name = "account_id", nullable = false)
    private String accountId;

    @Column(nullable = false)
    private String name;

    @Column(name = "secret_hash", nullable = false)
    private byte[] secretHash;

    @Column(name = "secret_hint", nullable = false)
    private String secretHint;

    @Column(nullable = false)
    private String scopes;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    protected ApiKey() {}

    public ApiKey(
            String id,
            String accountId,
            String name,
            byte[] secretHash,
            String secretHint,
            Set<Scope> scopes,
            Instant createdAt) {
        this.id = id;
        this.accountId = accountId;
        this.name = name;
        this.secretHash = secretHash.clone();
        this.secretHint = secretHint;
        this.scopes = Scope.join(scopes);
        this.createdAt = createdAt;
    }

    public void revoke(Instant at) {
        if (revokedAt == null) {
            revokedAt = at;
        }
    }

    public boolean isActive() {
        return revokedAt == null;
    }

    public String id() {
        return id;
    }

    public String accountId() {
        return accountId;
    }

    public String name() {
        return name;
    }

    public String secretHint() {
        return secretHint;
    }

    public Set<Scope> scopes() {
        return Scope.split(scopes);
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant revokedAt() {
        return revokedAt;
    }
}
