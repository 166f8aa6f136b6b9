package io.chroom.interfaces.web;

import io.chroom.interfaces.rest.Problems;
import io.chroom.interfaces.security.ConsoleSessions;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The console's session endpoints (see {@link ConsoleSessions}):
 *
 * <ul>
 *   <li>{@code POST /console/login} with the form fields {@code email} and {@code password}: signs
 *       in and sends the browser on to the console, or back to the sign-in page
 *   <li>{@code POST /console/logout} with {@code csrf_token} (or {@code X-CSRF-Token}): signs out
 *   <li>{@code GET /console/session}: the signed-in user's id and the session's CSRF token, which
 *       the pages send as {@code X-CSRF-Token} with every change they ask the API for; other sites
 *       cannot read it, since the server allows no cross-origin reads; any server of the deployment
 *       answers the same token for the same session
 * </ul>
 */
@WebServlet(urlPatterns = {"/console/login", "/console/logout", "/console/session"})
public class ConsoleEndpoints extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject private transient ConsoleSessions sessions;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        switch (request.getServletPath()) {
            case "/console/login" -> sessions.signIn(request, response);
            case "/console/logout" -> sessions.signOut(request, response);
            default -> wrongMethod(request, response, "GET");
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        switch (request.getServletPath()) {
            case "/console/session" -> session(request, response);
            case "/console/login" ->
                    response.sendRedirect(request.getContextPath() + "/console/login.html");
            default -> wrongMethod(request, response, "POST");
        }
    }

    private void session(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        String userId = sessions.liveUser(request, response);
        if (userId == null) {
            Problems.write(request, response, 401, "Unauthorized", "Sign in to the console first.");
            return;
        }
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        // Both values are made by the server: an id and a base64url token need no escaping.
        response.getWriter()
                .write(
                        "{\"user_id\":\""
                                + userId
                                + "\",\"csrf_token\":\""
                                + ConsoleSessions.csrfTokenOf(request)
                                + "\"}");
    }

    private static void wrongMethod(
            HttpServletRequest request, HttpServletResponse response, String allowed)
            throws IOException {
        response.setHeader("Allow", allowed);
        Problems.write(
                request,
                response,
                405,
                "Method not allowed",
                "This path does not accept " + request.getMethod() + ".");
    }
}
