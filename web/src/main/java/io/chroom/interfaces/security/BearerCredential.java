package io.chroom.interfaces.security;

import jakarta.security.enterprise.credential.Credential;

/** The token of an {@code Authorization: Bearer} header, not yet checked. */
final class BearerCredential implements Credential {

    private final String token;

    BearerCredential(String token) {
        this.token = token;
    }

    String token() {
        return token;
    }
}
