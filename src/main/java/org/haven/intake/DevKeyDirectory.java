package org.haven.intake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Dev- and test-only key material kept under {@code haven.dev-keys.directory} (in {@code target/}), so a dev
 * restart can still open yesterday's demo reports. Never used by the prod profile, which has no directory.
 */
public final class DevKeyDirectory {

    private DevKeyDirectory() {
    }

    /** Reads {@code name} from the directory, creating it first with {@code create} if it is not there. */
    public static String readOrCreate(Optional<String> directory, String name, Supplier<String> create) {
        Path folder = Path.of(directory.orElseThrow(() -> new IllegalStateException(
                "haven.dev-keys.directory is not set: dev keys exist only in the dev and test profiles")));
        Path file = folder.resolve(name);
        try {
            if (Files.exists(file)) {
                return Files.readString(file).strip();
            }
            Files.createDirectories(folder);
            String value = create.get();
            Files.writeString(file, value + "\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return value;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not keep dev key " + file, e);
        }
    }
}
