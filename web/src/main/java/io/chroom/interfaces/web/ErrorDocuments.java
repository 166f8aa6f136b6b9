package io.chroom.interfaces.web;

import io.chroom.interfaces.rest.Problems;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The error page of the web container: errors that never reach JAX-RS (an unknown path outside
 * {@code /api}, a failure in a filter) still answer a problem document, never a stack trace.
 */
@WebServlet("/error")
public class ErrorDocuments extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private static final Logger LOG = Logger.getLogger(ErrorDocuments.class.getName());

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : 404;
        Throwable failure = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        String detail =
                switch (status) {
                    case 404 -> "There is nothing at this path.";
                    case 405 -> "This path does not accept " + request.getMethod() + ".";
                    case 401 -> "This request needs an Authorization: Bearer credential.";
                    case 403 -> "This credential may not do this.";
                    default -> "The request could not be served.";
                };
        if (status >= 500) {
            String id = UUID.randomUUID().toString();
            LOG.log(Level.SEVERE, "Request " + id + " failed outside the API", failure);
            detail = "The server failed to answer this request; quote error id " + id + ".";
        }
        response.resetBuffer();
        Problems.write(request, response, status, title(status), detail);
    }

    private static String title(int status) {
        return switch (status) {
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            default -> status >= 500 ? "Internal server error" : "Request error";
        };
    }
}
