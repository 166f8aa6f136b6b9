package io.chroom.interfaces.security;

import io.chroom.application.console.ConsoleUserService;
import io.chroom.domain.model.audit.AuditEventType;
import io.chroom.interfaces.rest.Problems;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Signs people in to and out of the console, and guards its pages.
 *
 * <p>{@code POST /console/login} takes the form's {@code email} and {@code password}, checks them
 * through the identity stores, and on success starts a fresh HTTP session (a session that existed
 * before is discarded, so a planted session id is worth nothing) holding the user's id and a random
 * CSRF token. The pages read that token from {@code GET /console/session} and send it as {@code
 * X-CSRF-Token} with every request that changes something; the API refuses such a request from a
 * session without it. {@code POST /console/logout} (with the token) ends the session. Every other
 * console path but the sign-in page and its assets needs a live session and is otherwise sent to
 * the sign-in page. Sign-ins, failed ones and sign-outs are audited.
 */
@ApplicationScoped
public class ConsoleSessions {

    /** The session attribute that names the signed-in user. */
    public static final String USER = "chroom.console.user";

    /** The session attribute holding the session's CSRF token. */
    public static final String CSRF_TOKEN = "chroom.console.csrf";

    /** The request header (or, for the sign-out form, field) that carries the CSRF token. */
    public static final String CSRF_HEADER = "X-CSRF-Token";

    private static final String CSRF_FIELD = "csrf_token";

    static final String LOGIN_PAGE = "/console/login.html";

    private static final int SESSION_SECONDS = 30 * 60;

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private static final Logger LOG = Logger.getLogger(ConsoleSessions.class.getName());

    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * Scripts, styles and data come only from this server; no framing; no inline code, so an
     * injected string can never run.
     */
    private static final String CONTENT_SECURITY_POLICY =
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self';"
                    + " connect-src 'self'; frame-ancestors 'none'; form-action 'self';"
                    + " base-uri 'none'; object-src 'none'";

    @Inject private IdentityStoreHandler identities;

    @EJB private ConsoleUserService users;

    static boolean isConsolePath(String path) {
        return path.equals("/console") || path.startsWith("/console/");
    }

    /** The user of the request's console session, or null when it has none. */
    static String userOf(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session == null ? null : (String) session.getAttribute(USER);
    }

    /** Whether a request needs a CSRF token: it may change something. */
    static boolean unsafe(HttpServletRequest request) {
        return !SAFE_METHODS.contains(request.getMethod());
    }

    /** Whether the request carries its session's CSRF token in {@code X-CSRF-Token}. */
    static boolean carriesCsrfToken(HttpServletRequest request, String presented) {
        HttpSession session = request.getSession(false);
        String expected = session == null ? null : (String) session.getAttribute(CSRF_TOKEN);
        return expected != null
                && presented != null
                && MessageDigest.isEqual(
                        expected.getBytes(StandardCharsets.UTF_8),
                        presented.getBytes(StandardCharsets.UTF_8));
    }

    /** Serves a request under {@code /console}. */
    AuthenticationStatus gate(
            HttpServletRequest request,
            HttpServletResponse response,
            jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext context,
            String path,
            String address)
            throws IOException {
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "same-origin");

        if (path.equals("/console")) {
            return context.redirect(request.getContextPath() + "/console/");
        }
        if (path.equals(LOGIN_PAGE) || path.startsWith("/console/assets/")) {
            return context.doNothing();
        }
        if (path.equals("/console/login")) {
            if (!request.getMethod().equals("POST")) {
                return context.redirect(request.getContextPath() + LOGIN_PAGE);
            }
            return signIn(request, response, context, address);
        }

        String userId = userOf(request);
        if (userId == null || users.current(userId).isEmpty()) {
            HttpSession stale = request.getSession(false);
            if (stale != null) {
                stale.invalidate();
            }
            if (path.equals("/console/session") || unsafe(request)) {
                Problems.write(
                        request, response, 401, "Unauthorized", "Sign in to the console first.");
                return AuthenticationStatus.SEND_FAILURE;
            }
            return context.redirect(request.getContextPath() + LOGIN_PAGE);
        }
        if (path.equals("/console/logout")) {
            return signOut(request, response, context, userId, address);
        }
        response.setHeader("Cache-Control", "no-store");
        return context.doNothing();
    }

    private AuthenticationStatus signIn(
            HttpServletRequest request,
            HttpServletResponse response,
            jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext context,
            String address)
            throws IOException {
        if (!sameOrigin(request)) {
            Problems.write(
                    request,
                    response,
                    403,
                    "Forbidden",
                    "A console sign-in must come from the console's own sign-in page.");
            return AuthenticationStatus.SEND_FAILURE;
        }
        String email = request.getParameter("email");
        String password = request.getParameter("password");
        if (email == null || password == null || email.isBlank() || password.isEmpty()) {
            return context.redirect(request.getContextPath() + LOGIN_PAGE + "?failed");
        }

        CredentialValidationResult result =
                identities.validate(new UsernamePasswordCredential(email.trim(), password));
        if (result.getStatus() != CredentialValidationResult.Status.VALID
                || !(result.getCallerPrincipal() instanceof CredentialPrincipal user)
                || !user.getName().startsWith("usr_")) {
            audit(
                    AuditEventType.CONSOLE_SIGN_IN_FAILED,
                    users.idOf(email).orElse(null),
                    address,
                    "unknown address or wrong password");
            return context.redirect(request.getContextPath() + LOGIN_PAGE + "?failed");
        }

        HttpSession old = request.getSession(false);
        if (old != null) {
            old.invalidate();
        }
        HttpSession session = request.getSession(true);
        if (old != null) {
            // The container may hand the invalidated id out again within this request.
            request.changeSessionId();
        }
        session.setMaxInactiveInterval(SESSION_SECONDS);
        session.setAttribute(USER, user.getName());
        session.setAttribute(CSRF_TOKEN, newToken());
        audit(AuditEventType.CONSOLE_SIGNED_IN, user.getName(), address, null);
        return context.redirect(request.getContextPath() + "/console/");
    }

    private AuthenticationStatus signOut(
            HttpServletRequest request,
            HttpServletResponse response,
            jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext context,
            String userId,
            String address)
            throws IOException {
        String presented = request.getHeader(CSRF_HEADER);
        if (presented == null && request.getMethod().equals("POST")) {
            presented = request.getParameter(CSRF_FIELD);
        }
        if (!request.getMethod().equals("POST") || !carriesCsrfToken(request, presented)) {
            Problems.write(
                    request,
                    response,
                    403,
                    "Forbidden",
                    "Sign out with a POST that carries the session's CSRF token.");
            return AuthenticationStatus.SEND_FAILURE;
        }
        request.getSession().invalidate();
        audit(AuditEventType.CONSOLE_SIGNED_OUT, userId, address, null);
        return context.redirect(request.getContextPath() + LOGIN_PAGE + "?signed-out");
    }

    /**
     * A browser names the page a form came from in {@code Origin}; a sign-in posted from another
     * site (login CSRF) is refused. Clients that send no {@code Origin} are not browsers.
     */
    private static boolean sameOrigin(HttpServletRequest request) {
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return true;
        }
        try {
            URI uri = URI.create(origin);
            int port =
                    uri.getPort() == -1
                            ? ("https".equals(uri.getScheme()) ? 443 : 80)
                            : uri.getPort();
            return request.getScheme().equalsIgnoreCase(uri.getScheme())
                    && request.getServerName().equalsIgnoreCase(uri.getHost())
                    && request.getServerPort() == port;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private void audit(AuditEventType type, String userId, String address, String reason) {
        try {
            users.recordSession(type, userId, address, reason);
        } catch (RuntimeException e) {
            LOG.log(
                    Level.WARNING,
                    "The console event " + type.value() + " from " + address + " was not audited",
                    e);
        }
    }

    private static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
