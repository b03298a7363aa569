package io.alerthub.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The two databases the hub supports, migrated by the real Flyway scripts: H2 (the embedded default, in the same
 * mode as application.yaml) and a real PostgreSQL started once per test JVM.
 */
public enum Databases {
    H2 {
        @Override
        DataSource create() {
            JdbcDataSource ds = new JdbcDataSource();
            ds.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=PostgreSQL;DB_CLOSE_DELAY=-1");
            ds.setUser("sa");
            return ds;
        }
    },
    POSTGRESQL {
        @Override
        DataSource create() {
            return Postgres.fresh();
        }
    };

    abstract DataSource create();

    /** A new, empty, migrated database of this kind. */
    public DataSource migrated() {
        DataSource ds = create();
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        return ds;
    }

    /** One embedded PostgreSQL server per JVM; each caller gets its own database on it. */
    private static final class Postgres {
        private static EmbeddedPostgres server;

        static synchronized DataSource fresh() {
            try {
                if (server == null) {
                    server = EmbeddedPostgres.builder().start();
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                        try {
                            server.close();
                        } catch (IOException ignored) {
                            // the JVM is going away
                        }
                    }));
                }
                String db = "t" + UUID.randomUUID().toString().replace("-", "");
                try (var c = server.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
                    s.execute("CREATE DATABASE " + db);
                }
                return server.getDatabase("postgres", db);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
