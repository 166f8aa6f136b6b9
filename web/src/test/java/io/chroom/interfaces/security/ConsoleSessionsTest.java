package io.chroom.interfaces.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chroom.application.console.ConsoleSessionStore;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

class ConsoleSessionsTest {

    private static final String SECRET = "A".repeat(20) + "b-_" + "c".repeat(20);

    private static final String OTHER = "Z".repeat(43);

    @Test
    void theCsrfTokenBelongsToItsSessionAndRevealsNothingOfTheSecret() {
        String token = ConsoleSessions.csrfToken(SECRET);

        assertEquals(token, ConsoleSessions.csrfToken(SECRET), "every server derives the same");
        assertNotEquals(token, ConsoleSessions.csrfToken(OTHER), "another session, another token");
        assertFalse(token.contains(SECRET) || SECRET.contains(token));
        assertTrue(ConsoleSessions.carriesCsrfToken(request(SECRET), token));
        assertFalse(ConsoleSessions.carriesCsrfToken(request(OTHER), token));
        assertFalse(ConsoleSessions.carriesCsrfToken(request(SECRET), token + "x"));
        assertFalse(ConsoleSessions.carriesCsrfToken(request(SECRET), null));
        assertFalse(ConsoleSessions.carriesCsrfToken(request(null), token));
    }

    @Test
    void onlyACookieShapedLikeASecretIsTakenForASession() {
        assertEquals(SECRET, ConsoleSessions.secretOf(request(SECRET)));
        assertNull(ConsoleSessions.secretOf(request(SECRET + "A")), "too long");
        assertNull(ConsoleSessions.secretOf(request(SECRET.substring(1))), "too short");
        assertNull(ConsoleSessions.secretOf(request(SECRET.substring(1) + "=")), "not base64url");
        assertNull(ConsoleSessions.secretOf(request(null)), "no cookie");
        assertArrayEquals(
                ConsoleSessionStore.digest(SECRET),
                ConsoleSessions.sessionDigest(request(SECRET)),
                "the session is named by the digest the store keeps");
    }

    /** A request that carries {@code secret} in the console's cookie, beside another cookie. */
    private static HttpServletRequest request(String secret) {
        Cookie[] cookies =
                secret == null
                        ? new Cookie[] {new Cookie("other", "x")}
                        : new Cookie[] {
                            new Cookie("other", "x"), new Cookie(ConsoleSessions.COOKIE, secret)
                        };
        return (HttpServletRequest)
                Proxy.newProxyInstance(
                        ConsoleSessionsTest.class.getClassLoader(),
                        new Class<?>[] {HttpServletRequest.class},
                        (proxy, method, args) ->
                                method.getName().equals("getCookies") ? cookies : null);
    }
}
