package io.chroom.domain.model.account;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a person signed in to the console may do for their account. A role grants scopes, so the
 * console is held to exactly the checks an API key is: a viewer reads, an admin and an owner do
 * everything the account may do, and only an owner manages the account's people.
 */
public enum ConsoleRole {
    OWNER,
    ADMIN,
    VIEWER;

    /** The read scopes, all a viewer holds. */
    private static final Set<Scope> READ =
            EnumSet.of(
                    Scope.MEETINGS_READ, Scope.NODES_READ, Scope.ANALYTICS_READ, Scope.TOKENS_READ);

    /** The scopes a user of this role holds in {@code account}. */
    public Set<Scope> scopesIn(Account account) {
        EnumSet<Scope> scopes = EnumSet.copyOf(READ);
        if (this != VIEWER) {
            scopes.addAll(account.grantableScopes());
        }
        return scopes;
    }

    /** Whether a user of this role may give another user {@code other}. */
    public boolean mayGrant(ConsoleRole other) {
        return this == OWNER || (this == ADMIN && other != OWNER);
    }

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ConsoleRole> fromValue(String value) {
        return Arrays.stream(values()).filter(r -> r.value().equals(value)).findFirst();
    }
}
