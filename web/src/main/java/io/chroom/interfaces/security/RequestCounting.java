package io.chroom.interfaces.security;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Counts each admitted request under {@code /api} for its account once it is answered, with the
 * status it was answered with (see {@link RequestCounter}). Requests the authentication mechanism
 * refuses on the account's behalf (its rate limit, a missing CSRF token) never get here; the
 * mechanism counts those itself. Requests without a valid credential belong to no account.
 */
@WebFilter(urlPatterns = "/api/*", asyncSupported = true)
public class RequestCounting extends HttpFilter {

    private static final long serialVersionUID = 1L;

    /** The request attribute naming the account an admitted request counts against. */
    static final String ACCOUNT = "io.chroom.account";

    @Inject private transient RequestCounter counter;

    @Override
    protected void doFilter(
            HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        try {
            chain.doFilter(request, response);
        } finally {
            Object account = request.getAttribute(ACCOUNT);
            if (account instanceof String accountId) {
                counter.count(accountId, response.getStatus());
            }
        }
    }
}
