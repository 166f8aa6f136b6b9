package io.chroom.interfaces.security;

import io.chroom.application.account.ClientService;
import io.chroom.application.account.ClientService.Issuer;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Recognises OAuth 2.0 access tokens: JWTs that Chroom's own authorization server signed, or that
 * the external identity provider the operator trusts did. MicroProfile JWT (SmallRye JWT) checks
 * each one: the RS256 signature and nothing else, the issuer, the audience, and the expiry with a
 * small clock skew. Chroom's own tokens are checked against the public half of the key that signs
 * them, read from the same keystore as the provider's; the external provider's against its JWKS,
 * which is fetched and cached.
 *
 * <p>A valid signature is not enough: the token's client must still be registered, and its secret
 * unchanged since the token was issued. The caller's name is the client's id and its groups are the
 * scopes both the token and the client hold.
 */
@ApplicationScoped
public class AccessTokenIdentityStore implements IdentityStore {

    private static final Logger LOG = Logger.getLogger(AccessTokenIdentityStore.class.getName());

    /** Longest lifetime accepted for a token, whatever it claims. */
    private static final long MAX_LIFETIME_SECONDS = 24 * 3600;

    @EJB private ClientService clients;

    @Inject
    @ConfigProperty(
            name = "chroom.oauth.issuer",
            defaultValue = "https://localhost:9443/oidc/endpoint/chroom")
    private String issuer;

    @Inject
    @ConfigProperty(name = "chroom.oauth.audience", defaultValue = "chroom-api")
    private String audience;

    @Inject
    @ConfigProperty(name = "chroom.oauth.keystore.path")
    private Optional<String> keystorePath;

    @Inject
    @ConfigProperty(name = "chroom.oauth.keystore.password")
    private Optional<String> keystorePassword;

    @Inject
    @ConfigProperty(name = "chroom.oauth.clock.skew.seconds", defaultValue = "30")
    private int clockSkewSeconds;

    @Inject
    @ConfigProperty(name = "chroom.oauth.external.issuer")
    private Optional<String> externalIssuer;

    @Inject
    @ConfigProperty(name = "chroom.oauth.external.jwks.url")
    private Optional<String> externalJwks;

    @Inject
    @ConfigProperty(name = "chroom.oauth.external.audience")
    private Optional<String> externalAudience;

    @Inject
    @ConfigProperty(name = "chroom.oauth.external.scope.claim", defaultValue = "scope")
    private String externalScopeClaim;

    @Inject
    @ConfigProperty(name = "chroom.oauth.external.client.claim", defaultValue = "client_id")
    private String externalClientClaim;

    private DefaultJWTParser own;

    private DefaultJWTParser external;

    @PostConstruct
    void configure() {
        own = new DefaultJWTParser(ownTokens());
        if (externalIssuer.isPresent() != externalJwks.isPresent()) {
            throw new IllegalStateException(
                    "CHROOM_OAUTH_EXTERNAL_ISSUER and CHROOM_OAUTH_EXTERNAL_JWKS_URL go together:"
                            + " set both to trust an external identity provider, or neither");
        }
        if (externalIssuer.isPresent()) {
            external =
                    externalParser(
                            externalIssuer.get(),
                            externalAudience.orElse(audience),
                            externalJwks.get(),
                            clockSkewSeconds);
            LOG.info(
                    () ->
                            "Trusting access tokens of "
                                    + externalIssuer.get()
                                    + " (keys from "
                                    + externalJwks.get()
                                    + ")");
        }
    }

    @Override
    public CredentialValidationResult validate(Credential credential) {
        if (!(credential instanceof BearerCredential bearer) || !looksLikeJwt(bearer.token())) {
            return CredentialValidationResult.NOT_VALIDATED_RESULT;
        }
        String token = bearer.token();

        // The unverified issuer only chooses which rules to check the token by.
        String claimedIssuer = claimedIssuer(token);
        Issuer from;
        DefaultJWTParser parser;
        if (issuer.equals(claimedIssuer)) {
            from = Issuer.CHROOM;
            parser = own;
        } else if (external != null && externalIssuer.get().equals(claimedIssuer)) {
            from = Issuer.EXTERNAL;
            parser = external;
        } else {
            return CredentialValidationResult.INVALID_RESULT;
        }

        JsonWebToken jwt;
        try {
            jwt = parser.parse(token);
        } catch (ParseException e) {
            LOG.fine(() -> "An access token was refused: " + e.getMessage());
            return CredentialValidationResult.INVALID_RESULT;
        }
        String client =
                from == Issuer.CHROOM ? jwt.getSubject() : stringClaim(jwt, externalClientClaim);
        if (client == null || jwt.getIssuedAtTime() <= 0) {
            return CredentialValidationResult.INVALID_RESULT;
        }
        Set<String> scopes = scopes(jwt, from == Issuer.CHROOM ? "scope" : externalScopeClaim);
        return clients.authenticate(
                        from, client, Instant.ofEpochSecond(jwt.getIssuedAtTime()), scopes)
                .map(
                        found ->
                                new CredentialValidationResult(
                                        new CredentialPrincipal(
                                                found.credentialId(),
                                                found.accountId(),
                                                found.rateLimitPerMinute(),
                                                Instant.ofEpochSecond(jwt.getExpirationTime())),
                                        found.roles()))
                .orElse(CredentialValidationResult.INVALID_RESULT);
    }

    @Override
    public Set<ValidationType> validationTypes() {
        return EnumSet.of(ValidationType.VALIDATE, ValidationType.PROVIDE_GROUPS);
    }

    /**
     * The rules for tokens of an external identity provider: its issuer and audience, RS256 only,
     * keys from its JWKS (refreshed hourly, and at once for a key id not seen yet).
     */
    static DefaultJWTParser externalParser(
            String issuer, String audience, String jwksUrl, int clockSkewSeconds) {
        JWTAuthContextInfo info = rules(issuer, audience, clockSkewSeconds);
        info.setPublicKeyLocation(jwksUrl);
        info.setJwksRefreshInterval(60);
        return new DefaultJWTParser(info);
    }

    private JWTAuthContextInfo ownTokens() {
        JWTAuthContextInfo info = rules(issuer, audience, clockSkewSeconds);
        if (keystorePath.isPresent()) {
            info.setPublicVerificationKey(signingKey(keystorePath.get()));
        } else {
            // No keystore at hand: the provider's own JWKS, as any other resource server would.
            info.setPublicKeyLocation(issuer + "/jwk");
            info.setJwksRefreshInterval(60);
        }
        return info;
    }

    private static JWTAuthContextInfo rules(
            String expectedIssuer, String expectedAudience, int clockSkewSeconds) {
        JWTAuthContextInfo info = new JWTAuthContextInfo();
        info.setIssuedBy(expectedIssuer);
        info.setExpectedAudience(Set.of(expectedAudience));
        info.setSignatureAlgorithm(Set.of(SignatureAlgorithm.RS256));
        info.setClockSkew(clockSkewSeconds);
        info.setMaxTimeToLiveSecs(MAX_LIFETIME_SECONDS);
        info.setRequiredClaims(Set.of("iat", "exp"));
        return info;
    }

    private PublicKey signingKey(String path) {
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, keystorePassword.orElse("").toCharArray());
            Certificate certificate = store.getCertificate("oauth");
            if (certificate == null) {
                throw new IllegalStateException(
                        "The OAuth keystore " + path + " holds no key named 'oauth'");
            }
            return certificate.getPublicKey();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(
                    "The OAuth keystore "
                            + path
                            + " could not be read (CHROOM_OAUTH_KEYSTORE_PATH"
                            + " and CHROOM_OAUTH_KEYSTORE_PASSWORD)",
                    e);
        }
    }

    /** A JWS in compact form: three base64url parts, the first of them a JSON object. */
    static boolean looksLikeJwt(String token) {
        return token.length() <= 16_384
                && token.startsWith("ey")
                && token.chars().filter(c -> c == '.').count() == 2;
    }

    private static String claimedIssuer(String token) {
        try {
            String payload = token.substring(token.indexOf('.') + 1, token.lastIndexOf('.'));
            String json =
                    new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8);
            JsonObject claims = Json.createReader(new StringReader(json)).readObject();
            return claims.get("iss") instanceof JsonString iss ? iss.getString() : null;
        } catch (IllegalArgumentException | JsonException | ClassCastException e) {
            return null;
        }
    }

    private static String stringClaim(JsonWebToken jwt, String name) {
        Object value = jwt.getClaim(name);
        if (value instanceof JsonString string) {
            return string.getString();
        }
        return value instanceof String string ? string : null;
    }

    /** Scopes as OAuth writes them (one space-separated string) or as a JSON array. */
    static Set<String> scopes(JsonWebToken jwt, String claim) {
        Object value = jwt.getClaim(claim);
        Set<String> scopes = new HashSet<>();
        if (value instanceof JsonString string) {
            value = string.getString();
        }
        if (value instanceof String joined) {
            for (String part : joined.split(" ")) {
                if (!part.isEmpty()) {
                    scopes.add(part);
                }
            }
        } else if (value instanceof Iterable<?> list) {
            for (Object item : list) {
                if (item instanceof JsonString string) {
                    scopes.add(string.getString());
                } else if (item instanceof String string) {
                    scopes.add(string);
                } else if (item instanceof JsonValue other) {
                    scopes.add(other.toString());
                }
            }
        }
        return scopes;
    }
}
