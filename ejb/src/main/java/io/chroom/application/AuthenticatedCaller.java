package io.chroom.application;

import jakarta.enterprise.context.RequestScoped;

/**
 * The caller the authentication mechanism recognised for this request, checked against the database
 * a moment before, so that services need not read the credential a second time.
 */
@RequestScoped
public class AuthenticatedCaller {

    private Caller caller;

    public void set(Caller caller) {
        this.caller = caller;
    }

    /** The recognised caller, or null outside a request that presented a credential. */
    public Caller get() {
        return caller;
    }
}
