package io.chroom.domain.model.webhook;

import java.util.Arrays;
import java.util.Optional;

/** What happened, as receivers see it in an event's {@code type}. */
public enum EventType {
    MEETING_CREATED("meeting.created"),
    MEETING_STARTED("meeting.started"),
    MEETING_ENDED("meeting.ended"),
    MEETING_CANCELLED("meeting.cancelled"),
    MEETING_MOVED("meeting.moved"),
    PARTICIPANT_JOINED("participant.joined"),
    PARTICIPANT_LEFT("participant.left"),
    NODE_DOWN("node.down"),
    NODE_UP("node.up"),
    PAYMENT_CONFIRMED("payment.confirmed"),
    PAYMENT_FAILED("payment.failed"),
    EPOCH_SETTLED("epoch.settled"),
    /** Sent on request to test a subscription; every subscription receives it. */
    WEBHOOK_PING("webhook.ping");

    private final String value;

    EventType(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public static Optional<EventType> fromValue(String value) {
        return Arrays.stream(values()).filter(t -> t.value.equals(value)).findFirst();
    }
}
