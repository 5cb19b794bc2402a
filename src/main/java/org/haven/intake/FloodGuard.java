package org.haven.intake;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.TreeMap;
import org.haven.crypto.KeyedHash;
import org.haven.web.HavenConfig;
import org.haven.web.Problem;

/**
 * The shared memory of flood protection, in PostgreSQL so that every replica sees the same numbers: redeemed
 * challenges (replay), the no-JavaScript budget, and mailbox sign-in limits. It never sees an address or a
 * cookie; sign-in attempts are counted per keyed, truncated token hash that does not match report.token_hash.
 */
@ApplicationScoped
public class FloodGuard {

    static final String NO_JS = "no-js";
    static final String FAILED_SIGN_IN = "sign-in-failed";
    static final String SIGN_IN_TOKEN = "sign-in-token";
    private static final byte[] GLOBAL = new byte[0];
    private static final long DIFFICULTY_CACHE_MILLIS = 1000;

    private static final String CLAIM = "insert into used_challenge (challenge_hash, expires_at) values ($1, $2) "
            + "on conflict do nothing returning 1";
    private static final String COUNT = "insert into flood_counter (name, subject, window_start, hits) "
            + "values ($1, $2, $3, 1) on conflict (name, subject, window_start) "
            + "do update set hits = flood_counter.hits + 1 where flood_counter.hits < $4 returning hits";
    private static final String HITS = "select hits from flood_counter where name = $1 and subject = $2 "
            + "and window_start = $3";
    // Challenges issued within the last minute that were redeemed: expiry minus lifetime is the issue time.
    private static final String RECENT = "select count(*) from used_challenge where expires_at > $1";

    private final Pool pool;
    private final HavenConfig.Flood config;
    private final TreeMap<Long, Integer> steps;
    private final byte[] subjectKey;
    private final Clock clock = Clock.systemUTC();
    private volatile int difficulty;
    private volatile long difficultyAt;

    public FloodGuard(Pool pool, HavenConfig config, ReceiptTokens tokens) {
        this.pool = pool;
        this.config = config.flood();
        this.steps = parseSteps(this.config.difficultySteps());
        this.subjectKey = tokens.derive("flood-sign-in-subject");
        this.difficulty = steps.firstEntry().getValue();
    }

    /** Bits of work to ask for now: a step up for each rate threshold the last minute's redemptions crossed. */
    public Uni<Integer> difficulty() {
        long now = clock.millis();
        if (now - difficultyAt < DIFFICULTY_CACHE_MILLIS) {
            return Uni.createFrom().item(difficulty);
        }
        Instant since = clock.instant().plus(config.challengeLifetime()).minusSeconds(60);
        return pool.preparedQuery(RECENT).execute(Tuple.of(at(since)))
                .map(rows -> {
                    long rate = rows.iterator().next().getLong(0);
                    difficulty = steps.floorEntry(rate).getValue();
                    difficultyAt = now;
                    return difficulty;
                });
    }

    /** Marks a verified challenge redeemed, on every replica; 409 if it was redeemed before. */
    public Uni<Void> redeem(String challenge, Instant expires) {
        return pool.preparedQuery(CLAIM)
                .execute(Tuple.of(bytes(IntakeService.sha256(challenge)), at(expires)))
                .invoke(rows -> {
                    if (rows.size() == 0) {
                        throw new Problem(409, "Challenge already used", "Fetch a new challenge and solve it.");
                    }
                })
                .replaceWithVoid();
    }

    /** Counts one submission without a proof against the global budget; false when the minute's budget is spent. */
    public Uni<Boolean> spendNoJs() {
        return count(NO_JS, GLOBAL, config.noJsPerMinute());
    }

    /**
     * Whether a sign-in with this token may be tried now: the global failed-sign-in budget is not spent, and
     * this token has not been tried too often this minute (which also counts this attempt).
     */
    public Uni<Boolean> admitSignIn(byte[] token) {
        return failedBudgetLeft().chain(left -> left ? count(SIGN_IN_TOKEN, subject(token), config.signInsPerToken())
                : Uni.createFrom().item(false));
    }

    /**
     * Guards a lookup by token other than the sign-in (consent, message, withdraw): every such request is as
     * good as a sign-in for testing a guessed receipt, so it waits while the failed budget is spent, and a miss
     * counts against it. A 429 problem when the budget is spent.
     */
    public <T> Uni<T> tokenLookup(Uni<T> lookup, java.util.function.Predicate<T> matched) {
        return failedBudgetLeft().chain(left -> {
            if (!left) {
                return Uni.createFrom().failure(ReportApi.tooManySignIns());
            }
            return lookup.call(result -> matched.test(result) ? Uni.createFrom().voidItem() : signInFailed());
        });
    }

    private Uni<Boolean> failedBudgetLeft() {
        return pool.preparedQuery(HITS).execute(Tuple.of(FAILED_SIGN_IN, bytes(GLOBAL), at(window())))
                .map(rows -> (rows.size() == 0 ? 0 : rows.iterator().next().getInteger(0))
                        < config.failedSignInsPerMinute());
    }

    /** Records a sign-in that matched no report. */
    public Uni<Void> signInFailed() {
        return count(FAILED_SIGN_IN, GLOBAL, Integer.MAX_VALUE).replaceWithVoid();
    }

    /** Forgets redeemed challenges once they have expired and counters once their minute is over. */
    @Scheduled(every = "1m", delayed = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purge() {
        return pool.preparedQuery("delete from used_challenge where expires_at < $1").execute(Tuple.of(at(clock.instant())))
                .chain(() -> pool.preparedQuery("delete from flood_counter where window_start < $1")
                        .execute(Tuple.of(at(window()))))
                .replaceWithVoid();
    }

    private Uni<Boolean> count(String name, byte[] subject, int limit) {
        return pool.preparedQuery(COUNT).execute(Tuple.of(name, bytes(subject), at(window()), limit))
                .map(rows -> rows.size() == 1);
    }

    private Instant window() {
        return clock.instant().truncatedTo(ChronoUnit.MINUTES);
    }

    /** 8 bytes of a keyed hash: enough to tell tokens apart for a minute, not a key into the report table. */
    private byte[] subject(byte[] token) {
        byte[] data = new byte[token.length + 1];
        System.arraycopy(token, 0, data, 1, token.length);
        return Arrays.copyOf(KeyedHash.hmacSha256(subjectKey, data), 8);
    }

    static TreeMap<Long, Integer> parseSteps(String text) {
        TreeMap<Long, Integer> parsed = new TreeMap<>();
        for (String step : text.split(",")) {
            String[] pair = step.trim().split(":");
            int bits = Integer.parseInt(pair[1].trim());
            if (bits < 1 || bits > 32) {
                throw new IllegalArgumentException("haven.flood.difficulty-steps: bits must be 1 to 32");
            }
            parsed.put(Long.parseLong(pair[0].trim()), bits);
        }
        if (!parsed.containsKey(0L)) {
            throw new IllegalArgumentException("haven.flood.difficulty-steps must start at rate 0");
        }
        return parsed;
    }

    private static io.vertx.core.buffer.Buffer bytes(byte[] value) {
        return Buffer.buffer(value).getDelegate();
    }

    private static OffsetDateTime at(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

}
