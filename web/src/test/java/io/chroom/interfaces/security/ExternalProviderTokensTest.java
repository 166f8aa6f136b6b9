package io.chroom.interfaces.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tokens of an external identity provider, checked by the rules the server builds from its
 * configuration against the provider's JWKS, served over HTTP as a real provider serves it.
 */
class ExternalProviderTokensTest {

    private static final String ISSUER = "https://idp.example/realms/chroom";

    private static final String AUDIENCE = "chroom-api";

    private static RSAKey providerKey;

    private static HttpServer jwks;

    private static DefaultJWTParser parser;

    @BeforeAll
    static void startTheProvidersJwks() throws Exception {
        providerKey = new RSAKeyGenerator(2048).keyID("k1").generate();
        byte[] body =
                new JWKSet(providerKey.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwks.createContext(
                "/jwks",
                exchange -> {
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                    exchange.close();
                });
        jwks.start();
        String url = "http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks";
        parser = AccessTokenIdentityStore.externalParser(ISSUER, AUDIENCE, url, 30);
    }

    @AfterAll
    static void stop() {
        jwks.stop(0);
    }

    @Test
    void aTokenOfTheProviderIsAcceptedWithItsScopesFromTheConfiguredClaim() throws Exception {
        JsonWebToken jwt = parser.parse(sign(providerKey, claims().build()));

        assertEquals("svc-backend", jwt.getClaim("client_id").toString().replace("\"", ""));
        assertEquals(
                Set.of("meetings:read", "meetings:write"),
                AccessTokenIdentityStore.scopes(jwt, "scp"));
    }

    @Test
    void aTokenSignedWithAKeyOutsideTheJwksIsRefused() throws Exception {
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("k1").generate();
        assertThrows(ParseException.class, () -> parser.parse(sign(stranger, claims().build())));
    }

    @Test
    void anotherIssuerOrAudienceOrAnExpiredTokenIsRefused() throws Exception {
        Instant now = Instant.now();
        String otherIssuer = sign(providerKey, claims().issuer("https://other.example").build());
        String otherAudience = sign(providerKey, claims().audience("billing-api").build());
        String expired =
                sign(
                        providerKey,
                        claims().issueTime(Date.from(now.minusSeconds(900)))
                                .expirationTime(Date.from(now.minusSeconds(120)))
                                .build());

        for (String token : new String[] {otherIssuer, otherAudience, expired}) {
            assertThrows(ParseException.class, () -> parser.parse(token));
        }
    }

    @Test
    void anExpiryWithinTheClockSkewIsStillAccepted() throws Exception {
        Instant now = Instant.now();
        String justExpired =
                sign(
                        providerKey,
                        claims().issueTime(Date.from(now.minusSeconds(600)))
                                .expirationTime(Date.from(now.minusSeconds(10)))
                                .build());
        parser.parse(justExpired);
    }

    @Test
    void anHmacTokenIsRefusedWhateverItsKey() throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims().build());
        jwt.sign(new MACSigner(providerKey.toPublicJWK().toRSAPublicKey().getEncoded()));
        assertThrows(ParseException.class, () -> parser.parse(jwt.serialize()));
    }

    private static JWTClaimsSet.Builder claims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject("service-account-42")
                .audience(AUDIENCE)
                .claim("client_id", "svc-backend")
                .claim("scp", "meetings:read meetings:write")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)));
    }

    private static String sign(RSAKey key, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt =
                new SignedJWT(
                        new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                        claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
