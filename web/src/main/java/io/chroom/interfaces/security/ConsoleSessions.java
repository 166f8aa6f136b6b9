package io.chroom.interfaces.security;

import io.chroom.application.console.ConsoleSessionStore;
import io.chroom.application.console.ConsoleUserService;
import io.chroom.application.console.SignInGuard;
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
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Signs people in to and out of the console, and guards its pages.
 *
 * <p>{@code POST /console/login} takes the form's {@code email} and {@code password}, checks them
 * through the identity stores, and on success opens a session in PostgreSQL ({@link
 * ConsoleSessionStore}) whose random secret the browser keeps in the cookie {@value #COOKIE}
 * ({@code Secure}, {@code HttpOnly}, {@code SameSite=Strict}). Every server of a deployment reads
 * the same sessions, so the console needs no sticky balancer and survives a server's restart. A
 * session the browser had before is ended, so a planted cookie is worth nothing.
 *
 * <p>The session's CSRF token is an HMAC of its secret, so every server can check it without
 * storing it. The pages read it from {@code GET /console/session} and send it as {@code
 * X-CSRF-Token} with every request that changes something; the API refuses such a request from a
 * session without it. {@code POST /console/logout} (with the token) ends the session on every
 * server. Every other console path but the sign-in page and its assets needs a live session and is
 * otherwise sent to the sign-in page.
 *
 * <p>Repeated failed sign-ins lock the email address or the client address for a while ({@link
 * SignInGuard}). Sign-ins, failed ones, locks and sign-outs are audited.
 */
@ApplicationScoped
public class ConsoleSessions {

    /** The console's session cookie. */
    public static final String COOKIE = "chroom_console";

    /** The request header (or, for the sign-out form, field) that carries the CSRF token. */
    public static final String CSRF_HEADER = "X-CSRF-Token";

    private static final String CSRF_FIELD = "csrf_token";

    static final String LOGIN_PAGE = "/console/login.html";

    /** What a session secret looks like: 32 random bytes, base64url without padding. */
    private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{43}");

    private static final byte[] CSRF_LABEL =
            "chroom console csrf token".getBytes(StandardCharsets.US_ASCII);

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private static final Logger LOG = Logger.getLogger(ConsoleSessions.class.getName());

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

    @EJB private ConsoleSessionStore sessions;

    @EJB private SignInGuard guard;

    static boolean isConsolePath(String path) {
        return path.equals("/console") || path.startsWith("/console/");
    }

    /**
     * The session secret a request presents in its cookie, or null when it presents none that could
     * be one. Whether the session is open is for the store to say.
     */
    static String secretOf(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie cookie : cookies) {
            if (COOKIE.equals(cookie.getName()) && SECRET.matcher(cookie.getValue()).matches()) {
                return cookie.getValue();
            }
        }
        return null;
    }

    /** The digest under which the request's session is kept, or null without a session cookie. */
    public static byte[] sessionDigest(HttpServletRequest request) {
        String secret = secretOf(request);
        return secret == null ? null : ConsoleSessionStore.digest(secret);
    }

    /** The CSRF token of the session with this secret. */
    static String csrfToken(String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(CSRF_LABEL));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    /** Whether a request needs a CSRF token: it may change something. */
    static boolean unsafe(HttpServletRequest request) {
        return !SAFE_METHODS.contains(request.getMethod());
    }

    /** Whether {@code presented} is the CSRF token of the request's session. */
    static boolean carriesCsrfToken(HttpServletRequest request, String presented) {
        String secret = secretOf(request);
        return secret != null
                && presented != null
                && MessageDigest.isEqual(
                        csrfToken(secret).getBytes(StandardCharsets.US_ASCII),
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
        if (liveUser(request, response) == null) {
            return context.redirect(request.getContextPath() + LOGIN_PAGE);
        }
        response.setHeader("Cache-Control", "no-store");
        return context.doNothing();
    }

    /**
     * The user of the request's session while it is open and they still exist; a cookie of a
     * session that ended is cleared.
     */
    public String liveUser(HttpServletRequest request, HttpServletResponse response) {
        String secret = secretOf(request);
        if (secret == null) {
            return null;
        }
        Optional<String> user = sessions.resume(ConsoleSessionStore.digest(secret));
        if (user.isEmpty()) {
            clearCookie(request, response);
        }
        return user.orElse(null);
    }

    /**
     * The client address a request counts against for the lock after repeated failures (IPv6 as its
     * /64), as far as the operator's trusted proxies tell.
     */
    public String clientSubject(HttpServletRequest request) {
        return ClientAddress.subject(clientAddress.of(request));
    }

    /** The CSRF token of the request's session, for {@code GET /console/session}. */
    public static String csrfTokenOf(HttpServletRequest request) {
        String secret = secretOf(request);
        return secret == null ? null : csrfToken(secret);
    }

    /**
     * {@code POST /console/login}: checks the form's address and password; counts against the
     * client address's limit like any request without a credential, and against the lock after
     * repeated failures.
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
        email = email.trim();
        String subject = ClientAddress.subject(address);

        Optional<SignInGuard.Lock> lock = guard.lockOn(email, subject);
        if (lock.isPresent()) {
            audit(
                    AuditEventType.CONSOLE_SIGN_IN_FAILED,
                    users.idOf(email).orElse(null),
                    address,
                    "locked after repeated failures (" + lock.get().kind() + ")");
            locked(request, response, lock.get().retryAfterSeconds());
            return;
        }

        CredentialValidationResult result =
                identities.validate(new UsernamePasswordCredential(email, password));
        if (result.getStatus() != CredentialValidationResult.Status.VALID
                || !(result.getCallerPrincipal() instanceof CredentialPrincipal user)
                || !user.getName().startsWith("usr_")) {
            SignInGuard.Failure failure = guard.failed(email, subject);
            audit(
                    AuditEventType.CONSOLE_SIGN_IN_FAILED,
                    users.idOf(email).orElse(null),
                    address,
                    "unknown address or wrong password");
            if (failure.lockStarted().isPresent()) {
                locked(request, response, failure.lockStarted().get().retryAfterSeconds());
            } else {
                response.sendRedirect(request.getContextPath() + LOGIN_PAGE + "?failed");
            }
            return;
        }

        guard.succeeded(email);
        String secret = sessions.open(user.getName(), address, sessionDigest(request));
        setCookie(request, response, secret, -1);
        audit(AuditEventType.CONSOLE_SIGNED_IN, user.getName(), address, null);
        response.sendRedirect(request.getContextPath() + "/console/");
    }

    /** Back to the sign-in page, which says for how many minutes sign-in is locked. */
    private static void locked(
            HttpServletRequest request, HttpServletResponse response, long retryAfterSeconds)
            throws IOException {
        response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
        response.sendRedirect(
                request.getContextPath()
                        + LOGIN_PAGE
                        + "?locked="
                        + Math.max(1, (retryAfterSeconds + 59) / 60));
    }

    /**
     * {@code POST /console/logout} with the session's CSRF token (so another site cannot sign
     * people out): ends the session on every server.
     */
    public void signOut(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        String userId = liveUser(request, response);
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
        sessions.close(sessionDigest(request));
        clearCookie(request, response);
        audit(AuditEventType.CONSOLE_SIGNED_OUT, userId, clientAddress.of(request), null);
        response.sendRedirect(request.getContextPath() + LOGIN_PAGE + "?signed-out");
    }

    /** Tells the browser to drop a cookie whose session is over. */
    static void clearCookie(HttpServletRequest request, HttpServletResponse response) {
        setCookie(request, response, "", 0);
    }

    /**
     * The session cookie: for the whole site (the pages and {@code /api}), never readable by
     * scripts, sent only over HTTPS (browsers treat localhost as secure) and only with requests
     * from the console's own pages. Without {@code maxAge} it ends with the browser.
     */
    private static void setCookie(
            HttpServletRequest request, HttpServletResponse response, String value, int maxAge) {
        Cookie cookie = new Cookie(COOKIE, value);
        String path = request.getContextPath();
        cookie.setPath(path.isEmpty() ? "/" : path);
        cookie.setSecure(true);
        cookie.setHttpOnly(true);
        cookie.setAttribute("SameSite", "Strict");
        cookie.setMaxAge(maxAge);
        response.addCookie(cookie);
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
}
