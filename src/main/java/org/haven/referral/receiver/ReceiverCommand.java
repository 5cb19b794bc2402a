package org.haven.referral.receiver;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.haven.crypto.KeyIds;

/** The command line of {@link ReferenceReceiver#main}: reads the options, pins Haven's key, starts, says so. */
final class ReceiverCommand {

    static final String USAGE = """
            usage: ReferenceReceiver --dir <directory> (--haven-key <base64url> | --haven-key-url <url>)
                                     [--port 8088] [--bind 0.0.0.0] [--path /referrals] [--endpoint-url <url>]
              --dir            keeps the force key, the pinned Haven key and every accepted referral
              --haven-key      Haven's Ed25519 public key (base64url, 32 bytes), as on Haven's force page
              --haven-key-url  or fetch it once from Haven's https://<haven>/referral/v1/signing-key
              --endpoint-url   the endpoint URL exactly as configured in Haven, when a proxy is in front;
                               by default http://<Host header><path>""";

    private static final Set<String> OPTIONS = Set.of("--dir", "--port", "--bind", "--path", "--endpoint-url",
            "--haven-key", "--haven-key-url");

    private ReceiverCommand() {
    }

    /**
     * Starts a receiver as {@code args} say and prints what the force's and Haven's admins need.
     *
     * @return the running receiver, or {@code null} after printing the usage for {@code --help}
     * @throws IllegalArgumentException on a bad command line
     */
    static ReferenceReceiver start(String[] args, PrintStream out) {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            out.println(USAGE);
            return null;
        }
        Map<String, String> options = parse(args);
        if (!options.containsKey("--dir")) {
            throw new IllegalArgumentException("--dir is required");
        }
        Path directory = Path.of(options.get("--dir")).toAbsolutePath();
        boolean pinned = Files.exists(directory.resolve(HavenKeyPin.FILE));
        byte[] havenKey = HavenKeyPin.resolve(directory, options.get("--haven-key"), options.get("--haven-key-url"));
        int port;
        try {
            port = Integer.parseInt(options.getOrDefault("--port", "8088"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port must be a number");
        }
        String path = options.getOrDefault("--path", ReferenceReceiver.DEFAULT_PATH);
        ReferenceReceiver receiver = new ReferenceReceiver(directory, havenKey, path, options.get("--endpoint-url"));
        receiver.start(new InetSocketAddress(options.getOrDefault("--bind", "0.0.0.0"), port));
        Runtime.getRuntime().addShutdownHook(new Thread(receiver::stop, "receiver-stop"));

        ForceKey forceKey = receiver.forceKey();
        out.println("Haven reference receiver");
        out.println("  directory        " + directory);
        out.println("  force key id     " + forceKey.kid() + (forceKey.created() ? "   (new: made just now)" : ""));
        out.println("  force public key " + forceKey.publicKeyBase64Url());
        out.println("                   give Haven's admin these two lines; the private key stays in "
                + directory.resolve(ForceKey.FILE));
        out.println("  Haven key        " + KeyIds.signingKey(havenKey) + (pinned ? "   (pinned earlier)" : "   (pinned now)")
                + " in " + directory.resolve(HavenKeyPin.FILE));
        out.println("  accepted so far  " + receiver.accepted().size());
        out.println("  listening on     http://" + options.getOrDefault("--bind", "0.0.0.0") + ":" + receiver.port() + path
                + (options.containsKey("--endpoint-url") ? "   (signed as " + options.get("--endpoint-url") + ")" : ""));
        return receiver;
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!OPTIONS.contains(args[i])) {
                throw new IllegalArgumentException("unknown option " + args[i]);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            if (options.put(args[i], args[i + 1]) != null) {
                throw new IllegalArgumentException(args[i] + " given twice");
            }
        }
        if (options.containsKey("--haven-key") && options.containsKey("--haven-key-url")) {
            throw new IllegalArgumentException("give --haven-key or --haven-key-url, not both");
        }
        return options;
    }
}
