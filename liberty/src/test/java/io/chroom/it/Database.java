package io.chroom.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Direct access to the test server's PostgreSQL database, for the few facts the API cannot set up
 * by itself, such as a meeting whose time ran out an hour ago.
 */
final class Database {

    private Database() {}

    static Connection connect() throws SQLException {
        String host = env("CHROOM_DB_HOST", "127.0.0.1");
        String port = env("CHROOM_DB_PORT", "5432");
        String name = System.getProperty("chroom.db.name", "chroom_test");
        Properties properties = new Properties();
        properties.setProperty("user", env("CHROOM_DB_USER", "chroom"));
        String password = System.getenv("CHROOM_DB_PASSWORD");
        if (password != null) {
            properties.setProperty("password", password);
        }
        return DriverManager.getConnection(
                "jdbc:postgresql://" + host + ":" + port + "/" + name, properties);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
