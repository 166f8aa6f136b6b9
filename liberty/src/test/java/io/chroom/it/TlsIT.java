package io.chroom.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The HTTPS listener as an attacker sees it: a scan with sslscan (Debian) finds only TLS 1.2 and
 * 1.3 and only strong AEAD ciphers with forward secrecy; a JVM with its own protocol bans lifted is
 * refused SSLv3, TLS 1.0, TLS 1.1 and weak ciphers by the server itself; HTTPS answers carry HSTS
 * and name no server software.
 */
class TlsIT {

    /** TLS 1.3 suites, all AEAD. */
    private static final String TLS13_AEAD = "TLS_(AES_\\d+_GCM|CHACHA20_POLY1305)_SHA\\d+";

    /** TLS 1.2 suites with forward secrecy and AEAD, as sslscan names them. */
    private static final String ECDHE_AEAD =
            "ECDHE-(RSA|ECDSA)-(AES\\d+-GCM-SHA\\d+|CHACHA20-POLY1305)";

    private static final URI HTTPS =
            URI.create(System.getProperty("chroom.https.url", "https://localhost:19443"));

    @Test
    void aScanFindsOnlyTls12And13AndNoWeakCipher() throws Exception {
        Document scan = sslscan();

        Set<String> enabled = new TreeSet<>();
        NodeList protocols = scan.getElementsByTagName("protocol");
        for (int i = 0; i < protocols.getLength(); i++) {
            Element p = (Element) protocols.item(i);
            if (p.getAttribute("enabled").equals("1")) {
                enabled.add(p.getAttribute("type") + p.getAttribute("version"));
            }
        }
        assertEquals(Set.of("tls1.2", "tls1.3"), enabled, "protocols the server accepts");

        NodeList ciphers = scan.getElementsByTagName("cipher");
        List<String> accepted = new ArrayList<>();
        for (int i = 0; i < ciphers.getLength(); i++) {
            Element c = (Element) ciphers.item(i);
            if (!c.getAttribute("status").isEmpty()) {
                String name = c.getAttribute("cipher");
                accepted.add(name);
                assertTrue(
                        Set.of("strong", "acceptable").contains(c.getAttribute("strength")),
                        () -> name + " is rated " + c.getAttribute("strength"));
                assertTrue(
                        name.matches(TLS13_AEAD) || name.matches(ECDHE_AEAD),
                        () -> name + " is not an AEAD cipher with forward secrecy");
                assertTrue(Integer.parseInt(c.getAttribute("bits")) >= 128, name + " bits");
            }
        }
        assertFalse(accepted.isEmpty(), "the scan found the server's ciphers");
        NodeList renegotiation = scan.getElementsByTagName("renegotiation");
        for (int i = 0; i < renegotiation.getLength(); i++) {
            Element r = (Element) renegotiation.item(i);
            assertFalse(
                    r.getAttribute("supported").equals("1") && r.getAttribute("secure").equals("0"),
                    "no insecure renegotiation");
        }
    }

    @Test
    void oldProtocolsAndWeakCiphersAreRefusedByTheServer() throws Exception {
        List<String> attempts =
                List.of(
                        "SSLv3",
                        "TLSv1",
                        "TLSv1.1",
                        "TLSv1.2 TLS_RSA_WITH_AES_128_CBC_SHA",
                        "TLSv1.2 TLS_RSA_WITH_AES_128_GCM_SHA256",
                        "TLSv1.2 TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
                        "TLSv1.2 TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384",
                        "TLSv1.2 TLS_DHE_RSA_WITH_AES_128_CBC_SHA",
                        "TLSv1.2 SSL_RSA_WITH_3DES_EDE_CBC_SHA",
                        "TLSv1.2 TLS_ECDH_anon_WITH_AES_128_CBC_SHA",
                        "TLSv1.2",
                        "TLSv1.3");

        List<String> outcomes = legacyClient(attempts);

        assertEquals(attempts.size(), outcomes.size(), () -> "one outcome each: " + outcomes);
        for (int i = 0; i < attempts.size() - 2; i++) {
            String attempt = attempts.get(i);
            String outcome = outcomes.get(i);
            assertTrue(
                    outcome.startsWith("refused"), () -> attempt + " must be refused: " + outcome);
            assertFalse(
                    outcome.contains("No appropriate protocol"),
                    () -> attempt + " was refused by the client, not the server: " + outcome);
        }
        assertEquals("ok TLSv1.2", outcomes.get(attempts.size() - 2), "TLS 1.2 with our ciphers");
        assertEquals("ok TLSv1.3", outcomes.get(attempts.size() - 1), "TLS 1.3");
    }

    @Test
    void httpsAnswersCarryHstsAndNameNoServerSoftware() throws Exception {
        HttpClient client =
                HttpClient.newBuilder()
                        .sslContext(trustingContext())
                        .connectTimeout(Duration.ofSeconds(5))
                        .build();
        for (String path : List.of("/health", "/api/meetings", "/no/such/page")) {
            HttpResponse<String> answer =
                    client.send(
                            HttpRequest.newBuilder(HTTPS.resolve(path)).build(),
                            HttpResponse.BodyHandlers.ofString());
            String hsts = answer.headers().firstValue("Strict-Transport-Security").orElse("");
            assertTrue(
                    hsts.matches("max-age=\\d{8,}; includeSubDomains"),
                    () -> path + " over HTTPS carries HSTS of a year or more: '" + hsts + "'");
            assertNull(answer.headers().firstValue("Server").orElse(null), path + ": Server");
            assertNull(
                    answer.headers().firstValue("X-Powered-By").orElse(null),
                    path + ": X-Powered-By");
        }
    }

    /**
     * Runs the handshakes in a JVM of their own whose protocol and cipher bans are lifted, so that
     * any refusal is the server's: this JVM fixed its bans when it first used TLS. Each attempt is
     * a protocol and optionally one cipher suite; each outcome is {@code ok <protocol>} or {@code
     * refused <reason>}.
     */
    private static List<String> legacyClient(List<String> attempts) throws Exception {
        Path unbanned = Files.createTempFile("tls-unbanned", ".security");
        Files.writeString(unbanned, "jdk.tls.disabledAlgorithms=\njdk.tls.legacyAlgorithms=\n");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Djava.security.properties=" + unbanned);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(LegacyClient.class.getName());
        command.add(HTTPS.getHost());
        command.add(Integer.toString(HTTPS.getPort()));
        command.addAll(attempts);
        Process client = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(client.waitFor(60, TimeUnit.SECONDS), "the handshakes finished");
        Files.delete(unbanned);
        return out.lines().filter(l -> l.startsWith("ok ") || l.startsWith("refused")).toList();
    }

    /** The client side of {@link #legacyClient}: host, port, then one argument per attempt. */
    static final class LegacyClient {
        public static void main(String[] args) throws Exception {
            for (int i = 2; i < args.length; i++) {
                String[] attempt = args[i].split(" ");
                try {
                    System.out.println(
                            "ok "
                                    + handshake(
                                            args[0],
                                            Integer.parseInt(args[1]),
                                            attempt[0],
                                            attempt.length > 1 ? attempt[1] : null));
                } catch (IOException e) {
                    System.out.println("refused " + e);
                }
            }
        }

        private static String handshake(String host, int port, String protocol, String cipher)
                throws IOException, GeneralSecurityException {
            try (SSLSocket socket =
                    (SSLSocket) trustingContext().getSocketFactory().createSocket(host, port)) {
                socket.setSoTimeout(5000);
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setProtocols(new String[] {protocol});
                if (cipher != null) {
                    parameters.setCipherSuites(new String[] {cipher});
                }
                socket.setSSLParameters(parameters);
                socket.startHandshake();
                return socket.getSession().getProtocol();
            }
        }
    }

    /** The test server's certificate is self-signed; what is under test here is the protocol. */
    private static SSLContext trustingContext() throws GeneralSecurityException {
        TrustManager trustAll =
                new X509TrustManager() {
                    @Override
                    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

                    @Override
                    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

                    @Override
                    public X509Certificate[] getAcceptedIssuers() {
                        return new X509Certificate[0];
                    }
                };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {trustAll}, new SecureRandom());
        return context;
    }

    private static Document sslscan() throws Exception {
        Process scan =
                new ProcessBuilder(
                                "sslscan",
                                "--no-colour",
                                "--xml=-",
                                HTTPS.getHost() + ":" + HTTPS.getPort())
                        .redirectErrorStream(false)
                        .start();
        byte[] out = scan.getInputStream().readAllBytes();
        assertTrue(scan.waitFor(120, TimeUnit.SECONDS), "sslscan finished");
        assertEquals(0, scan.exitValue(), () -> "sslscan failed: " + new String(out));
        String text = new String(out, StandardCharsets.UTF_8);
        String xml = text.substring(text.indexOf("<?xml"));
        return DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }
}
