package io.chroom.interfaces.web;

import io.chroom.application.media.JoinService;
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
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code /start/{id}} for the host, whose link carries a signed, expiring credential, and {@code
 * /join/{id}} for participants. The page is the shell of the meeting client in {@code
 * /assets/meeting.js}: it names the meeting and whether this is the host's page, and the script
 * joins through the page endpoints and talks WebRTC to the media node.
 */
@WebServlet(urlPatterns = {"/start/*", "/join/*"})
public class MeetingPages extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @EJB private MeetingService meetings;

    @EJB private JoinService joins;

    /**
     * The page endpoints, {@code /start/{id}/...} and {@code /join/{id}/...}: see {@link
     * PageEndpoints}.
     */
    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        endpoint(request, response);
    }

    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        endpoint(request, response);
    }

    private void endpoint(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        String info = request.getPathInfo() == null ? "" : request.getPathInfo();
        List<String> path = Arrays.asList(info.replaceFirst("^/", "").split("/", -1));
        if (path.size() < 2 || path.stream().anyMatch(String::isEmpty)) {
            Problems.write(request, response, 404, "Not found", "There is nothing at this path.");
            return;
        }
        new PageEndpoints(joins, meetings)
                .serve(request, response, request.getServletPath().equals("/start"), path);
    }

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
        // Media nodes are chosen per meeting, so the page may talk to any of them.
        response.setHeader(
                "Content-Security-Policy",
                "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                        + " media-src 'self' blob: mediastream:; connect-src 'self' http: https:"
                        + " ws: wss:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
        MeetingView m = meeting.get();
        PrintWriter out = response.getWriter();
        out.println("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">");
        out.println("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        out.println("<title>" + escape(m.title()) + " · Chroom</title>");
        out.println("<link rel=\"icon\" href=\"data:,\">");
        out.println("<link rel=\"stylesheet\" href=\"/assets/meeting.css\"></head>");
        out.println(
                "<body data-mode=\""
                        + (host ? "host" : "participant")
                        + "\" data-meeting-id=\""
                        + escape(m.meetingId())
                        + "\" data-e2ee=\""
                        + m.e2ee()
                        + "\" data-status=\""
                        + escape(m.status())
                        + "\" data-state=\"loading\">");
        out.println("<header><h1>" + escape(m.title()) + "</h1>");
        out.println(
                "<p class=\"role\">"
                        + (host ? "You are the host. " : "")
                        + "Meeting <code>"
                        + escape(m.meetingId())
                        + "</code>, <span id=\"meeting-status\">"
                        + escape(m.status())
                        + "</span>, "
                        + m.duration()
                        + " minutes"
                        + (m.e2ee() ? ", end-to-end encrypted" : "")
                        + ".</p>");
        out.println(
                "<p id=\"state\" class=\"state\" role=\"status\" aria-live=\"polite\">"
                        + "This page needs JavaScript to join the meeting.</p></header>");
        out.println("<p id=\"notice\" role=\"alert\" hidden></p>");
        if (!host) {
            out.println(
                    "<form id=\"lobby\"><label for=\"name\">Your name</label>"
                            + "<input id=\"name\" name=\"name\" maxlength=\"60\" required"
                            + " autocomplete=\"name\"><button type=\"submit\">Join</button>"
                            + "</form>");
        } else {
            out.println("<div id=\"lobby\" hidden></div>");
        }
        out.println(
                "<div id=\"invite\" hidden><label for=\"invite-link\">Invite link with the"
                        + " encryption key</label><input id=\"invite-link\" readonly></div>");
        out.println("<main id=\"tiles\" aria-label=\"Participants\"></main>");
        out.println(
                "<nav id=\"controls\" hidden>"
                        + "<button type=\"button\" id=\"mic\" aria-pressed=\"false\">Mute"
                        + "</button><button type=\"button\" id=\"camera\""
                        + " aria-pressed=\"false\">Stop camera</button><button type=\"button\""
                        + " id=\"screen\" aria-pressed=\"false\">Share screen</button>"
                        + "<button type=\"button\" id=\"leave\">Leave</button>"
                        + (host ? "<button type=\"button\" id=\"end\">End meeting</button>" : "")
                        + "</nav>");
        out.println("<script src=\"/assets/vendor/adapter.js\"></script>");
        out.println("<script type=\"module\" src=\"/assets/meeting.js\"></script>");
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
