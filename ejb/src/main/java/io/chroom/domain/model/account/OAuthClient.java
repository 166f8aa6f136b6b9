package io.chroom.domain.model.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Set;

/**
 * An OAuth 2.0 client of one account: software that exchanges its client id and secret for
 * short-lived access tokens (the client credentials grant) instead of presenting an API key.
 *
 * <p>The client carries a fixed set of scopes, never more than the account may hold; a token may
 * ask for fewer. Either Chroom's own authorization server issues its tokens, and then Chroom made
 * its secret, or an external identity provider the operator trusts does, and then {@code
 * externalId} is the provider's name for the client and Chroom knows no secret. Rotating the secret
 * and deleting the client are timestamps checked on every request, so every token issued before
 * either stops working at once.
 */
@Entity
@Table(name = "oauth_clients")
public class OAuthClient {

    @Id private String id;

    @Column(name = "account_id", nullable = false)
    private String accountId;

    @Column(nullable = false)
    private String name;

    @Column(nullable = false)
    private String scopes;

    @Column(name = "external_id")
    private String externalId;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "secret_rotated_at", nullable = false)
    private Instant secretRotatedAt;

    @Column(name = "deleted_at")
    private Instant deletedAt;

    @Version private long version;

    protected OAuthClient() {}

    public OAuthClient(
            String id,
            String accountId,
            String name,
            Set<Scope> scopes,
            String externalId,
            Instant createdAt) {
        this.id = id;
        this.accountId = accountId;
        this.name = name;
        this.scopes = Scope.join(scopes);
        this.externalId = externalId;
        this.createdAt = createdAt;
        this.secretRotatedAt = createdAt;
    }

    /** Records a new secret; tokens issued before {@code at} are refused from now on. */
    public void secretRotated(Instant at) {
        if (isExternal()) {
            throw new IllegalStateException("An external provider keeps this client's secret");
        }
        secretRotatedAt = at;
    }

    public void delete(Instant at) {
        if (deletedAt == null) {
            deletedAt = at;
        }
    }

    /**
     * Whether a token issued at {@code issuedAt} still speaks for this client: the client exists
     * and its secret has not changed since. Tokens state their issue time in whole seconds, so a
     * token of the very second the secret changed may be older than the change and is refused.
     */
    public boolean accepts(Instant issuedAt) {
        if (deletedAt != null) {
            return false;
        }
        if (!secretRotatedAt.isAfter(createdAt)) {
            return true;
        }
        return issuedAt.getEpochSecond() > secretRotatedAt.getEpochSecond();
    }

    public boolean isExternal() {
        return externalId != null;
    }

    public boolean isActive() {
        return deletedAt == null;
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

    public Set<Scope> scopes() {
        return Scope.split(scopes);
    }

    public String externalId() {
        return externalId;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant secretRotatedAt() {
        return secretRotatedAt;
    }

    public Instant deletedAt() {
        return deletedAt;
    }
}
