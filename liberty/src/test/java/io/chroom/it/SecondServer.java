package io.chroom.it;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A second Liberty server beside the test server, on the same database, chain and media nodes, as a
 * deployment of two servers behind a balancer would run: a copy of the test server's folder
 * (without its logs, work area and transaction log) whose only difference is its ports.
 */
final class SecondServer implements AutoCloseable {

    static final String NAME = "chroom-second";

    private final Path wlp;

    final String url;

    private SecondServer(Path wlp, String url) {
        this.wlp = wlp;
        this.url = url;
    }

    /** Starts the second server on the test server's ports plus 10, and waits until it answers. */
    static SecondServer start() throws Exception {
        Path first = Path.of(System.getProperty("chroom.server.dir"));
        Path wlp = Path.of(System.getProperty("chroom.wlp.dir"));
        Path second = first.resolveSibling(NAME);
        int httpPort = URI.create(Api.URL).getPort() + 10;
        int httpsPort =
                URI.create(System.getProperty("chroom.https.url", "https://localhost:19443"))
                                .getPort()
                        + 10;

        delete(second);
        copy(first, second, Set.of("logs", "workarea", "tranlog"));
        Path env = second.resolve("server.env");
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(env)) {
            if (line.startsWith("CHROOM_HTTP_PORT=")) {
                line = "CHROOM_HTTP_PORT=" + httpPort;
            } else if (line.startsWith("CHROOM_HTTPS_PORT=")) {
                line = "CHROOM_HTTPS_PORT=" + httpsPort;
            }
            lines.add(line);
        }
        Files.write(env, lines);

        SecondServer server = new SecondServer(wlp, "http://localhost:" + httpPort);
        Process start =
                new ProcessBuilder(wlp.resolve("bin/server").toString(), "start", NAME)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
        start.waitFor(180, TimeUnit.SECONDS);
        MediaNodes.await(
                () -> {
                    try {
                        return given().get(server.url + "/api/me").statusCode() == 401;
                    } catch (RuntimeException e) {
                        return false;
                    }
                },
                Duration.ofSeconds(180),
                "the second server answers");
        return server;
    }

    @Override
    public void close() throws Exception {
        new ProcessBuilder(wlp.resolve("bin/server").toString(), "stop", NAME)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start()
                .waitFor(120, TimeUnit.SECONDS);
    }

    private static void copy(Path from, Path to, Set<String> skipped) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path relative = from.relativize(path);
                if (relative.getNameCount() > 0
                        && skipped.contains(relative.getName(0).toString())) {
                    continue;
                }
                Path target = to.resolve(relative.toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(
                            p -> {
                                try {
                                    Files.delete(p);
                                } catch (IOException e) {
                                    throw new UncheckedIOException(e);
                                }
                            });
        }
    }
}
