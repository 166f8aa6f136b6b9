package io.chroom.application.console;

import io.chroom.application.audit.AuditTrail;
import io.chroom.domain.model.Identifiers;
import io.chroom.domain.model.account.Account;
import io.chroom.domain.model.account.ConsoleRole;
import io.chroom.domain.model.account.ConsoleUser;
import io.chroom.domain.model.audit.AuditEventType;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Gives the network administrators a first person to sign in to the console: when their account has
 * no console user, creates an owner with {@code CHROOM_BOOTSTRAP_CONSOLE_EMAIL} (default {@code
 * admin@chroom.local}) and {@code CHROOM_BOOTSTRAP_CONSOLE_PASSWORD}. Without a configured password
 * one is generated and printed once on the console. Servers that start together take an advisory
 * lock, so only one of them creates the user.
 */
@Startup
@Singleton
@DependsOn("NetworkBootstrap")
public class ConsoleBootstrap {

    private static final long LOCK = 0x6368726f6f6d0003L;

    private static final Logger LOG = Logger.getLogger(ConsoleBootstrap.class.getName());

    @PersistenceContext private EntityManager em;

    @Inject private Pbkdf2PasswordHash passwords;

    @EJB private AuditTrail audit;

    @Inject
    @ConfigProperty(name = "chroom.bootstrap.console.email", defaultValue = "admin@chroom.local")
    private String email;

    @Inject
    @ConfigProperty(name = "chroom.bootstrap.console.password")
    private Optional<String> configuredPassword;

    @PostConstruct
    void ensureFirstUser() {
        em.createNativeQuery("select pg_advisory_xact_lock(?1)")
                .setParameter(1, LOCK)
                .getSingleResult();
        Account admins =
                em.createQuery(
                                "select a from Account a where a.networkAdmin = true"
                                        + " order by a.createdAt",
                                Account.class)
                        .setMaxResults(1)
                        .getSingleResult();
        long users =
                em.createQuery(
                                "select count(u) from ConsoleUser u where u.accountId = :account",
                                Long.class)
                        .setParameter("account", admins.id())
                        .getSingleResult();
        if (users > 0) {
            return;
        }

        String password = configuredPassword.filter(p -> !p.isBlank()).orElse(null);
        boolean generated = password == null;
        if (generated) {
            password = Identifiers.random(20);
        } else if (password.length() < 12) {
            throw new IllegalStateException(
                    "CHROOM_BOOTSTRAP_CONSOLE_PASSWORD must be at least 12 characters long");
        }
        passwords.initialize(ConsoleUserService.HASH_PARAMETERS);
        ConsoleUser user =
                new ConsoleUser(
                        Identifiers.prefixed("usr_"),
                        admins.id(),
                        email.trim(),
                        ConsoleRole.OWNER,
                        passwords.generate(password.toCharArray()),
                        Instant.now().truncatedTo(ChronoUnit.MICROS));
        em.persist(user);
        audit.record(
                null,
                AuditEventType.CONSOLE_USER_CREATED,
                "console_user",
                user.id(),
                admins.id(),
                Map.of("email", user.email(), "role", "owner", "bootstrap", true));
        LOG.info(
                () ->
                        "Created the console user "
                                + user.email()
                                + " of the network administrators");
        if (generated) {
            System.out.println(
                    "\n==== Chroom console sign-in (shown once, store it now) ====\n"
                            + user.email()
                            + "\n"
                            + password
                            + "\n===========================================================\n");
        }
    }
}
