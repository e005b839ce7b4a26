package dev.digitrecognizer.gateway.feedback;

import dev.digitrecognizer.gateway.config.GatewayConfig;
import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.AgroalConnectionPoolConfiguration.ConnectionValidator;
import io.agroal.api.configuration.AgroalConnectionPoolConfiguration.ExceptionSorter;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.StringJoiner;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

/**
 * Feedback rows in a database: PostgreSQL, or by default an H2 file, through the same JDBC and
 * the same Flyway migrations ({@code db/feedback}). The schema is migrated at start, or at the
 * first call after the database came back; while it cannot be reached every call fails with
 * {@link FeedbackRejected.Reason#UNAVAILABLE}, and nothing else in the gateway depends on it.
 */
@ApplicationScoped
public class FeedbackStore {
    private static final Logger LOG = Logger.getLogger(FeedbackStore.class);
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String UNREACHABLE = "Feedback cannot be saved right now. Try again in a moment.";

    private final AgroalDataSource dataSource;
    private volatile boolean migrated;

    FeedbackStore(GatewayConfig config) {
        GatewayConfig.Feedback.Db db = config.feedback().db();
        createFolder(db.url());
        AgroalDataSourceConfigurationSupplier supplier = new AgroalDataSourceConfigurationSupplier()
                .connectionPoolConfiguration(pool -> pool.initialSize(0)
                        .minSize(0)
                        .maxSize(db.maxConnections())
                        .acquisitionTimeout(db.connectTimeout())
                        .validateOnBorrow(true)
                        .connectionValidator(ConnectionValidator.defaultValidatorWithTimeout(
                                (int) Math.max(1, db.connectTimeout().toSeconds())))
                        .exceptionSorter(ExceptionSorter.defaultExceptionSorter())
                        .connectionFactoryConfiguration(factory -> {
                            factory.jdbcUrl(db.url()).loginTimeout(db.connectTimeout());
                            db.username().ifPresent(user -> factory.principal(new NamePrincipal(user)));
                            db.password().ifPresent(password -> factory.credential(new SimplePassword(password)));
                            if (db.url().startsWith("jdbc:postgresql:")) {
                                factory.jdbcProperty(
                                        "connectTimeout",
                                        String.valueOf(
                                                Math.max(1, db.connectTimeout().toSeconds())));
                            }
                            return factory;
                        }));
        try {
            this.dataSource = AgroalDataSource.from(supplier);
        } catch (SQLException e) {
            throw new IllegalStateException("gateway.feedback.db.url is not a database this gateway can use", e);
        }
        try {
            migrate();
        } catch (FeedbackRejected e) {
            LOG.warnf("the feedback database cannot be reached yet; feedback answers 503 until it can");
        }
    }

    /** An H2 file database's folder is made at start, as a fresh checkout has none. */
    private static void createFolder(String url) {
        String prefix = "jdbc:h2:file:";
        if (url.startsWith(prefix)) {
            Path file = Path.of(url.substring(prefix.length()).split(";", 2)[0]);
            Path folder = file.toAbsolutePath().getParent();
            try {
                Files.createDirectories(folder);
            } catch (IOException e) {
                throw new IllegalStateException("cannot create the feedback database's folder " + folder, e);
            }
        }
    }

    @PreDestroy
    void close() {
        dataSource.close();
    }

    private void migrate() {
        if (migrated) {
            return;
        }
        synchronized (this) {
            if (migrated) {
                return;
            }
            try {
                Flyway.configure()
                        .dataSource(dataSource)
                        .locations("classpath:db/feedback")
                        .load()
                        .migrate();
                migrated = true;
            } catch (RuntimeException e) {
                LOG.debugf(e, "feedback schema migration failed");
                throw unavailable(e);
            }
        }
    }

    /** Stores the feedback on one answer; {@link FeedbackRejected.Reason#FEEDBACK_EXISTS} if it has some. */
    public void save(String key, Answered answered, Truth truth, Instant received) {
        migrate();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                insert(connection, key, answered, truth, received);
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw new FeedbackRejected(
                        FeedbackRejected.Reason.FEEDBACK_EXISTS,
                        "This answer already has its feedback; each answer takes one.");
            }
            throw unavailable(e);
        }
    }

    private static void insert(Connection connection, String key, Answered answered, Truth truth, Instant received)
            throws SQLException {
        try (PreparedStatement feedback = connection.prepareStatement(
                "INSERT INTO feedback (answer_key, received_at, answered_at, kind, label, detector, detector_version)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            feedback.setString(1, key);
            feedback.setObject(2, OffsetDateTime.ofInstant(received, ZoneOffset.UTC));
            feedback.setObject(3, OffsetDateTime.ofInstant(answered.at(), ZoneOffset.UTC));
            feedback.setString(4, answered.kind().name().toLowerCase());
            feedback.setString(5, truth.label());
            feedback.setString(6, answered.detector().name());
            feedback.setString(7, answered.detector().version());
            feedback.executeUpdate();
        }
        try (PreparedStatement mark = connection.prepareStatement(
                        "INSERT INTO feedback_mark (answer_key, position, pixels, verdict, actual) VALUES (?, ?, ?, ?, ?)");
                PreparedStatement prediction = connection.prepareStatement(
                        "INSERT INTO feedback_prediction (answer_key, position, model, version, digit, probabilities)"
                                + " VALUES (?, ?, ?, ?, ?, ?)")) {
            for (int k = 0; k < answered.marks().size(); k++) {
                Answered.Mark drawn = answered.marks().get(k);
                mark.setString(1, key);
                mark.setShort(2, (short) k);
                mark.setBytes(3, drawn.pixels());
                mark.setString(4, drawn.digit() ? "digit" : Truth.NOT_A_DIGIT_LABEL);
                if (truth.actual()[k] == Truth.UNKNOWN) {
                    mark.setNull(5, Types.SMALLINT);
                } else {
                    mark.setShort(5, (short) truth.actual()[k]);
                }
                mark.addBatch();
                for (int m = 0; m < answered.models().size(); m++) {
                    Answered.Guess guess = drawn.guesses().get(m);
                    prediction.setString(1, key);
                    prediction.setShort(2, (short) k);
                    prediction.setString(3, answered.models().get(m).name());
                    prediction.setString(4, answered.models().get(m).version());
                    prediction.setShort(5, (short) guess.digit());
                    prediction.setString(6, joined(guess.probabilities()));
                    prediction.addBatch();
                }
            }
            mark.executeBatch();
            prediction.executeBatch();
        }
    }

    private static String joined(float[] probabilities) {
        StringJoiner joined = new StringJoiner(",");
        for (float p : probabilities) {
            joined.add(Float.toString(p));
        }
        return joined.toString();
    }

    /** Deletes the feedback received before {@code cutoff}; how many answers' feedback went. */
    public int deleteBefore(Instant cutoff) {
        migrate();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement("DELETE FROM feedback WHERE received_at < ?")) {
            delete.setObject(1, OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC));
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /**
     * Every stored drawing whose true label is known, oldest first, counted now and read when
     * written, in one repeatable-read transaction, so that the count and the rows agree; the
     * caller closes it.
     */
    public Export export() {
        migrate();
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try (PreparedStatement counted =
                            connection.prepareStatement("SELECT COUNT(*) FROM feedback_mark WHERE actual IS NOT NULL");
                    ResultSet rows = counted.executeQuery()) {
                rows.next();
                return new Export(connection, rows.getInt(1));
            }
        } catch (SQLException e) {
            closeQuietly(connection);
            throw unavailable(e);
        }
    }

    /** An export under way: its count is known, its rows are read as they are written. */
    public static final class Export implements AutoCloseable {
        private final Connection connection;
        private final int count;

        private Export(Connection connection, int count) {
            this.connection = connection;
            this.count = count;
        }

        public int count() {
            return count;
        }

        /** Writes the drawings as {@link TrainingExport} lays them out. */
        public void writeTo(OutputStream out) throws IOException {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT m.pixels, m.actual FROM feedback_mark m JOIN feedback f ON f.answer_key = m.answer_key"
                            + " WHERE m.actual IS NOT NULL ORDER BY f.received_at, m.answer_key, m.position")) {
                select.setFetchSize(500);
                try (ResultSet rows = select.executeQuery();
                        TrainingExport export = new TrainingExport(out, count)) {
                    while (rows.next()) {
                        export.add(rows.getBytes(1), rows.getShort(2));
                    }
                }
            } catch (SQLException e) {
                throw new IOException("the feedback database failed during an export", e);
            }
        }

        @Override
        public void close() {
            try {
                connection.rollback();
            } catch (SQLException e) {
                LOG.debugf(e, "rollback after an export");
            }
            closeQuietly(connection);
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debugf(e, "closing a feedback connection");
        }
    }

    private static FeedbackRejected unavailable(Exception e) {
        LOG.warnf("feedback database: %s", e.getMessage());
        return new FeedbackRejected(FeedbackRejected.Reason.UNAVAILABLE, UNREACHABLE);
    }
}
