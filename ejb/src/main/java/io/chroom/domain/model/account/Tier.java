package io.chroom.domain.model.account;

/** An account's commercial tier; it sets the default rate limit. */
public enum Tier {
    STANDARD(100),
    PREMIUM(1000);

    private final int requestsPerMinute;

    Tier(int requestsPerMinute) {
        this.requestsPerMinute = requestsPerMinute;
    }

    public int defaultRequestsPerMinute() {
        return requestsPerMinute;
    }
}
