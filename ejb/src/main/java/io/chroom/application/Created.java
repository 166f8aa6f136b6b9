package io.chroom.application;

/**
 * The answer to a creating request.
 *
 * @param value what was created, as it was first answered
 * @param replayed whether this answer replays an earlier request with the same idempotency key
 */
public record Created<T>(T value, boolean replayed) {}
