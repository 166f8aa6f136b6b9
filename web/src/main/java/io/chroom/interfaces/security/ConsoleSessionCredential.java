package io.chroom.interfaces.security;

import jakarta.security.enterprise.credential.Credential;

/** The console user an open HTTP session belongs to, to be checked again on each request. */
final class ConsoleSessionCredential implements Credential {

    private final String userId;

    ConsoleSessionCredential(String userId) {
        this.userId = userId;
    }

    String userId() {
        return userId;
    }
}
