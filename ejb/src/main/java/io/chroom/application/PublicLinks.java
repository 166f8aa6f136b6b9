package io.chroom.application;

import io.chroom.domain.model.meeting.Meeting;
import io.chroom.infrastructure.security.LinkSigner;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Builds the links integrators hand to people, {@code /start/{id}} for the host and {@code
 * /join/{id}} for participants, on the public URL the operator configured ({@code
 * CHROOM_PUBLIC_URL}).
 *
 * <p>The host's link carries a signed credential that expires an hour after the meeting's planned
 * end. The signing secret comes from {@code CHROOM_SIGNING_SECRET}; without it, a random secret is
 * generated once and kept in the database so that every server of a deployment signs alike.
 */
@Startup
@Singleton
@DependsOn("SchemaMigration")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class PublicLinks {

    static final String HOST_PURPOSE = "meeting-host";

    private static final Logger LOG = Logger.getLogger(PublicLinks.class.getName());

    @Inject
    @ConfigProperty(name = "chroom.public.url", defaultValue = "https://localhost:9443")
    private String publicUrl;

    @Inject
    @ConfigProperty(name = "chroom.signing.secret")
    private Optional<String> configuredSecret;

    @PersistenceContext private EntityManager em;

    private volatile LinkSigner signer;
    private volatile String base;

    @PostConstruct
    void init() {
        base = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        URI.create(base);
        byte[] secret;
        if (configuredSecret.isPresent() && configuredSecret.get().length() >= 32) {
            secret = configuredSecret.get().getBytes(StandardCharsets.UTF_8);
        } else {
            if (configuredSecret.isPresent()) {
                LOG.warning(
                        "CHROOM_SIGNING_SECRET is shorter than 32 characters and is ignored;"
                                + " using the generated secret kept in the database");
            }
            secret = storedSecret();
        }
        signer = new LinkSigner(secret);
    }

    private byte[] storedSecret() {
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        em.createNativeQuery(
                        "insert into server_secrets (name, value) values ('link-signing', ?1)"
                                + " on conflict (name) do nothing")
                .setParameter(1, fresh)
                .executeUpdate();
        return (byte[])
                em.createNativeQuery("select value from server_secrets where name = 'link-signing'")
                        .getSingleResult();
    }

    public String startUrl(Meeting meeting) {
        String token = signer.sign(HOST_PURPOSE, meeting.id(), meeting.hostLinkExpiry());
        return base + "/start/" + meeting.id() + "?token=" + token;
    }

    public String joinUrl(Meeting meeting) {
        return base + "/join/" + meeting.id();
    }

    /** Whether {@code token} is a host credential for the meeting that has not expired. */
    public boolean isValidHostToken(String meetingId, String token, Instant now) {
        return signer.verify(HOST_PURPOSE, meetingId, token)
                .map(expiry -> now.isBefore(expiry))
                .orElse(false);
    }
}
