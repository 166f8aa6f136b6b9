package io.chroom.infrastructure.security;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reads the credential generation from the database every quarter of a second (by default), so that
 * a credential revoked on any server stops working on this one within that time. Every server runs
 * its own watch: it keeps that server's memory in step, it decides nothing for the others.
 */
@Startup
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class CredentialGenerationWatch {

    private static final Logger LOG = Logger.getLogger(CredentialGenerationWatch.class.getName());

    @Resource private ManagedScheduledExecutorService scheduler;

    @Resource(lookup = "jdbc/chroom")
    private DataSource database;

    @Inject private CredentialGeneration generation;

    @Inject
    @ConfigProperty(name = "chroom.credential.watch.millis", defaultValue = "250")
    private long intervalMillis;

    private ScheduledFuture<?> watch;

    private volatile boolean failing;

    @PostConstruct
    void start() {
        watch =
                scheduler.scheduleWithFixedDelay(
                        this::read, 0, intervalMillis, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        watch.cancel(false);
    }

    private void read() {
        try (Connection connection = database.getConnection();
                Statement statement = connection.createStatement();
                ResultSet row =
                        statement.executeQuery(
                                "select value from credential_generation where id = 1")) {
            if (row.next()) {
                generation.observed(row.getLong(1));
            }
            if (failing) {
                failing = false;
                LOG.info("The credential generation is readable again; checks are reused again");
            }
        } catch (SQLException | RuntimeException e) {
            generation.lost();
            if (!failing) {
                failing = true;
                LOG.log(
                        Level.WARNING,
                        "The credential generation could not be read; every credential is checked"
                                + " against the database until it can",
                        e);
            }
        }
    }
}
