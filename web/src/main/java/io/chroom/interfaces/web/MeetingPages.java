package io.chroom.interfaces.web;

import io.chroom.application.meeting.MeetingService;
import io.chroom.application.meeting.MeetingView;
import io.chroom.interfaces.rest.Problems;
import jakarta.ejb.EJB;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Optional;

/**
 * {@code /start/{id}} for the host, whose link carries a signed, expiring credential, and {@code
 * /join/{id}} for participants. The pages show the meeting's title and state; media (camera,
 * microphone, screen) is not part of them yet, which the page says plainly.
 */
@WebServlet(urlPatterns = {"/start/*", "/join/*"})
public class MeetingPages extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @EJB private MeetingService meetings;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        boolean host = request.getServletPath().equals("/start");
        String id = request.getPathInfo() == null ? "" : request.getPathInfo().substring(1);
        Optional<MeetingView> meeting =
                id.isEmpty() || id.contains("/") ? Optional.empty() : meetings.publicView(id);
        if (meeting.isEmpty()) {
            Problems.write(
                    request, response, 404, "Not found", "There is no meeting at this link.");
            return;
        }
        if (host && !meetings.isHostToken(id, request.getParameter("token"))) {
            Problems.write(
                    request,
                    response,
                    403,
                    "Forbidden",
                    "This start link is not valid or has expired; ask for a fresh one.");
            return;
        }

        response.setContentType("text/html");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader(
                "Content-Security-Policy",
                "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
        MeetingView m = meeting.get();
        PrintWriter out = response.getWriter();
        out.println("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">");
        out.println("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        out.println("<title>" + escape(m.title()) + " · Chroom</title>");
        out.println(
                "<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;"
                        + "padding:0 1rem;color:#1d2330}.state{color:#55607a}</style></head>");
        out.println("<body><h1>" + escape(m.title()) + "</h1>");
        out.println(
                "<p class=\"state\">"
                        + (host ? "You are the host. " : "")
                        + "This meeting is <strong>"
                        + escape(m.status())
                        + "</strong> and lasts "
                        + m.duration()
                        + " minutes.</p>");
        out.println(
                "<p>Audio and video are not available on this page yet: media nodes are not"
                        + " connected to this server.</p>");
        out.println("</body></html>");
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
