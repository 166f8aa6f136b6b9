package io.chroom.interfaces.security;

import jakarta.security.enterprise.credential.Credential;

/**
 * An open console session, named by the digest of its secret, to be checked again on each request:
 * it may have ended on another server, or its user may have been removed.
 */
final class ConsoleSessionCredential implements Credential {

    private final byte[] sessionDigest;

    ConsoleSessionCredential(byte[] sessionDigest) {
        this.sessionDigest = sessionDigest.clone();
    }

    byte[] sessionDigest() {
        return sessionDigest.clone();
    }
}
