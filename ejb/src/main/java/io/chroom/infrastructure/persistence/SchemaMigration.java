package io.chroom.infrastructure.persistence;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the database schema to the version this build expects before the application serves a
 * request. Flyway holds a PostgreSQL advisory lock while it migrates, so servers that start
 * together on one database migrate it once. It works on a non-transactional data source because it
 * commits each migration itself.
 */
@Startup
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SchemaMigration {

    private static final Logger LOG = Logger.getLogger(SchemaMigration.class.getName());

    @Resource(lookup = "jdbc/chroomMigrations")
    private DataSource migrations;

    @PostConstruct
    void migrate() {
        MigrateResult result =
                Flyway.configure(SchemaMigration.class.getClassLoader())
                        .dataSource(migrations)
                        .locations("classpath:db/migration")
                        // Liberty finds a classpath folder only by a marker file inside it;
                        // db/callback holds no callback but a marker, for Flyway's default scan.
                        .failOnMissingLocations(true)
                        .load()
                        .migrate();
        LOG.info(
                () ->
                        "Database schema at version "
                                + result.targetSchemaVersion
                                + " ("
                                + result.migrationsExecuted
                                + " migrations applied now)");
    }
}
