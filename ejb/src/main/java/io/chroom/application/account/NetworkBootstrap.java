package io.chroom.application.account;

import io.chroom.application.audit.AuditTrail;
import io.chroom.domain.model.Identifiers;
import io.chroom.domain.model.account.Account;
import io.chroom.domain.model.account.Tier;
import io.chroom.domain.model.audit.AuditEventType;
import io.chroom.infrastructure.security.KeySecrets;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Gives a new network its administrators: on the first start against an empty database, creates the
 * network administrator account and its key. The key is {@code CHROOM_BOOTSTRAP_API_KEY} when set;
 * otherwise one is generated and printed once on the console, since nobody could use the network
 * without it. {@code CHROOM_BOOTSTRAP_RATE_LIMIT_PER_MINUTE} gives the account a rate limit of its
 * own instead of the premium tier's. An advisory lock keeps servers that start together from
 * creating two.
 */
@Startup
@Singleton
@DependsOn("SchemaMigration")
public class NetworkBootstrap {

    private static final long LOCK = 0x6368726f6f6d0002L;

    private static final Logger LOG = Logger.getLogger(NetworkBootstrap.class.getName());

    @PersistenceContext private EntityManager em;

    @EJB private AuditTrail audit;

    @Inject
    @ConfigProperty(name = "chroom.bootstrap.api.key")
    private Optional<String> configuredKey;

    /** The administrators' own rate limit; the premium tier's when unset. */
    @Inject
    @ConfigProperty(name = "chroom.bootstrap.rate.limit.per.minute")
    private Optional<Integer> configuredRateLimit;

    @PostConstruct
    void ensureAdministrators() {
        em.createNativeQuery("select pg_advisory_xact_lock(?1)")
                .setParameter(1, LOCK)
                .getSingleResult();
        long admins =
                em.createQuery(
                                "select count(a) from Account a where a.networkAdmin = true",
                                Long.class)
                        .getSingleResult();
        if (admins > 0) {
            return;
        }

        String secret = configuredKey.filter(k -> !k.isBlank()).orElse(null);
        boolean generated = secret == null;
        if (generated) {
            secret = KeySecrets.newSecret();
        } else if (!KeySecrets.looksLikeKey(secret) || secret.length() < 40) {
            throw new IllegalStateException(
                    "CHROOM_BOOTSTRAP_API_KEY must start with chr_ and be at least 40 characters"
                            + " long; the server will not start with a guessable admin key");
        }

        Account admin =
                new Account(
                        Identifiers.prefixed("acc_"),
                        "Network administrators",
                        Tier.PREMIUM,
                        true,
                        Instant.now().truncatedTo(ChronoUnit.MICROS));
        admin.overrideRateLimit(configuredRateLimit.orElse(null));
        em.persist(admin);
        var key = KeyService.issueFirstKey(em, admin, secret);
        audit.record(
                null,
                AuditEventType.ACCOUNT_CREATED,
                "account",
                admin.id(),
                admin.id(),
                Map.of("name", admin.name(), "network_admin", true, "bootstrap", true));
        audit.record(
                null,
                AuditEventType.KEY_CREATED,
                "key",
                key.id(),
                admin.id(),
                KeyService.auditDetails(key));
        LOG.info(() -> "Created the network administrator account " + admin.id());
        if (generated) {
            System.out.println(
                    "\n==== Chroom bootstrap API key (shown once, store it now) ====\n"
                            + secret
                            + "\n=============================================================\n");
        }
    }
}
