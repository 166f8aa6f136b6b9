package io.chroom.application.console;

import java.time.Instant;

/** A console user as the API shows it: never the password or its hash. */
public record UserView(String id, String accountId, String email, String role, Instant createdAt) {}
