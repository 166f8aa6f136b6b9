package io.chroom.interfaces.security;

import io.chroom.application.AuthenticatedCaller;
import io.chroom.application.Caller;
import io.chroom.application.audit.AuditTrail;
import io.chroom.application.console.ConsoleSessionStore;
import io.chroom.domain.model.account.Scope;
import io.chroom.interfaces.rest.Problems;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.EnumSet;
import java.util.Hashtable;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.security.auth.Subject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Authenticates every request under {@code /api} by its {@code Authorization: Bearer} header, or by
 * the console session of a signed-in person when it carries none, and counts it against a rate
 * limit; guards the console's pages and signs people in and out of it (see {@link
 * ConsoleSessions}). Pages, health and the API description are public and pass through untouched; a
 * request under {@code /api} without a valid credential is answered 401 with a problem document.
 *
 * <p>A request with a valid credential counts against its account's limit; any other request counts
 * against its client address ({@code CHROOM_RATE_LIMIT_ANONYMOUS_PER_MINUTE}). Counting per
 * account, not per path or method, means no spelling of a URL gets a fresh counter. Every answer
 * under {@code /api}, a 401 as well, carries {@code X-RateLimit-Limit}, {@code
 * X-RateLimit-Remaining} and {@code X-RateLimit-Reset}; a request over the limit is answered 429
 * with {@code Retry-After}. Each request of an account is counted with its outcome for the
 * account's usage figures ({@link RequestCounter}).
 */
@ApplicationScoped
public class BearerAuthenticationMechanism implements HttpAuthenticationMechanism {

    private static final Logger LOG =
            Logger.getLogger(BearerAuthenticationMechanism.class.getName());

    private static final String BEARER = "Bearer ";

    /** Liberty's name for the key under which its authentication cache keeps a subject. */
    private static final String CACHE_KEY = "com.ibm.wsspi.security.cred.cacheKey";

    private static final String CHALLENGE = "Bearer realm=\"chroom\"";

    private static final String INVALID_TOKEN = CHALLENGE + ", error=\"invalid_token\"";

    @Inject private IdentityStoreHandler identities;

    @Inject private CheckedCredentials checked;

    @Inject private RateLimiter limiter;

    @Inject private RequestCounter counter;

    @Inject private AuthenticatedCaller authenticated;

    @Inject private ConsoleSessions consoleSessions;

    @EJB private AuditTrail audit;

    @Inject
    @ConfigProperty(name = "chroom.rate.limit.anonymous.per.minute", defaultValue = "100")
    private int anonymousPerMinute;

    /**
     * How many servers share the deployment's traffic: each enforces its share of an account's
     * limit, so that an evenly balanced deployment admits about the limit as a whole.
     */
    @Inject
    @ConfigProperty(name = "chroom.rate.limit.servers", defaultValue = "1")
    private int servers;

    @Inject
    @ConfigProperty(name = "chroom.trusted.proxies")
    private Optional<String> trustedProxies;

    private ClientAddress clientAddress;

    @PostConstruct
    void configure() {
        if (servers < 1 || anonymousPerMinute < 1) {
            throw new IllegalStateException(
                    "CHROOM_RATE_LIMIT_SERVERS and CHROOM_RATE_LIMIT_ANONYMOUS_PER_MINUTE must be"
                            + " at least 1");
        }
        clientAddress = new ClientAddress(trustedProxies.orElse(null));
    }

    @Override
    public AuthenticationStatus validateRequest(
            HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (ConsoleSessions.isConsolePath(path)) {
            return consoleSessions.gate(request, response, context, path);
        }
        if (!path.equals("/api") && !path.startsWith("/api/")) {
            return context.doNothing();
        }

        String header = request.getHeader("Authorization");
        String consoleSecret = header == null ? ConsoleSessions.secretOf(request) : null;
        if (consoleSecret != null) {
            return fromConsoleSession(request, response, context, consoleSecret);
        }
        if (header == null) {
            // RFC 6750: a request that carries no credential is challenged without an error code.
            return refuse(
                    request,
                    response,
                    CHALLENGE,
                    "This request needs an Authorization: Bearer credential.",
                    null);
        }
        if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                || header.length() == BEARER.length()) {
            return refuse(
                    request,
                    response,
                    INVALID_TOKEN,
                    "The Authorization header must be of the form 'Bearer <credential>'.",
                    "malformed Authorization header");
        }

        String credential = header.substring(BEARER.length()).trim();
        String digest = CheckedCredentials.digest(credential);
        CredentialValidationResult result =
                checked.validate(
                        digest, () -> identities.validate(new BearerCredential(credential)));
        if (result.getStatus() != CredentialValidationResult.Status.VALID
                || !(result.getCallerPrincipal() instanceof CredentialPrincipal key)) {
            return refuse(
                    request,
                    response,
                    INVALID_TOKEN,
                    "The credential is not valid, or it has been revoked.",
                    "unknown or revoked credential");
        }

        return admit(request, response, context, result, key, digest, false);
    }

    /**
     * Counts a request of a recognised caller against its account's limit and tells the container
     * who is calling. A request of a console session that may change something must also carry the
     * session's CSRF token, or it is refused with 403.
     */
    private AuthenticationStatus admit(
            HttpServletRequest request,
            HttpServletResponse response,
            HttpMessageContext context,
            CredentialValidationResult result,
            CredentialPrincipal key,
            String credentialDigest,
            boolean needsCsrfToken) {
        int share = (key.rateLimitPerMinute() + servers - 1) / servers;
        RateLimiter.Decision decision = limiter.consume("account:" + key.accountId(), share);
        if (!decision.allowed()) {
            counter.count(key.accountId(), 429);
            return tooMany(request, response, decision, "This account");
        }
        headers(response, decision);
        if (needsCsrfToken
                && !ConsoleSessions.carriesCsrfToken(
                        request, request.getHeader(ConsoleSessions.CSRF_HEADER))) {
            counter.count(key.accountId(), 403);
            try {
                Problems.write(
                        request,
                        response,
                        403,
                        "Forbidden",
                        "A console request that changes something must carry the session's "
                                + ConsoleSessions.CSRF_HEADER
                                + " header.");
            } catch (IOException e) {
                // The client went away; there is nobody left to tell.
            }
            return AuthenticationStatus.SEND_FAILURE;
        }
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String group : result.getCallerGroups()) {
            Scope.fromValue(group).ifPresent(scopes::add);
        }
        authenticated.set(new Caller(key.getName(), key.accountId(), scopes));
        request.setAttribute(RequestCounting.ACCOUNT, key.accountId());
        rememberSubject(context, credentialDigest, result);
        return context.notifyContainerAboutLogin(result);
    }

    /**
     * An API request from the console's pages: no Authorization header, but the cookie of a console
     * session, which is read again (on whichever server opened it) so that a session ended or a
     * user removed a moment ago no longer counts.
     */
    private AuthenticationStatus fromConsoleSession(
            HttpServletRequest request,
            HttpServletResponse response,
            HttpMessageContext context,
            String secret) {
        CredentialValidationResult result =
                identities.validate(
                        new ConsoleSessionCredential(ConsoleSessionStore.digest(secret)));
        if (result.getStatus() != CredentialValidationResult.Status.VALID
                || !(result.getCallerPrincipal() instanceof CredentialPrincipal user)) {
            ConsoleSessions.clearCookie(request, response);
            return refuse(
                    request,
                    response,
                    CHALLENGE,
                    "The console session has ended, or its user no longer exists; sign in again.",
                    "ended or unknown console session");
        }
        return admit(
                request,
                response,
                context,
                result,
                user,
                CheckedCredentials.digest("console session " + secret),
                ConsoleSessions.unsafe(request));
    }

    /**
     * Lets the container reuse the subject it built for this credential and these scopes, instead
     * of building one, and minting its single sign-on token (an RSA signature), on every request.
     * The credential has been checked against the database above, so a revoked key or deleted
     * client never reaches the cached subject; the key names a digest of the credential, never the
     * credential.
     */
    private static void rememberSubject(
            HttpMessageContext context,
            String credentialDigest,
            CredentialValidationResult result) {
        Subject subject = context.getClientSubject();
        if (subject == null) {
            return;
        }
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(
                CACHE_KEY,
                "chroom:"
                        + result.getCallerPrincipal().getName()
                        + ":"
                        + credentialDigest
                        + ":"
                        + String.join(" ", new TreeSet<>(result.getCallerGroups())));
        subject.getPrivateCredentials().add(properties);
    }

    /**
     * Answers 401, unless the client address has used up its limit of such requests: then 429, so
     * that guessing credentials costs as much as any other request. A credential that was presented
     * and failed ({@code failure} says how) is counted in the audit trail; a refused 429 is not,
     * which bounds the trail's writes by the address's limit.
     */
    private AuthenticationStatus refuse(
            HttpServletRequest request,
            HttpServletResponse response,
            String challenge,
            String detail,
            String failure) {
        String address = clientAddress.of(request);
        RateLimiter.Decision decision =
                limiter.consume("address:" + ClientAddress.subject(address), anonymousPerMinute);
        if (!decision.allowed()) {
            return tooMany(request, response, decision, "This client address");
        }
        if (failure != null) {
            try {
                audit.authenticationFailed(address, failure);
            } catch (RuntimeException e) {
                LOG.log(
                        Level.WARNING,
                        "A failed authentication from " + address + " was not audited",
                        e);
            }
        }
        headers(response, decision);
        response.setHeader("WWW-Authenticate", challenge);
        try {
            Problems.write(request, response, 401, "Unauthorized", detail);
        } catch (IOException e) {
            // The client went away; there is nobody left to tell.
        }
        return AuthenticationStatus.SEND_FAILURE;
    }

    private static AuthenticationStatus tooMany(
            HttpServletRequest request,
            HttpServletResponse response,
            RateLimiter.Decision decision,
            String who) {
        headers(response, decision);
        response.setHeader("Retry-After", Long.toString(decision.resetSeconds()));
        try {
            Problems.write(
                    request,
                    response,
                    429,
                    "Too many requests",
                    who
                            + " has made its "
                            + decision.limit()
                            + " requests of this minute; retry in "
                            + decision.resetSeconds()
                            + " s.");
        } catch (IOException e) {
            // The client went away; there is nobody left to tell.
        }
        return AuthenticationStatus.SEND_FAILURE;
    }

    private static void headers(HttpServletResponse response, RateLimiter.Decision decision) {
        response.setHeader("X-RateLimit-Limit", Integer.toString(decision.limit()));
        response.setHeader("X-RateLimit-Remaining", Integer.toString(decision.remaining()));
        response.setHeader("X-RateLimit-Reset", Long.toString(decision.resetSeconds()));
    }
}
