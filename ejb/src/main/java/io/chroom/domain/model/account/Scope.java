package io.chroom.domain.model.account;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A permission a credential carries. Each scope is also a container security role of the same name,
 * so {@code @RolesAllowed} checks scopes.
 */
public enum Scope {
    MEETINGS_READ("meetings:read"),
    MEETINGS_WRITE("meetings:write"),
    NODES_READ("nodes:read"),
    NODES_ADMIN("nodes:admin"),
    ANALYTICS_READ("analytics:read"),
    TOKENS_READ("tokens:read"),
    TOKENS_WRITE("tokens:write"),
    GOVERNANCE_WRITE("governance:write"),
    KEYS_ADMIN("keys:admin"),
    ACCOUNTS_ADMIN("accounts:admin"),
    WEBHOOKS_ADMIN("webhooks:admin");

    /** Role names, for {@code @RolesAllowed} and {@code @DeclareRoles}. */
    public static final String MEETINGS_READ_ROLE = "meetings:read";

    public static final String MEETINGS_WRITE_ROLE = "meetings:write";
    public static final String NODES_READ_ROLE = "nodes:read";
    public static final String NODES_ADMIN_ROLE = "nodes:admin";
    public static final String TOKENS_READ_ROLE = "tokens:read";
    public static final String TOKENS_WRITE_ROLE = "tokens:write";
    public static final String GOVERNANCE_WRITE_ROLE = "governance:write";
    public static final String KEYS_ADMIN_ROLE = "keys:admin";
    public static final String ACCOUNTS_ADMIN_ROLE = "accounts:admin";

    /** Scopes that belong to network administrators, never to a customer account. */
    public static final Set<Scope> NETWORK_ADMIN_ONLY =
            Collections.unmodifiableSet(EnumSet.of(ACCOUNTS_ADMIN, NODES_ADMIN));

    private final String value;

    Scope(String value) {
        this.value = value;
    }

    /** The wire and role name, such as {@code meetings:read}. */
    public String value() {
        return value;
    }

    public static Optional<Scope> fromValue(String value) {
        return Arrays.stream(values()).filter(s -> s.value.equals(value)).findFirst();
    }

    /** Every scope an account may hold: all but the network administrators' own. */
    public static Set<Scope> customerScopes() {
        EnumSet<Scope> scopes = EnumSet.allOf(Scope.class);
        scopes.removeAll(NETWORK_ADMIN_ONLY);
        return scopes;
    }

    /** Space-separated form, as stored and as OAuth 2.0 writes scope lists. */
    public static String join(Set<Scope> scopes) {
        return scopes.stream().map(Scope::value).sorted().collect(Collectors.joining(" "));
    }

    public static Set<Scope> split(String joined) {
        EnumSet<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String part : joined.split(" ")) {
            fromValue(part).ifPresent(scopes::add);
        }
        return scopes;
    }
}
