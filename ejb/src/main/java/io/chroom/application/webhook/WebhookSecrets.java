package io.chroom.application.webhook;

import io.chroom.domain.model.Identifiers;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Makes subscription signing secrets, keeps them sealed at rest, and signs delivery bodies.
 *
 * <p>A signing secret has to be read back to sign, so it cannot be hashed like an API key; it is
 * sealed with AES-GCM under a key from {@code CHROOM_WEBHOOK_ENCRYPTION_KEY}, or, when that is
 * unset, under a random key generated once and kept in the database so every server of a deployment
 * shares it (a database dump then holds both; set the variable in production).
 */
@Startup
@Singleton
@DependsOn("SchemaMigration")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class WebhookSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    @ConfigProperty(name = "chroom.webhook.encryption.key")
    private Optional<String> configuredKey;

    @PersistenceContext private EntityManager em;

    private volatile SecretKeySpec key;

    @PostConstruct
    void init() {
        byte[] material =
                configuredKey
                        .filter(k -> k.length() >= 32)
                        .map(k -> k.getBytes(StandardCharsets.UTF_8))
                        .orElseGet(this::storedKey);
        try {
            key = new SecretKeySpec(MessageDigest.getInstance("SHA-256").digest(material), "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    private byte[] storedKey() {
        byte[] fresh = new byte[32];
        RANDOM.nextBytes(fresh);
        em.createNativeQuery(
                        "insert into server_secrets (name, value) values ('webhook-encryption', ?1)"
                                + " on conflict (name) do nothing")
                .setParameter(1, fresh)
                .executeUpdate();
        return (byte[])
                em.createNativeQuery(
                                "select value from server_secrets where name = 'webhook-encryption'")
                        .getSingleResult();
    }

    /** A new signing secret: {@code whsec_} and 43 base62 characters (256 bits). */
    public String newSecret() {
        return "whsec_" + Identifiers.random(43);
    }

    public byte[] seal(String secret) {
        try {
            byte[] nonce = new byte[12];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed to seal a webhook secret", e);
        }
    }

    public String unseal(byte[] sealed) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, sealed, 0, 12));
            return new String(
                    cipher.doFinal(sealed, 12, sealed.length - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "A webhook secret cannot be unsealed: was CHROOM_WEBHOOK_ENCRYPTION_KEY changed?",
                    e);
        }
    }

    /**
     * The signature receivers check: hex HMAC-SHA256, keyed with the subscription secret, over
     * {@code timestamp + "." + body}.
     */
    public static String sign(String secret, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of()
                    .formatHex(
                            mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this Java runtime", e);
        }
    }
}
