package io.chroom.interfaces.health;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** The server is ready only while PostgreSQL answers within two seconds. */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {

    @Resource(lookup = "jdbc/chroom")
    private DataSource database;

    @Override
    public HealthCheckResponse call() {
        try (Connection connection = database.getConnection()) {
            boolean valid = connection.isValid(2);
            return HealthCheckResponse.named("database").status(valid).build();
        } catch (SQLException e) {
            return HealthCheckResponse.named("database")
                    .down()
                    .withData("error", "no connection to PostgreSQL")
                    .build();
        }
    }
}
