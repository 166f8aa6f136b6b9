package io.chroom.application.webhook;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends due webhook deliveries every second, up to {@value #BATCH} at a time, each signed and with
 * a short timeout. Every server runs it; the ledger's row leases split the work between them. A
 * tick that is still sending holds back the next one on the same server.
 */
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class WebhookDispatcher {

    static final int BATCH = 50;
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class.getName());

    @EJB private DeliveryLedger ledger;

    @EJB private WebhookSecrets secrets;

    @EJB private WebhookTargets targets;

    @Resource private ManagedExecutorService executor;

    private volatile HttpClient http;

    @Schedule(second = "*", minute = "*", hour = "*", persistent = false)
    void tick() {
        List<DeliveryLedger.Due> due = ledger.claim(BATCH);
        if (due.isEmpty()) {
            return;
        }
        List<CompletableFuture<Void>> sends = new ArrayList<>(due.size());
        for (DeliveryLedger.Due delivery : due) {
            sends.add(CompletableFuture.runAsync(() -> deliver(delivery), executor));
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
    }

    private void deliver(DeliveryLedger.Due delivery) {
        long started = System.nanoTime();
        Integer status = null;
        String error = null;
        try {
            URI target = targets.checkForDelivery(delivery.url());
            long timestamp = System.currentTimeMillis() / 1000;
            StringBuilder signature = new StringBuilder("t=").append(timestamp);
            signature
                    .append(",v1=")
                    .append(
                            WebhookSecrets.sign(
                                    secrets.unseal(delivery.secretSealed()),
                                    timestamp,
                                    delivery.body()));
            if (delivery.previousSecretSealed() != null) {
                signature
                        .append(",v1=")
                        .append(
                                WebhookSecrets.sign(
                                        secrets.unseal(delivery.previousSecretSealed()),
                                        timestamp,
                                        delivery.body()));
            }
            HttpRequest request =
                    HttpRequest.newBuilder(target)
                            .timeout(TIMEOUT)
                            .header("Content-Type", "application/json")
                            .header("User-Agent", "Chroom-Webhooks/1")
                            .header("Chroom-Event-Id", delivery.eventId())
                            .header("Chroom-Event-Type", delivery.eventType())
                            .header("Chroom-Timestamp", Long.toString(timestamp))
                            .header("Chroom-Signature", signature.toString())
                            .POST(HttpRequest.BodyPublishers.ofString(delivery.body()))
                            .build();
            HttpResponse<Void> response =
                    client().send(request, HttpResponse.BodyHandlers.discarding());
            status = response.statusCode();
            if (status < 200 || status >= 300) {
                error = "receiver answered HTTP " + status;
            }
        } catch (WebhookTargets.RefusedTargetException e) {
            error = e.getMessage();
        } catch (IOException e) {
            error = "receiver unreachable: " + e.getClass().getSimpleName();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "delivery interrupted by server shutdown";
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Delivery " + delivery.deliveryId() + " failed", e);
            error = "delivery failed inside Chroom";
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        if (error != null) {
            LOG.log(
                    Level.FINE,
                    "Delivery {0} of event {1} failed ({2}); it will be retried",
                    new Object[] {delivery.deliveryId(), delivery.eventId(), error});
        }
        ledger.record(delivery, status, millis, error);
    }

    private HttpClient client() {
        if (http == null) {
            http =
                    HttpClient.newBuilder()
                            .connectTimeout(Duration.ofSeconds(5))
                            .followRedirects(HttpClient.Redirect.NEVER)
                            .build();
        }
        return http;
    }
}
