package org.haven.web;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.Config;

/**
 * The prod profile refuses to start while anything would leave reporters exposed: demo keys or accounts,
 * missing or weak server keys, plain-HTTP police endpoints, a database connection without TLS. It collects
 * every problem first and refuses once, so an operator fixes them all in one go.
 */
@ApplicationScoped
public class ProductionReadiness {

    private final HavenConfig config;
    private final Config raw;
    private final Instance<ProductionCheck> checks;

    public ProductionReadiness(HavenConfig config, Config raw, Instance<ProductionCheck> checks) {
        this.config = config;
        this.raw = raw;
        this.checks = checks;
    }

    // Before the @Startup beans (ReceiptTokens, ReferralSigningKey), whose own refusals name one problem only.
    void onStart(@Observes @Priority(1) StartupEvent event) throws Throwable {
        if (LaunchMode.current() == LaunchMode.NORMAL) {
            refuseIfUnsafe();
        }
    }

    /** Fails with every problem of {@link #problems()} in one message. */
    public void refuseIfUnsafe() throws Throwable {
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            throw new IllegalStateException(message(problems));
        }
    }

    /** Everything the prod profile refuses in this instance's settings and database. */
    public List<String> problems() throws Throwable {
        List<String> problems = new ArrayList<>();
        problems.addAll(ProductionSettings.keys(config.receiptTokenKey(), config.referral().signingKey()));
        problems.addAll(ProductionSettings.plainHttp(config.referral().allowPlainHttp()));
        problems.addAll(ProductionSettings.database(
                raw.getOptionalValue("quarkus.datasource.reactive.url", String.class),
                raw.getOptionalValue("quarkus.datasource.reactive.postgresql.ssl-mode", String.class),
                raw.getOptionalValue("quarkus.datasource.jdbc.url", String.class),
                config.database().allowPlaintext()));
        for (ProductionCheck check : checks) {
            problems.addAll(VertxContextSupport.subscribeAndAwait(check::problems));
        }
        return problems;
    }

    static String message(List<String> problems) {
        StringBuilder text = new StringBuilder("Haven refuses to start in prod until these ")
                .append(problems.size()).append(" problem(s) are fixed:");
        for (int i = 0; i < problems.size(); i++) {
            text.append("\n  ").append(i + 1).append(". ").append(problems.get(i));
        }
        return text.toString();
    }
}
