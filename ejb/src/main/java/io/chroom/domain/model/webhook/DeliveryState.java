package io.chroom.domain.model.webhook;

/**
 * Where one delivery of an event to one subscription stands: {@code pending} until the receiver
 * answers 2xx ({@code delivered}), or until retries run out ({@code dead}).
 */
public enum DeliveryState {
    PENDING,
    DELIVERED,
    DEAD;

    public String value() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
