package io.chroom.application.webhook;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;

/**
 * One delivery of an event to a subscription, with every attempt made.
 *
 * @param state {@code pending}, {@code delivered} or {@code dead}
 */
@JsonbPropertyOrder({"id", "eventId", "eventType", "state", "attempts"})
public record DeliveryView(
        String id,
        String eventId,
        String eventType,
        String subscriptionId,
        String state,
        List<Attempt> attempts,
        Instant nextAttemptAt,
        Instant deliveredAt,
        Instant createdAt) {

    /**
     * One try.
     *
     * @param statusCode the receiver's HTTP status, absent when it did not answer
     * @param latencyMs how long the try took
     * @param error why the try failed, if it did
     */
    public record Attempt(
            int attempt, Instant attemptedAt, Integer statusCode, long latencyMs, String error) {}
}
