package io.chroom.interfaces.security;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The rate limits of {@code /ingest}, counted by the same per-minute windows as the API's: each
 * media node may post {@code CHROOM_INGEST_RATE_LIMIT_PER_MINUTE} batches a minute (6000, far above
 * what a node's event handler sends, which groups its events), shared among {@code
 * CHROOM_RATE_LIMIT_SERVERS} like an account's limit; a request without a node's credential counts
 * against its client address, as a request under {@code /api} without a valid credential does.
 */
@ApplicationScoped
public class IngestLimits {

    @Inject private RateLimiter limiter;

    @Inject
    @ConfigProperty(name = "chroom.ingest.rate.limit.per.minute", defaultValue = "6000")
    private int perNode;

    @Inject
    @ConfigProperty(name = "chroom.rate.limit.servers", defaultValue = "1")
    private int servers;

    @Inject
    @ConfigProperty(name = "chroom.rate.limit.anonymous.per.minute", defaultValue = "100")
    private int anonymousPerMinute;

    @Inject
    @ConfigProperty(name = "chroom.trusted.proxies")
    private Optional<String> trustedProxies;

    private ClientAddress clientAddress;

    @PostConstruct
    void configure() {
        if (perNode < 1) {
            throw new IllegalStateException(
                    "CHROOM_INGEST_RATE_LIMIT_PER_MINUTE must be 1 or more");
        }
        clientAddress = new ClientAddress(trustedProxies.orElse(null));
    }

    /** Takes one batch from the node's window. */
    public RateLimiter.Decision node(String nodeId) {
        return limiter.consume("node:" + nodeId, (perNode + servers - 1) / servers);
    }

    /** Takes one request without a node's credential from its client address's window. */
    public RateLimiter.Decision address(HttpServletRequest request) {
        return limiter.consume(
                "address:" + ClientAddress.subject(clientAddress.of(request)), anonymousPerMinute);
    }
}
