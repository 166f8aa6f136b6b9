package io.chroom.interfaces.security;

import io.chroom.application.console.ConsoleUserService;
import io.chroom.domain.model.audit.AuditEventType;
import io.chroom.interfaces.rest.Problems;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
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
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

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

    /** The console's own endpoints, which answer for themselves. */
    private static final Set<String> ENDPOINTS =
            Set.of("/console/login", "/console/logout", "/console/session");

    @Inject private IdentityStoreHandler identities;

    @Inject private RateLimiter limiter;

    @Inject
    @ConfigProperty(name = "chroom.rate.limit.anonymous.per.minute", defaultValue = "100")
    private int anonymousPerMinute;

    @Inject
    @ConfigProperty(name = "chroom.trusted.proxies")
    private Optional<String> trustedProxies;

    private ClientAddress clientAddress;

    @PostConstruct
    void configure() {
        clientAddress = new ClientAddress(trustedProxies.orElse(null));
    }

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

    /**
     * Guards a request under {@code /console}: the sign-in page, its assets and the session
     * endpoints pass (those check the session themselves); any other page needs a live session,
     * else the person is sent to the sign-in page.
     */
    AuthenticationStatus gate(
            HttpServletRequest request,
            HttpServletResponse response,
            HttpMessageContext context,
            String path) {
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "same-origin");

        if (path.equals("/console")) {
            return context.redirect(request.getContextPath() + "/console/");
        }
        if (path.equals(LOGIN_PAGE)
                || path.startsWith("/console/assets/")
                || ENDPOINTS.contains(path)) {
            return context.doNothing();
        }
        if (liveUser(request) == null) {
            return context.redirect(request.getContextPath() + LOGIN_PAGE);
        }
        response.setHeader("Cache-Control", "no-store");
        return context.doNothing();
    }

    /**
     * The user of the request's session while they still exist; a session of a removed user is
     * ended here.
     */
    public String liveUser(HttpServletRequest request) {
        String userId = userOf(request);
        if (userId != null && users.current(userId).isPresent()) {
            return userId;
        }
        HttpSession stale = request.getSession(false);
        if (stale != null) {
            stale.invalidate();
        }
        return null;
    }

    /**
     * {@code POST /console/login}: checks the form's address and password; counts against the
     * client address's limit like any request without a credential.
     */
    public void signIn(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        String address = clientAddress.of(request);
        RateLimiter.Decision decision =
                limiter.consume("address:" + ClientAddress.subject(address), anonymousPerMinute);
        if (!decision.allowed()) {
            response.setHeader("Retry-After", Long.toString(decision.resetSeconds()));
            Problems.write(
                    request,
                    response,
                    429,
                    "Too many requests",
                    "Too many sign-in attempts from this address; retry in "
                            + decision.resetSeconds()
                            + " s.");
            return;
        }
        if (!sameOrigin(request)) {
            Problems.write(
                    request,
                    response,
                    403,
                    "Forbidden",
                    "A console sign-in must come from the console's own sign-in page.");
            return;
        }
        String email = request.getParameter("email");
        String password = request.getParameter("password");
        if (email == null || password == null || email.isBlank() || password.isEmpty()) {
            response.sendRedirect(request.getContextPath() + LOGIN_PAGE + "?failed");
            return;
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
            response.sendRedirect(request.getContextPath() + LOGIN_PAGE + "?failed");
            return;
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
        response.sendRedirect(request.getContextPath() + "/console/");
    }

    /**
     * {@code POST /console/logout} with the session's CSRF token (so another site cannot sign
     * people out): ends the session.
     */
    public void signOut(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        String userId = liveUser(request);
        if (userId == null) {
            response.sendRedirect(request.getContextPath() + LOGIN_PAGE);
            return;
        }
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
            return;
        }
        request.getSession().invalidate();
        audit(AuditEventType.CONSOLE_SIGNED_OUT, userId, clientAddress.of(request), null);
        response.sendRedirect(request.getContextPath() + LOGIN_PAGE + "?signed-out");
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
