package io.chroom.application.analytics;

import io.chroom.application.media.MediaTokens;
import io.chroom.application.webhook.WebhookSecrets;
import jakarta.annotation.security.PermitAll;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The credential a media node's event handler presents when it posts events: the hex HMAC-SHA256 of
 * the text {@code chroom-ingest} keyed with the node's admin secret. Operator and Chroom both hold
 * that secret, so the node needs no other one, and an event credential that leaks does not give
 * control of the node. Only a SHA-256 digest of it is kept, beside the node it names.
 */
@Stateless
@PermitAll
public class IngestKeys {

    static final String LABEL = "chroom-ingest";

    @PersistenceContext private EntityManager em;

    @EJB private WebhookSecrets secrets;

    /** The ingest credential of a node with this admin secret. */
    public static String derive(String adminSecret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(adminSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(LABEL.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is missing from this Java runtime", e);
        }
    }

    /** Keeps the digest of the credential of a node that was registered or given a new secret. */
    public void remember(String nodeId, String adminSecret) {
        em.createNativeQuery(
                        "insert into media_node_ingest_keys (node_id, key_hash) values (?1, ?2)"
                                + " on conflict (node_id) do update"
                                + " set key_hash = excluded.key_hash")
                .setParameter(1, nodeId)
                .setParameter(2, digest(derive(adminSecret)))
                .executeUpdate();
    }

    /**
     * The node, not removed, whose credential this is. Nodes registered before credentials were
     * kept get theirs on the first miss, so a miss costs one query once every node has one.
     */
    public Optional<String> nodeFor(String credential) {
        byte[] hash = digest(credential);
        Optional<String> found = lookUp(hash);
        if (found.isPresent()) {
            return found;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> missing =
                em.createNativeQuery(
                                "select n.id, n.admin_secret_sealed from media_nodes n where"
                                        + " n.state <> 'REMOVED' and not exists (select 1 from"
                                        + " media_node_ingest_keys k where k.node_id = n.id)")
                        .getResultList();
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        for (Object[] row : missing) {
            remember((String) row[0], secrets.unseal((byte[]) row[1]));
        }
        return lookUp(hash);
    }

    private Optional<String> lookUp(byte[] hash) {
        List<?> nodes =
                em.createNativeQuery(
                                "select k.node_id from media_node_ingest_keys k join media_nodes"
                                        + " n on n.id = k.node_id where k.key_hash = ?1"
                                        + " and n.state <> 'REMOVED'")
                        .setParameter(1, hash)
                        .getResultList();
        // Two nodes sharing an admin secret cannot be told apart: neither is believed.
        return nodes.size() == 1 ? Optional.of((String) nodes.get(0)) : Optional.empty();
    }

    private static byte[] digest(String credential) {
        return MediaTokens.digest(credential);
    }
}
