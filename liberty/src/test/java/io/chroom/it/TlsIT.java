package io.chroom.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
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
 * 1.3 and only strong AEAD ciphers with forward secrecy; this JVM, with its own protocol bans
 * lifted, is refused SSLv3, TLS 1.0, TLS 1.1 and weak ciphers by the server itself; HTTPS answers
 * carry HSTS and name no server software.
 */
class TlsIT {

    static {
        // Java itself refuses old protocols and ciphers; lift that so that any refusal seen below
        // is the server's.
        Security.setProperty("jdk.tls.disabledAlgorithms", "");
        Security.setProperty("jdk.tls.legacyAlgorithms", "");
    }

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
                        name.matches("TLS_(AES_\\d+_GCM|CHACHA20_POLY1305)_SHA\\d+")
                                || name.matches(
                                        "ECDHE-(RSA|ECDSA)-(AES\\d+-GCM-SHA\\d+|CHACHA20-POLY1305)"),
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
    void oldProtocolsAreRefusedByTheServer() throws Exception {
        for (String protocol : List.of("SSLv3", "TLSv1", "TLSv1.1")) {
            SSLException refused =
                    assertThrows(
                            SSLException.class,
                            () -> handshake(new String[] {protocol}, null),
                            protocol + " must be refused");
            assertFalse(
                    String.valueOf(refused.getMessage()).contains("No appropriate protocol"),
                    () -> protocol + " was refused by this client, not the server: " + refused);
        }
        assertEquals("TLSv1.3", handshake(new String[] {"TLSv1.3"}, null));
        assertEquals("TLSv1.2", handshake(new String[] {"TLSv1.2"}, null));
    }

    @Test
    void weakCiphersAreRefusedByTheServer() throws Exception {
        for (String cipher :
                List.of(
                        "TLS_RSA_WITH_AES_128_CBC_SHA",
                        "TLS_RSA_WITH_AES_128_GCM_SHA256",
                        "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
                        "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384",
                        "TLS_DHE_RSA_WITH_AES_128_CBC_SHA",
                        "SSL_RSA_WITH_3DES_EDE_CBC_SHA",
                        "TLS_ECDH_anon_WITH_AES_128_CBC_SHA")) {
            assertThrows(
                    SSLException.class,
                    () -> handshake(new String[] {"TLSv1.2"}, new String[] {cipher}),
                    cipher + " must be refused");
        }
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

    /** Answers the protocol negotiated, or throws when the handshake fails. */
    private static String handshake(String[] protocols, String[] ciphers)
            throws IOException, GeneralSecurityException {
        SSLContext context = trustingContext();
        try (SSLSocket socket =
                (SSLSocket)
                        context.getSocketFactory().createSocket(HTTPS.getHost(), HTTPS.getPort())) {
            socket.setSoTimeout(5000);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setProtocols(protocols);
            if (ciphers != null) {
                parameters.setCipherSuites(ciphers);
            }
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            return socket.getSession().getProtocol();
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
