package io.chroom.interfaces.security;

import io.chroom.infrastructure.security.CredentialGeneration;
import io.chroom.infrastructure.security.KeySecrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Credentials this server found valid a moment ago, so that a client's next requests need neither a
 * database look-up nor a signature check. An outcome is reused only within the credential
 * generation it was reached in (see {@link CredentialGeneration}: revoking a key, rotating or
 * deleting a client and changing an account all end the generation, on this server at once and on
 * the others within a fraction of a second), for at most {@code CHROOM_CREDENTIAL_CACHE_SECONDS},
 * and never past a token's expiry. Refusals are never remembered. Entries are keyed by a SHA-256
 * digest of the credential, so the credentials themselves are not kept.
 */
@ApplicationScoped
public class CheckedCredentials {

    private static final int MAX_ENTRIES = 100_000;

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    @Inject private CredentialGeneration generation;

    @Inject
    @ConfigProperty(name = "chroom.credential.cache.seconds", defaultValue = "60")
    private long maxAgeSeconds;

    private record Entry(CredentialValidationResult result, long generation, Instant until) {}

    /**
     * The outcome for the credential of {@code credentialDigest}: reused where it may be, otherwise
     * {@code check}ed.
     */
    CredentialValidationResult validate(
            String credentialDigest, Supplier<CredentialValidationResult> check) {
        long current = generation.current();
        Instant now = Instant.now();
        Entry entry = entries.get(credentialDigest);
        if (entry != null
                && current != CredentialGeneration.UNKNOWN
                && entry.generation() == current
                && now.isBefore(entry.until())) {
            return entry.result();
        }

        CredentialValidationResult result = check.get();
        if (result.getStatus() != CredentialValidationResult.Status.VALID
                || current == CredentialGeneration.UNKNOWN
                || maxAgeSeconds <= 0) {
            entries.remove(credentialDigest);
            return result;
        }
        Instant until = now.plusSeconds(maxAgeSeconds);
        if (result.getCallerPrincipal() instanceof CredentialPrincipal principal) {
            Optional<Instant> expiry = principal.expiresAt();
            if (expiry.isPresent() && expiry.get().isBefore(until)) {
                until = expiry.get();
            }
        }
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(credentialDigest, new Entry(result, current, until));
        return result;
    }

    /** The name a credential is remembered by, here and in the container's cache. */
    static String digest(String credential) {
        return HexFormat.of().formatHex(KeySecrets.digest(credential));
    }
}
