package io.chroom.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * Requests to the test server from a chosen loopback source address, written by hand so that the
 * server's socket sees exactly that address: a test that counts per client address gets an address
 * of its own and leaves 127.0.0.1, which every other test uses, alone.
 */
final class Loopback {

    /** A raw answer: its status and headers (names in lower case). */
    record Answer(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private Loopback() {}

    /** A loopback address no other test is likely to use. */
    static String randomAddress() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "127." + r.nextInt(1, 255) + "." + r.nextInt(0, 256) + "." + r.nextInt(2, 255);
    }

    /** Signs in to the console of the server at {@code baseUrl} from {@code source}. */
    static Answer signIn(String baseUrl, String source, String email, String password) {
        String form =
                Map.of("email", email, "password", password).entrySet().stream()
                        .map(e -> e.getKey() + "=" + encode(e.getValue()))
                        .collect(Collectors.joining("&"));
        return post(baseUrl, source, "/console/login", form);
    }

    static Answer signIn(String source, String email, String password) {
        return signIn(Api.URL, source, email, password);
    }

    private static Answer post(String baseUrl, String source, String path, String form) {
        URI base = URI.create(baseUrl);
        byte[] body = form.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(source, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", base.getPort()), 5000);
            socket.setSoTimeout(30_000);
            String head =
                    "POST "
                            + path
                            + " HTTP/1.1\r\n"
                            + "Host: localhost:"
                            + base.getPort()
                            + "\r\n"
                            + "Connection: close\r\n"
                            + "Content-Type: application/x-www-form-urlencoded\r\n"
                            + "Content-Length: "
                            + body.length
                            + "\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            return parse(socket.getInputStream());
        } catch (IOException e) {
            throw new IllegalStateException("POST " + path + " from " + source + " failed", e);
        }
    }

    private static Answer parse(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        String text = all.toString(StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        String[] lines = text.substring(0, end).split("\r\n");
        Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.merge(
                    lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).trim(),
                    (a, b) -> a + "\n" + b);
        }
        return new Answer(Integer.parseInt(lines[0].split(" ")[1]), headers, text.substring(end));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
