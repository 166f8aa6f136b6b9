package io.chroom.it;

import static io.chroom.it.Api.anonymous;
import static io.chroom.it.Api.as;
import static io.chroom.it.Api.asAdmin;
import static io.chroom.it.Api.createMeeting;
import static io.chroom.it.Api.newAccount;
import static io.chroom.it.ProblemAssert.assertProblem;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.chroom.it.Api.Tenant;
import io.restassured.response.Response;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * OAuth 2.0 beside API keys: a client the API registered gets an access token from Chroom's own
 * authorization server with the client credentials grant and calls the API with it. Every forged,
 * expired or misdirected token is answered 401 with a challenge; a token without the scope of an
 * operation gets 403; a token never reaches another account's objects.
 */
class OAuthIT {

    private static final String HTTPS =
            System.getProperty("chroom.https.url", "https://localhost:19443");

    private static final String ISSUER = HTTPS + "/oidc/endpoint/chroom";

    private static final String AUDIENCE = "chroom-api";

    private static PrivateKey signingKey;

    private static PublicKey verifyingKey;

    private final Tenant tenant = newAccount();

    @BeforeAll
    static void readTheServersSigningKey() throws Exception {
        String path = System.getProperty("chroom.oauth.keystore");
        assertNotNull(path, "the system property chroom.oauth.keystore must be set");
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            store.load(in, "integration-tests-only".toCharArray());
        }
        signingKey = (PrivateKey) store.getKey("oauth", "integration-tests-only".toCharArray());
        verifyingKey = store.getCertificate("oauth").getPublicKey();
    }

    @Test
    void aClientGetsATokenAndCallsTheApiWithIt() {
        Response client = newClient(tenant, "meetings:read", "meetings:write");
        assertEquals(201, client.statusCode(), client::asString);
        assertTrue(client.header("Location").endsWith("/api/oauth/clients/" + clientId(client)));
        assertTrue(client.<String>path("client_secret").startsWith("chs_"));
        assertEquals(ISSUER + "/token", client.path("token_url"));

        Response issued = token(clientId(client), secret(client), "meetings:read meetings:write");
        assertEquals(200, issued.statusCode(), issued::asString);
        assertEquals("Bearer", issued.path("token_type"));
        String token = issued.path("access_token");

        Response created =
                as(token)
                        .contentType("application/json")
                        .body(Api.meeting("Token call", "h-1", 30))
                        .post("/api/meetings/create");
        assertEquals(200, created.statusCode(), created::asString);
        Response read = as(token).get("/api/meetings/" + created.path("meeting_id"));
        assertEquals(200, read.statusCode(), read::asString);
        assertNotNull(read.header("X-RateLimit-Limit"), "a token call is rate limited");
        assertNotNull(read.header("X-RateLimit-Remaining"));

        // The key and the token of one account see the same objects.
        Response byKey = as(tenant).get("/api/meetings/" + created.path("meeting_id"));
        assertEquals(200, byKey.statusCode(), byKey::asString);
    }

    @Test
    void aTokenWithoutTheOperationsScopeIs403() {
        Response client = newClient(tenant, "meetings:read", "meetings:write");
        String readOnly = accessToken(client, "meetings:read");

        Response me = as(readOnly).get("/api/me");
        assertEquals(200, me.statusCode(), me::asString);
        assertEquals("oauth_client", me.path("credential_type"));
        assertEquals(clientId(client), me.path("credential_id"));
        assertEquals(tenant.accountId(), me.path("account_id"));
        assertEquals(List.of("meetings:read"), me.path("scopes"), "the token's scopes only");

        assertEquals(200, as(readOnly).get("/api/meetings").statusCode());
        Response write =
                as(readOnly)
                        .contentType("application/json")
                        .body(Api.meeting("Not allowed", "h-1", 30))
                        .post("/api/meetings/create");
        assertProblem(write, 403);
        assertProblem(as(readOnly).get("/api/keys"), 403);
    }

    @Test
    void theTokenEndpointGrantsNoScopeTheClientLacks() {
        Response client = newClient(tenant, "meetings:read");
        Response refused = token(clientId(client), secret(client), "keys:admin");
        // Liberty's provider answers an invalid scope with 302 and the error in the body.
        assertNotEquals(200, refused.statusCode(), refused::asString);
        assertEquals("invalid_scope", refused.path("error"));
        assertNull(refused.path("access_token"), "no token for a scope the client lacks");

        Response wrongSecret = token(clientId(client), "chs_" + "x".repeat(43), "meetings:read");
        assertEquals(401, wrongSecret.statusCode(), wrongSecret::asString);
    }

    @Test
    void aCraftedTokenSignedWithTheServersKeyIsAccepted() throws Exception {
        // The forged tokens below differ from this one in one respect each: proof that each
        // respect, and not a mistake in the crafting, is what gets them refused.
        Response client = newClient(tenant, "meetings:read");
        String token = sign(claims(clientId(client), "meetings:read").build());
        assertEquals(200, as(token).get("/api/meetings").statusCode());
    }

    @Test
    void forgedExpiredAndMisdirectedTokensAre401WithAChallenge() throws Exception {
        Response client = newClient(tenant, "meetings:read");
        String id = clientId(client);
        Instant now = Instant.now();

        String expired =
                sign(
                        claims(id, "meetings:read")
                                .issueTime(Date.from(now.minusSeconds(1200)))
                                .expirationTime(Date.from(now.minusSeconds(300)))
                                .build());
        String wrongIssuer =
                sign(claims(id, "meetings:read").issuer("https://evil.example").build());
        String wrongAudience = sign(claims(id, "meetings:read").audience("another-api").build());
        String noAudience = sign(claims(id, "meetings:read").audience((String) null).build());
        String unsigned = unsigned(claims(id, "meetings:read").build());
        String hmacWithPublicKey = hmacWithPublicKey(claims(id, "meetings:read").build());
        String otherKey = signWithAnotherKey(claims(id, "meetings:read").build());
        String genuine = accessToken(client, "meetings:read");
        String tampered = tamper(genuine);

        List<String> forged =
                List.of(
                        expired,
                        wrongIssuer,
                        wrongAudience,
                        noAudience,
                        unsigned,
                        hmacWithPublicKey,
                        otherKey,
                        tampered);
        for (String token : forged) {
            Response refused = as(token).get("/api/meetings");
            assertProblem(refused, 401);
            String challenge = refused.header("WWW-Authenticate");
            assertNotNull(challenge, "a 401 carries a challenge");
            assertTrue(challenge.contains("error=\"invalid_token\""), challenge);
        }

        // A token in the query string is no credential.
        Response query = anonymous().queryParam("access_token", genuine).get("/api/meetings");
        assertProblem(query, 401);
        assertNotNull(query.header("WWW-Authenticate"));
        assertEquals(200, as(genuine).get("/api/meetings").statusCode());
    }

    @Test
    void aTokenNeverSeesAnotherAccountsObjects() {
        Tenant other = newAccount();
        String theirs = createMeeting(other);
        Response client = newClient(tenant, "meetings:read", "meetings:write");
        String token = accessToken(client, "meetings:read meetings:write");

        assertProblem(as(token).get("/api/meetings/" + theirs), 404);
        assertProblem(as(token).post("/api/meetings/" + theirs + "/end"), 404);
        Response list = as(token).get("/api/meetings?limit=200");
        assertFalse(list.<List<String>>path("data.meeting_id").contains(theirs));

        // Nor another account's clients.
        Response theirClient = newClient(other, "meetings:read");
        assertProblem(as(tenant).get("/api/oauth/clients/" + clientId(theirClient)), 404);
        assertProblem(
                as(tenant).post("/api/oauth/clients/" + clientId(theirClient) + "/rotate"), 404);
        assertProblem(as(tenant).delete("/api/oauth/clients/" + clientId(theirClient)), 404);
    }

    @Test
    void rotatingTheSecretEndsTheOldSecretAndItsTokens() {
        Response client = newClient(tenant, "meetings:read");
        String id = clientId(client);
        String oldSecret = secret(client);
        String oldToken = accessToken(client, "meetings:read");

        Response rotated = as(tenant).post("/api/oauth/clients/" + id + "/rotate");
        assertEquals(200, rotated.statusCode(), rotated::asString);
        String newSecret = rotated.path("client_secret");
        assertNotEquals(oldSecret, newSecret);

        assertProblem(as(oldToken).get("/api/meetings"), 401);
        assertEquals(401, token(id, oldSecret, "meetings:read").statusCode());
        Response fresh = token(id, newSecret, "meetings:read");
        assertEquals(200, fresh.statusCode(), fresh::asString);
        assertEquals(200, as(fresh.<String>path("access_token")).get("/api/meetings").statusCode());
    }

    @Test
    void deletingAClientEndsItsTokens() {
        Response client = newClient(tenant, "meetings:read");
        String id = clientId(client);
        String token = accessToken(client, "meetings:read");

        assertEquals(204, as(tenant).delete("/api/oauth/clients/" + id).statusCode());
        assertProblem(as(token).get("/api/meetings"), 401);
        assertEquals(401, token(id, secret(client), "meetings:read").statusCode());
        assertProblem(as(tenant).get("/api/oauth/clients/" + id), 404);
    }

    @Test
    void clientsAreListedWithoutSecretsAndNoClientGetsMoreThanItsCreator() {
        Response client = newClient(tenant, "meetings:read");
        Response list = as(tenant).get("/api/oauth/clients");
        assertEquals(200, list.statusCode(), list::asString);
        assertTrue(list.<List<String>>path("data.client_id").contains(clientId(client)));
        assertFalse(list.asString().contains(secret(client)), "a list shows no secret");
        assertNull(as(tenant).get("/api/oauth/clients/" + clientId(client)).path("client_secret"));

        String narrow = Api.newKey(tenant, "keys:admin", "meetings:read");
        Response tooMuch =
                as(narrow)
                        .contentType("application/json")
                        .body("{\"name\": \"greedy\", \"scopes\": [\"meetings:write\"]}")
                        .post("/api/oauth/clients");
        assertProblem(tooMuch, 403);
        Response unknown =
                as(tenant)
                        .contentType("application/json")
                        .body("{\"name\": \"odd\", \"scopes\": [\"meetings:everything\"]}")
                        .post("/api/oauth/clients");
        assertProblem(unknown, 400);
    }

    @Test
    void theAuditTrailRecordsClientsWithoutTheirSecrets() {
        Response client = newClient(tenant, "meetings:read");
        String id = clientId(client);
        Response rotated = as(tenant).post("/api/oauth/clients/" + id + "/rotate");
        as(tenant).delete("/api/oauth/clients/" + id);

        Response trail =
                asAdmin().get("/api/audit?account_id=" + tenant.accountId() + "&limit=200");
        assertEquals(200, trail.statusCode(), trail::asString);
        List<String> types = trail.path("data.findAll { it.target_id == '" + id + "' }.type");
        assertTrue(types.contains("oauth_client.created"), () -> "created: " + types);
        assertTrue(types.contains("oauth_client.rotated"), () -> "rotated: " + types);
        assertTrue(types.contains("oauth_client.deleted"), () -> "deleted: " + types);
        String body = trail.asString();
        assertFalse(body.contains(secret(client)), "the trail holds no secret");
        assertFalse(body.contains(rotated.<String>path("client_secret")), "nor a rotated one");
    }

    // --- helpers -----------------------------------------------------------------------------

    static Response newClient(Tenant owner, String... scopes) {
        Response created =
                as(owner)
                        .contentType("application/json")
                        .body(
                                "{\"name\": \"backend\", \"scopes\": "
                                        + Api.jsonArray(List.of(scopes))
                                        + "}")
                        .post("/api/oauth/clients");
        assertEquals(
                201, created.statusCode(), () -> "registering a client: " + created.asString());
        return created;
    }

    static String clientId(Response client) {
        return client.path("client_id");
    }

    static String secret(Response client) {
        return client.path("client_secret");
    }

    /** The client credentials grant, as an integrator's curl would send it. */
    static Response token(String clientId, String secret, String scope) {
        return given().relaxedHTTPSValidation()
                .baseUri(HTTPS)
                .auth()
                .preemptive()
                .basic(clientId, secret)
                .contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "client_credentials")
                .formParam("scope", scope)
                .post("/oidc/endpoint/chroom/token");
    }

    static String accessToken(Response client, String scope) {
        Response issued = token(clientId(client), secret(client), scope);
        assertEquals(200, issued.statusCode(), issued::asString);
        return issued.path("access_token");
    }

    private static JWTClaimsSet.Builder claims(String clientId, String scope) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(clientId)
                .audience(AUDIENCE)
                .claim("scope", List.of(scope.split(" ")))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(600)));
    }

    private static String sign(JWTClaimsSet claims) throws Exception {
        SignedJWT jwt =
                new SignedJWT(
                        new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(),
                        claims);
        jwt.sign(new RSASSASigner(signingKey));
        return jwt.serialize();
    }

    private static String signWithAnotherKey(JWTClaimsSet claims) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
        jwt.sign(new RSASSASigner(generator.generateKeyPair().getPrivate()));
        return jwt.serialize();
    }

    /** {@code alg: none}: a header, the claims, and no signature at all. */
    private static String unsigned(JWTClaimsSet claims) {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String header = url.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes());
        String payload = url.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + ".";
    }

    /** The classic confusion: HS256 keyed with the bytes of the server's public RSA key. */
    private static String hmacWithPublicKey(JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(verifyingKey.getEncoded()));
        return jwt.serialize();
    }

    /** A genuine token whose payload now claims one more scope, under the old signature. */
    private static String tamper(String token) {
        String[] parts = token.split("\\.");
        String payload =
                new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String widened = payload.replace("\"meetings:read\"", "\"meetings:read\",\"keys:admin\"");
        assertNotEquals(payload, widened, "the payload was changed");
        return parts[0]
                + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(widened.getBytes())
                + "."
                + parts[2];
    }
}
