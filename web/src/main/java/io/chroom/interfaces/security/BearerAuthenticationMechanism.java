package io.chroom.interfaces.security;

import io.chroom.interfaces.rest.Problems;
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

/**
 * Authenticates every request under {@code /api} by its {@code Authorization: Bearer} header.
 * Pages, health and the API description are public and pass through untouched; a request under
 * {@code /api} without a valid credential is answered 401 with a problem document.
 */
@ApplicationScoped
public class BearerAuthenticationMechanism implements HttpAuthenticationMechanism {

    private static final String BEARER = "Bearer ";

    private static final String CHALLENGE = "Bearer realm=\"chroom\"";

    private static final String INVALID_TOKEN = CHALLENGE + ", error=\"invalid_token\"";

    @Inject private IdentityStoreHandler identities;

    @Override
    public AuthenticationStatus validateRequest(
            HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!path.equals("/api") && !path.startsWith("/api/")) {
            return context.doNothing();
        }

        String header = request.getHeader("Authorization");
        if (header == null) {
            // RFC 6750: a request that carries no credential is challenged without an error code.
            return refuse(
                    request,
                    response,
                    CHALLENGE,
                    "This request needs an Authorization: Bearer credential.");
        }
        if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                || header.length() == BEARER.length()) {
            return refuse(
                    request,
                    response,
                    INVALID_TOKEN,
                    "The Authorization header must be of the form 'Bearer <credential>'.");
        }

        CredentialValidationResult result =
                identities.validate(new BearerCredential(header.substring(BEARER.length()).trim()));
        if (result.getStatus() != CredentialValidationResult.Status.VALID) {
            return refuse(
                    request,
                    response,
                    INVALID_TOKEN,
                    "The credential is not valid, or it has been revoked.");
        }
        return context.notifyContainerAboutLogin(result);
    }

    private static AuthenticationStatus refuse(
            HttpServletRequest request,
            HttpServletResponse response,
            String challenge,
            String detail) {
        response.setHeader("WWW-Authenticate", challenge);
        try {
            Problems.write(request, response, 401, "Unauthorized", detail);
        } catch (IOException e) {
            // The client went away; there is nobody left to tell.
        }
        return AuthenticationStatus.SEND_FAILURE;
    }
}
