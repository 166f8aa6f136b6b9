package io.chroom.domain.model.audit;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The kinds of security event the audit trail records, named as the API shows them. */
public enum AuditEventType {
    KEY_CREATED("key.created"),
    KEY_REVOKED("key.revoked"),
    CLIENT_CREATED("oauth_client.created"),
    CLIENT_ROTATED("oauth_client.rotated"),
    CLIENT_DELETED("oauth_client.deleted"),
    ACCOUNT_CREATED("account.created"),
    ACCOUNT_CHANGED("account.changed"),
    NODE_REGISTERED("node.registered"),
    NODE_CHANGED("node.changed"),
    NODE_DRAINED("node.drained"),
    NODE_REMOVED("node.removed"),
    CONSOLE_USER_CREATED("console_user.created"),
    CONSOLE_USER_REMOVED("console_user.removed"),
    /** A console user changed their own password. */
    CONSOLE_PASSWORD_CHANGED("console_user.password_changed"),
    /** A person signed in to the console. */
    CONSOLE_SIGNED_IN("console.signed_in"),
    /** A console sign-in with an unknown address or a wrong password. */
    CONSOLE_SIGN_IN_FAILED("console.sign_in_failed"),
    CONSOLE_SIGNED_OUT("console.signed_out"),
    /** Repeated failures locked console sign-in for an email address or a client address. */
    CONSOLE_SIGN_IN_LOCKED("console.sign_in_locked"),
    /** Requests with a credential that is not valid, counted per source address and minute. */
    AUTH_FAILED("auth.failed"),
    /** A valid credential that lacked the scope of the operation it asked for (403). */
    SCOPE_REFUSED("scope.refused");

    private final String value;

    AuditEventType(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public static Optional<AuditEventType> fromValue(String value) {
        return Arrays.stream(values())
                .filter(t -> t.value.equals(value.toLowerCase(Locale.ROOT)))
                .findFirst();
    }
}
