package io.chroom.infrastructure.security;

import com.ibm.websphere.crypto.InvalidPasswordEncodingException;
import com.ibm.websphere.crypto.PasswordUtil;
import com.ibm.websphere.crypto.UnsupportedCryptoAlgorithmException;
import io.chroom.domain.model.account.Scope;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.persistence.EntityManager;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * Writes OAuth clients into the database store of Liberty's OpenID Connect provider (the {@code
 * oauth} schema), which checks their secrets at the token endpoint. The rows are written through
 * the caller's entity manager, so they commit or roll back with Chroom's own record of the client.
 *
 * <p>The provider finds a secret hashed with PBKDF2 (HMAC-SHA512) by the parameters stored beside
 * it; the secret itself is never stored. Each client may use the client credentials grant only, and
 * its tokens carry {@code audience} as {@code aud}.
 */
public final class ProviderClientStore {

    /** The {@code oauthProvider} id in server.xml: the provider's rows carry it. */
    public static final String PROVIDER = "chroomOAuth";

    private static final String ALGORITHM = "PBKDF2WithHmacSHA512";

    private static final int ITERATIONS = 2048;

    private static final int KEY_LENGTH = 32;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final EntityManager em;

    public ProviderClientStore(EntityManager em) {
        this.em = em;
    }

    public void register(
            String clientId, String name, Set<Scope> scopes, String audience, String secret) {
        String salt = newSalt();
        String hash = hash(secret, salt);
        JsonArrayBuilder grants = Json.createArrayBuilder().add("client_credentials");
        String scope = Scope.join(scopes);
        String metadata =
                Json.createObjectBuilder()
                        .add("client_id", clientId)
                        .add("client_secret", hash)
                        .add("client_name", name)
                        .add("grant_types", grants)
                        .add("response_types", Json.createArrayBuilder())
                        .add("scope", scope)
                        .add("preauthorized_scope", scope)
                        .add("resource_ids", Json.createArrayBuilder().add(audience))
                        .add("token_endpoint_auth_method", "client_secret_basic")
                        .add("application_type", "native")
                        .add("enabled", true)
                        .add("salt", salt)
                        .add("hash_alg", ALGORITHM)
                        .add("hash_itr", ITERATIONS)
                        .add("hash_len", KEY_LENGTH)
                        .build()
                        .toString();
        em.createNativeQuery(
                        "insert into oauth.oauth20clientconfig (componentid, clientid,"
                                + " clientsecret, displayname, enabled, clientmetadata)"
                                + " values (?1, ?2, ?3, ?4, 1, ?5)")
                .setParameter(1, PROVIDER)
                .setParameter(2, clientId)
                .setParameter(3, hash)
                .setParameter(4, name)
                .setParameter(5, metadata)
                .executeUpdate();
    }

    /** Replaces a client's secret; the old one fails at the token endpoint from the commit on. */
    public void changeSecret(String clientId, String secret) {
        String salt = newSalt();
        String hash = hash(secret, salt);
        int changed =
                em.createNativeQuery(
                                "update oauth.oauth20clientconfig set clientsecret = ?3,"
                                        + " clientmetadata = (clientmetadata::jsonb"
                                        + " || jsonb_build_object('client_secret', ?3,"
                                        + " 'salt', ?4))::text"
                                        + " where componentid = ?1 and clientid = ?2")
                        .setParameter(1, PROVIDER)
                        .setParameter(2, clientId)
                        .setParameter(3, hash)
                        .setParameter(4, salt)
                        .executeUpdate();
        if (changed != 1) {
            throw new IllegalStateException(
                    "The OAuth provider holds no client " + clientId + " to change");
        }
    }

    /** Removes a client and the tokens the provider remembers for it. */
    public void remove(String clientId) {
        em.createNativeQuery(
                        "delete from oauth.oauth20clientconfig where componentid = ?1"
                                + " and clientid = ?2")
                .setParameter(1, PROVIDER)
                .setParameter(2, clientId)
                .executeUpdate();
        em.createNativeQuery("delete from oauth.oauth20cache where clientid = ?1")
                .setParameter(1, clientId)
                .executeUpdate();
    }

    private static String newSalt() {
        byte[] salt = new byte[32];
        RANDOM.nextBytes(salt);
        return Base64.getEncoder().encodeToString(salt);
    }

    private static String hash(String secret, String salt) {
        try {
            return PasswordUtil.encode(
                    secret,
                    "hash",
                    Map.of(
                            PasswordUtil.PROPERTY_HASH_ALGORITHM,
                            ALGORITHM,
                            PasswordUtil.PROPERTY_HASH_SALT,
                            salt,
                            PasswordUtil.PROPERTY_HASH_ITERATION,
                            Integer.toString(ITERATIONS),
                            PasswordUtil.PROPERTY_HASH_LENGTH,
                            Integer.toString(KEY_LENGTH)));
        } catch (InvalidPasswordEncodingException | UnsupportedCryptoAlgorithmException e) {
            throw new IllegalStateException("Liberty could not hash an OAuth client secret", e);
        }
    }
}
