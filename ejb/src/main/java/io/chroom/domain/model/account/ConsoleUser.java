package io.chroom.domain.model.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A person who signs in to the console with an email address and a password, and then acts for
 * their account with the scopes of their role. The password is never stored: only a salted PBKDF2
 * hash, which names its own algorithm and iterations so that stronger settings can come later
 * without invalidating older hashes. A removed user can no longer sign in, and a session already
 * open stops working on its next request.
 */
@Entity
@Table(name = "console_users")
public class ConsoleUser {

    @Id private String id;

    @Column(name = "account_id", nullable = false)
    private String accountId;

    @Column(nullable = false)
    private String email;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private ConsoleRole role;

    @Column(name = "password_hash", nullable = false)
    private String passwordHash;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "removed_at")
    private Instant removedAt;

    protected ConsoleUser() {}

    public ConsoleUser(
            String id,
            String accountId,
            String email,
            ConsoleRole role,
            String passwordHash,
            Instant createdAt) {
        this.id = id;
        this.accountId = accountId;
        this.email = email;
        this.role = role;
        this.passwordHash = passwordHash;
        this.createdAt = createdAt;
    }

    /** Replaces the password's hash; the caller checked the current password first. */
    public void changePassword(String newHash) {
        this.passwordHash = newHash;
    }

    public void remove(Instant at) {
        this.removedAt = at;
    }

    public boolean isActive() {
        return removedAt == null;
    }

    public String id() {
        return id;
    }

    public String accountId() {
        return accountId;
    }

    public String email() {
        return email;
    }

    public ConsoleRole role() {
        return role;
    }

    public String passwordHash() {
        return passwordHash;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant removedAt() {
        return removedAt;
    }
}
