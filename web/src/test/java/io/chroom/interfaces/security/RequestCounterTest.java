package io.chroom.interfaces.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chroom.application.usage.ApiUsageService;
import io.chroom.application.usage.RequestCounts;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RequestCounterTest {

    /** Stands in for the database: keeps what each flush hands over, or fails when told. */
    static final class Recorder extends ApiUsageService {
        final List<List<RequestCounts>> flushes = new ArrayList<>();
        boolean down;

        @Override
        public void add(List<RequestCounts> counts) {
            if (down) {
                throw new IllegalStateException("the database is down");
            }
            flushes.add(List.copyOf(counts));
        }
    }

    @Test
    void eachRequestCountsOnceWithItsOutcomeAndAFlushHandsOverOnlyWhatIsNew() throws Exception {
        Recorder db = new Recorder();
        RequestCounter counter = counter(db);
        for (int status : new int[] {200, 201, 204, 304, 400, 403, 404, 429, 429, 500, 503}) {
            counter.count("acc_a", status);
        }
        counter.count("acc_b", 200);

        counter.flush();
        Map<String, RequestCounts> byAccount = byAccount(db.flushes.get(0));
        RequestCounts a = byAccount.get("acc_a");
        assertEquals(11, a.requests());
        assertEquals(3, a.clientErrors(), "400, 403 and 404");
        assertEquals(2, a.rateLimited());
        assertEquals(2, a.serverErrors());
        assertEquals(1, byAccount.get("acc_b").requests());
        assertEquals(0, a.minute().getEpochSecond() % 60, "counts are per clock minute");

        counter.flush();
        assertEquals(1, db.flushes.size(), "nothing new, nothing written");
        counter.count("acc_a", 200);
        counter.flush();
        assertEquals(1, db.flushes.get(1).get(0).requests(), "only the request since");
    }

    @Test
    void countsThatCouldNotBeWrittenAreWrittenWithTheNextFlush() throws Exception {
        Recorder db = new Recorder();
        RequestCounter counter = counter(db);
        counter.count("acc_a", 200);
        counter.count("acc_a", 404);

        db.down = true;
        counter.flush();
        assertTrue(db.flushes.isEmpty());
        counter.count("acc_a", 200);
        db.down = false;
        counter.flush();

        RequestCounts a = db.flushes.get(0).get(0);
        assertEquals(3, a.requests(), "nothing lost while the database was down");
        assertEquals(1, a.clientErrors());
    }

    private static Map<String, RequestCounts> byAccount(List<RequestCounts> counts) {
        return counts.stream()
                .collect(Collectors.toMap(RequestCounts::accountId, Function.identity()));
    }

    /** A counter whose flushes go to {@code db}, with no scheduler (flushes are called here). */
    private static RequestCounter counter(ApiUsageService db) throws Exception {
        RequestCounter counter = new RequestCounter();
        Field usage = RequestCounter.class.getDeclaredField("usage");
        usage.setAccessible(true);
        usage.set(counter, db);
        return counter;
    }
}
