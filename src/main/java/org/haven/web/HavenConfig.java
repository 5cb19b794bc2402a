package org.haven.web;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Settings of one Haven instance: the advocacy body that runs it and how it treats reports. */
@ConfigMapping(prefix = "haven")
public interface HavenConfig {

    /** The advocacy body shown on every page; several bodies may run Haven under their own names. */
    Organisation organisation();

    /** Where "exit this page" goes: a neutral, busy site (default BBC Weather) that draws no attention. */
    @WithDefault("https://www.bbc.co.uk/weather")
    String quickExitUrl();

    Intake intake();

    /**
     * Base64 key for the keyed hash of mailbox lookup tokens (at least 32 bytes). Required in prod, where it
     * comes from a Kubernetes Secret; dev and tests generate one under {@code devKeys.directory}.
     */
    Optional<String> receiptTokenKey();

    DevKeys devKeys();

    Staff staff();

    Referral referral();

    Database database();

    Flood flood();

    Attachments attachments();

    /**
     * The instance's Tor onion service address ({@code <56 base32 characters>.onion}); unset by default. When
     * set, reporter pages send {@code Onion-Location} so Tor Browser offers the onion address, which hides
     * even the fact of visiting Haven from the reporter's network. The Helm chart sets it with its Tor option.
     */
    Optional<String> onionAddress();

    /**
     * Longest time a request may take to arrive, headers and body, before its connection is closed; default
     * 30 s. Idle timeouts reset on every byte, so without this a client sending a byte a second holds a
     * connection (and its buffers) for as long as it likes.
     */
    @WithDefault("PT30S")
    java.time.Duration requestArrivalTimeout();

    /** Send Strict-Transport-Security; default false for plain-HTTP dev, true in the prod profile. */
    @WithDefault("false")
    boolean hsts();

    interface Organisation {
        /** Display name of the advocacy body. */
        String name();

        /** How reporters reach a person (phone, email or drop-in), shown on the landing page. */
        String supportContact();

        /** When people answer, in the organisation's own words. */
        String openingHours();
    }

    interface Intake {
        /** Days a report is kept before it is purged; default 365 (a year to corroborate and refer). */
        @WithDefault("365")
        int retentionDays();

        /** Days a closed report is kept after it is closed (if that is sooner); default 90. */
        @WithDefault("90")
        int closedRetentionDays();

        /** Largest accepted envelope ciphertext in bytes; default 262144 (reports are text, padded to 8-32 KiB). */
        @WithDefault("262144")
        int maxEnvelopeBytes();
    }

    interface Staff {
        /** Idle time after which a staff session ends and the browser forgets unlocked keys; default 15 minutes. */
        @WithDefault("PT15M")
        java.time.Duration idleTimeout();

        /** Time allowed between the password and the second factor; default 5 minutes. */
        @WithDefault("PT5M")
        java.time.Duration secondFactorWindow();

        /** Failed sign-ins in a row before the account is locked; default 5. */
        @WithDefault("5")
        int lockAfterFailures();

        /** Delay after the first failed sign-in step, doubling with each failure up to 16 times it; default 0.5 s. */
        @WithDefault("PT0.5S")
        java.time.Duration firstFailureDelay();

        /** How long a locked account stays locked; default 15 minutes. */
        @WithDefault("PT15M")
        java.time.Duration lockFor();

        /**
         * Failed sign-in steps, across all accounts and names, after which new password steps pause for everyone
         * until failures age out of the window; default 50 (a team signing in normally fails a few times a day).
         */
        @WithDefault("50")
        int globalFailureBudget();

        /** The window the global failure budget counts over; default 15 minutes, as long as an account lock. */
        @WithDefault("PT15M")
        java.time.Duration globalFailureWindow();

        /** Mark the staff cookie Secure and use the __Host- prefix; default true, false only for plain-HTTP dev. */
        @WithDefault("true")
        boolean secureCookie();
    }

    interface Referral {
        /** Accept plain http:// force endpoints; default false, true only in dev and tests (the reference receiver). */
        @WithDefault("false")
        boolean allowPlainHttp();

        /** A second caseworker must approve each referral before it is queued; default false. */
        @WithDefault("false")
        boolean requireApproval();

        /** How police reach the advocacy body about a referral, written into every referral's {@code from}. */
        String contactForPolice();

        /**
         * Haven's Ed25519 signing key as base64url of its 32-byte seed; required in prod (from a Kubernetes
         * Secret), generated under {@code devKeys.directory} in dev and tests.
         */
        Optional<String> signingKey();

        /** First retry delay after a failed delivery, doubling with each attempt; default 5 s. */
        @WithDefault("PT5S")
        java.time.Duration firstRetry();

        /** Longest delay between two delivery attempts; default 10 minutes. */
        @WithDefault("PT10M")
        java.time.Duration maxRetry();

        /** Age at which an undelivered referral is given up ("dead") and its caseworker told; default 72 hours. */
        @WithDefault("PT72H")
        java.time.Duration giveUpAfter();

        /** How long a force has to answer one delivery; default 10 s. */
        @WithDefault("PT10S")
        java.time.Duration requestTimeout();

        /** How long a worker owns the rows it claimed; a crashed worker's rows come due after this; default 60 s. */
        @WithDefault("PT60S")
        java.time.Duration lease();

        /** Referrals one worker claims and sends at once; default 100. */
        @WithDefault("100")
        int batchSize();

        /** Run the delivery worker on this instance; default true (every replica may run it). */
        @WithDefault("true")
        boolean deliver();
    }

    interface Database {
        /**
         * Let prod connect to PostgreSQL without TLS; default false. Only for a localhost proxy or sidecar
         * (Cloud SQL Auth Proxy, a service mesh) that carries the connection over TLS itself.
         */
        @WithDefault("false")
        boolean allowPlaintext();
    }

    interface DevKeys {
        /** Folder for generated dev-only keys (demo intake key, receipt-token key); unset outside dev and tests. */
        Optional<String> directory();
    }

    /** Spam and flooding limits (issue 8). None of them looks at who is asking: no addresses, no cookies. */
    interface Flood {
        /**
         * Refuse POST /api/reports and /api/mailbox without a solved proof-of-work challenge; default true. Only
         * load benchmarks that measure Haven rather than the proof turn it off.
         */
        @WithDefault("true")
        boolean proofRequired();

        /**
         * Difficulty by load, as "rate:bits" steps: ask for bits leading zero bits of SHA-256 once at least
         * rate challenges issued in the last minute were redeemed; default 0:16,120:18,600:20,2400:22 (see README).
         */
        @WithDefault("0:16,120:18,600:20,2400:22")
        String difficultySteps();

        /** How long a challenge may be redeemed; default 10 minutes (the browser fetches a fresh one when it runs out). */
        @WithDefault("PT10M")
        java.time.Duration challengeLifetime();

        /** Report sends and mailbox sign-ins without JavaScript (no proof), per minute across all replicas; default 30. */
        @WithDefault("30")
        int noJsPerMinute();

        /** Mailbox sign-in attempts with one token per minute; default 5 (a reporter needs one). */
        @WithDefault("5")
        int signInsPerToken();

        /** Failed mailbox sign-ins per minute across all replicas before every sign-in waits; default 60. */
        @WithDefault("60")
        int failedSignInsPerMinute();
    }

    /** Evidence attachments (issue 6, docs/attachments.md): sizes are of the file, counted in whole 256 KiB chunks. */
    interface Attachments {
        /** Largest file, in bytes; default 25 MiB (phone photos and short videos). */
        @WithDefault("26214400")
        long maxFileBytes();

        /** Largest total of the files of one report or message, in bytes; default 60 MiB. */
        @WithDefault("62914560")
        long maxReportBytes();

        /** Most files per report or message; default 10. */
        @WithDefault("10")
        int maxFiles();

        /**
         * Sealed bytes all unbound uploads may announce together, across replicas, before create answers 503;
         * default 2 GiB. Stops filling the disk with uploads that never become reports, without identifying anyone.
         */
        @WithDefault("2147483648")
        long pendingBytes();

        /** How long an upload may stay unbound before the hourly purge deletes it; default 24 hours. */
        @WithDefault("PT24H")
        java.time.Duration unboundLifetime();

        /**
         * How long a no-JavaScript form carrying files may take to arrive, instead of request-arrival-timeout;
         * default 10 minutes: 60 MiB over a slow phone connection (about 1 Mbit/s) takes about 8.
         */
        @WithDefault("PT10M")
        java.time.Duration formUploadArrivalTimeout();

        /**
         * Bytes the no-JavaScript forms being received may announce together on one replica before more are
         * answered 503 "busy"; default 128 MiB: they are held in memory, about 3.5 times their size at the peak,
         * so two of the largest at once stay within the chart's 768 MiB pod.
         */
        @WithDefault("134217728")
        long formUploadMemoryBytes();
    }
}
