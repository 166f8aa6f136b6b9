package io.chroom.it;

import static io.chroom.it.Api.as;
import static io.chroom.it.Api.asAdmin;
import static io.chroom.it.Api.bootstrapConsoleUser;
import static io.chroom.it.Api.createMeeting;
import static io.chroom.it.Api.newAccount;
import static io.chroom.it.Api.newConsoleUser;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.ConsoleMessage;
import com.microsoft.playwright.Page;
import io.chroom.chain.contracts.ChroomGovernor;
import io.chroom.it.Api.ConsoleUser;
import io.chroom.it.Api.Tenant;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.web3j.crypto.Credentials;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

/**
 * The console in a real Chromium, as a person uses it: signing in, the pages, keys that work and
 * stop working, nodes registered, edited, drained and removed, a meeting's quality, signing out.
 * Every page is checked for errors in the browser's console, and screenshots are kept.
 */
class ConsoleBrowserIT {

    /** Endpoints of later releases; the console shows "not available" when they answer 404. */
    private static final List<String> LATER_ENDPOINTS =
            List.of("/api/analytics/", "/api/governance/", "/api/tokens/", "/api/ledger/");

    private static final List<String> PAGES =
            List.of("overview", "meetings", "nodes", "keys", "account", "tokens", "audit");

    private static Chromium chromium;

    private final List<String> consoleErrors = Collections.synchronizedList(new ArrayList<>());

    private BrowserContext context;

    private Page page;

    private String testName;

    @BeforeAll
    static void startBrowser() {
        chromium = Chromium.launch();
    }

    @AfterAll
    static void stopBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @BeforeEach
    void openPage(TestInfo test) {
        testName = test.getTestMethod().map(m -> m.getName()).orElse("test");
        context = newContext(chromium.browser());
        page = watched(context.newPage(), "console");
    }

    @AfterEach
    void closePage() {
        context.close();
    }

    private static BrowserContext newContext(Browser browser) {
        return browser.newContext(new Browser.NewContextOptions().setViewportSize(1366, 800));
    }

    private Page watched(Page opened, String who) {
        opened.onConsoleMessage(
                message -> {
                    if (message.type().equals("error") && !expected(message)) {
                        consoleErrors.add(who + ": " + message.text() + " @" + message.location());
                    }
                });
        opened.onPageError(error -> consoleErrors.add(who + ": uncaught " + error));
        opened.onDialog(dialog -> dialog.accept());
        return opened;
    }

    /** A 404 or 501 from an endpoint of a later release is the console's "not available" state. */
    private static boolean expected(ConsoleMessage message) {
        return (message.text().contains("status of 404")
                        || message.text().contains("status of 501"))
                && LATER_ENDPOINTS.stream().anyMatch(p -> message.location().contains(p));
    }

    private void signIn(ConsoleUser user) {
        signIn(page, user);
    }

    private static void signIn(Page page, ConsoleUser user) {
        page.navigate(Api.URL + "/console/");
        assertTrue(
                page.url().endsWith("/console/login.html"),
                () -> "without a session the console shows the sign-in page, not " + page.url());
        page.fill("input[name=email]", user.email());
        page.fill("input[name=password]", user.password());
        page.click("form#signin button[type=submit]");
        settle(page, "overview");
    }

    /** Opens a page of the console by its navigation and waits until it has loaded its data. */
    private void visit(String name) {
        visit(page, name);
    }

    private static void visit(Page page, String name) {
        if (page.isVisible("#menu")) {
            page.click("#menu");
        }
        page.click("#nav a[data-page=" + name + "]");
        settle(page, name);
    }

    private void settle(String name) {
        settle(page, name);
    }

    private static void settle(Page page, String name) {
        page.waitForSelector("#view[data-page=" + name + "][data-state=ready]");
        page.waitForFunction("() => !document.querySelector('#view .loading')");
    }

    private void screenshot(String name) {
        Chromium.screenshot(page, testName + "-" + name);
    }

    private void assertNoConsoleErrors() {
        assertEquals(List.of(), consoleErrors, "the console's pages log no errors");
    }

    @Test
    void theBootstrapUserSeesEveryPageAtLaptopAndPhoneWidthWithoutErrors() {
        signIn(bootstrapConsoleUser());
        for (String name : PAGES) {
            visit(name);
            assertTrue(
                    page.isHidden("#view .state.error"),
                    () -> name + " shows an error: " + page.textContent("#view"));
            screenshot(name);
        }
        visit("overview");
        assertTrue(page.isVisible("#stat-live"), "the overview counts live meetings");
        assertTrue(page.isVisible("#stat-up"), "the overview counts nodes that are up");

        page.setViewportSize(390, 844);
        assertTrue(page.isVisible("#menu"), "on a phone the navigation folds behind a button");
        assertTrue(page.isHidden("#nav"), "and stays out of the way until opened");
        for (String name : List.of("overview", "meetings", "keys")) {
            visit(name);
            screenshot(name + "-phone");
        }
        double overflow =
                ((Number)
                                page.evaluate(
                                        "() => document.documentElement.scrollWidth"
                                                + " - document.documentElement.clientWidth"))
                        .doubleValue();
        assertTrue(overflow <= 0, "nothing is wider than a phone's screen: " + overflow + " px");

        visit("tokens");
        if (page.isVisible("#view [data-state=unavailable]")) {
            assertTrue(page.textContent("#view").contains("Not available on this server yet"));
        }
        assertNoConsoleErrors();
    }

    @Test
    void anOwnerCreatesAKeyUsesItWithTheApiAndRevokesIt() {
        Tenant tenant = newAccount();
        ConsoleUser owner = newConsoleUser(tenant, "owner");
        signIn(owner);
        assertEquals(
                owner.email() + "owner",
                page.textContent("#who").strip(),
                "the bar names who is signed in and their role, and no operator badge");
        visit("keys");

        page.fill("#key-name", "dashboard " + UUID.randomUUID());
        page.check("[id='key-scope-meetings:read']");
        page.click("#key-create button[type=submit]");
        String secret = page.textContent("[data-secret=shown]").trim();
        screenshot("secret-shown-once");

        Response me = as(secret).get("/api/me");
        assertEquals(200, me.statusCode(), "the key made in the console works with the API");
        assertEquals(tenant.accountId(), me.path("account_id"));
        assertEquals(List.of("meetings:read"), me.path("scopes"));
        String keyId = me.path("credential_id");
        as(secret).get("/api/meetings").then().statusCode(200);

        page.click("tr[data-key='" + keyId + "'] [data-action=revoke]");
        page.waitForSelector("tr[data-key='" + keyId + "'] .badge-revoked");
        assertEquals(401, as(secret).get("/api/me").statusCode(), "the revoked key is refused");
        page.reload();
        settle("keys");
        assertTrue(page.isHidden("[data-secret=shown]"), "the secret is never shown a second time");
        screenshot("revoked");
        assertNoConsoleErrors();
    }

    @Test
    void anOperatorRegistersEditsAndRemovesANode() {
        signIn(bootstrapConsoleUser());
        visit("nodes");
        String name = "console node " + UUID.randomUUID();
        int port = ThreadLocalRandom.current().nextInt(20000, 30000);
        page.fill("#node-name", name);
        page.fill("#node-region", "console-test");
        page.fill("#node-media_url", "http://10.77.0.2:" + (port + 1) + "/janus");
        page.fill("#node-control_url", "http://10.77.0.2:" + port + "/admin");
        page.fill("#node-admin_secret", "console-test-admin-secret");
        page.fill("#node-capacity", "20");
        page.fill("#node-operator_wallet", Chain.operatorWallet());
        page.click("#node-register button[type=submit]");
        page.click("#node-register .state.ok a");
        settle("nodes");
        String nodeId = page.url().substring(page.url().lastIndexOf('/') + 1);
        try {
            assertEquals(name, asAdmin().get("/api/nodes/" + nodeId).path("name"));
            screenshot("registered");

            page.fill("#node-edit input[name=capacity]", "35");
            page.click("#node-edit button[type=submit]");
            page.waitForFunction(
                    "() => [...document.querySelectorAll('#view .facts dd')]"
                            + ".some(d => d.textContent === '35')");
            settle("nodes");
            assertEquals(35, (int) asAdmin().get("/api/nodes/" + nodeId).path("capacity"));

            page.click("#node-remove");
            page.waitForSelector("#node-register");
            settle("nodes");
            assertEquals("removed", asAdmin().get("/api/nodes/" + nodeId).path("state"));
            assertNoConsoleErrors();
        } finally {
            asAdmin().delete("/api/nodes/" + nodeId);
        }
    }

    /**
     * Drains a node that is up (a node that is down shows as down whatever its administrators set),
     * so it needs the build's media nodes, and puts it back in service afterwards.
     */
    @Test
    void anOperatorDrainsANodeAndPutsItBack() {
        String nodeId;
        try {
            nodeId = MediaNodes.register(MediaNodes.node("a"), "local", "0.001", 50);
        } catch (IllegalStateException notRunning) {
            Assumptions.abort("the build's media nodes are not running: " + notRunning);
            return;
        }
        signIn(bootstrapConsoleUser());
        page.navigate(Api.URL + "/console/#/nodes/" + nodeId);
        settle("nodes");
        try {
            page.click("#node-drain");
            page.waitForSelector("#node-state .badge-draining");
            assertEquals("draining", asAdmin().get("/api/nodes/" + nodeId).path("state"));
            settle("nodes");
            screenshot("drained");

            page.click("#node-reactivate");
            page.waitForSelector("#node-state .badge-active");
            assertEquals("active", asAdmin().get("/api/nodes/" + nodeId).path("state"));
            assertNoConsoleErrors();
        } finally {
            asAdmin()
                    .contentType("application/json")
                    .body("{\"state\": \"active\"}")
                    .patch("/api/nodes/" + nodeId);
        }
    }

    @Test
    void aMeetingIsFoundAndItsQualityChartDrawsFromRealData() throws Exception {
        Tenant tenant = newAccount();
        String host = "host-" + UUID.randomUUID();
        String meeting = createMeeting(tenant, Api.meeting("Quality check", host, 30, "u-ann"));
        signIn(newConsoleUser(tenant, "admin"));

        visit("meetings");
        page.fill("#meeting-filters input[name=host]", host);
        page.click("#meeting-filters button[type=submit]");
        page.click("tr[data-meeting='" + meeting + "'] a");
        settle("meetings");
        assertTrue(page.textContent("#view h1").contains("Quality check"));
        page.waitForSelector("#qos:not([data-state=loading])");

        int qos = as(tenant).get("/api/analytics/qos?meeting_id=" + meeting).statusCode();
        if (qos == 404) {
            assertEquals("unavailable", page.getAttribute("#qos", "data-state"));
            assertTrue(page.textContent("#qos").contains("Not available on this server yet"));
            screenshot("qos-not-available");
            assertNoConsoleErrors();
            Assumptions.abort(
                    "GET /api/analytics/qos answers 404 on this server: the console shows its"
                            + " 'not available' state; the chart is checked once analytics runs");
        }

        // Real media: the host and a guest in the meeting, so the nodes report its quality.
        for (String node : List.of("a", "b")) {
            MediaNodes.register(MediaNodes.node(node), "local", "0.001", 50);
        }
        Response view = as(tenant).get("/api/meetings/" + meeting);
        BrowserContext people = chromium.browser().newContext();
        try {
            Page hostPage = watched(people.newPage(), "host");
            hostPage.navigate(view.<String>path("start_url"));
            Page guest = watched(people.newPage(), "guest");
            guest.navigate(view.<String>path("join_url"));
            guest.fill("#name", "Ann");
            guest.click("#lobby button[type=submit]");
            for (Page p : List.of(hostPage, guest)) {
                p.waitForFunction(
                        "() => document.body.dataset.state === 'live'",
                        null,
                        new Page.WaitForFunctionOptions().setTimeout(30_000));
            }

            long deadline = System.nanoTime() + 90_000_000_000L;
            while (!"drawn".equals(page.getAttribute("#qos", "data-state"))
                    && System.nanoTime() < deadline) {
                Thread.sleep(5000);
                page.reload();
                settle("meetings");
                page.waitForSelector("#qos:not([data-state=loading])");
            }
            assertEquals(
                    "drawn",
                    page.getAttribute("#qos", "data-state"),
                    () -> "the quality chart draws: " + page.textContent("#qos"));
            int points = Integer.parseInt(page.getAttribute("#qos-quality", "data-points"));
            assertTrue(points > 0, "the chart plots the meeting's samples");
            screenshot("qos-chart");
        } finally {
            people.close();
        }
        assertNoConsoleErrors();
    }

    @Test
    void signingOutEndsTheSession() {
        signIn(bootstrapConsoleUser());
        page.click("#signout button[type=submit]");
        page.waitForURL("**/console/login.html?signed-out");
        assertTrue(page.textContent("#notice").contains("signed out"));
        screenshot("signed-out");

        page.navigate(Api.URL + "/console/#/keys");
        assertTrue(
                page.url().contains("/console/login.html"),
                () -> "after signing out the console needs a new sign-in, not " + page.url());
        assertNoConsoleErrors();
    }

    @Test
    void aPersonChangesTheirPasswordOnTheAccountPage() {
        Tenant tenant = newAccount();
        ConsoleUser user = newConsoleUser(tenant, "viewer");
        signIn(user);
        visit("account");
        String next = "pw-new-" + UUID.randomUUID();

        page.fill("#password-current", user.password());
        page.fill("#password-new", next);
        page.fill("#password-again", next + "x");
        page.click("#password-change button[type=submit]");
        assertTrue(
                page.textContent("#password-message").contains("differ"),
                "two different new passwords are caught before anything is sent");
        page.fill("#password-again", next);
        page.click("#password-change button[type=submit]");
        page.waitForSelector("#password-message .state.ok");
        screenshot("password-changed");

        page.click("#signout button[type=submit]");
        page.waitForURL("**/console/login.html?signed-out");
        signIn(new ConsoleUser(user.id(), user.email(), next));
        assertNoConsoleErrors();
    }

    @Test
    void theOverviewChartsTheAccountsRequestsAndErrors() throws Exception {
        Tenant tenant = newAccount();
        for (int i = 0; i < 3; i++) {
            as(tenant).get("/api/meetings/no-such-meeting").then().statusCode(404);
        }
        for (int i = 0; i < 5; i++) {
            as(tenant).get("/api/me").then().statusCode(200);
        }
        // The server adds its counts to the database every few seconds.
        long deadline = System.nanoTime() + 30_000_000_000L;
        long[] usage = usage(tenant);
        while ((usage[0] < 8 || usage[1] < 3) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            usage = usage(tenant);
        }
        assertEquals(3, usage[1], "the three 404s are counted as client errors");
        assertTrue(usage[0] >= 8, "and the eight requests at least: " + usage[0]);

        signIn(newConsoleUser(tenant, "viewer"));
        page.waitForSelector("#usage[data-state=drawn]");
        assertEquals("3", page.textContent("#stat-usage-4xx .stat-value"));
        int requests = Integer.parseInt(page.textContent("#stat-usage-requests .stat-value"));
        assertTrue(requests >= 8, "the key's eight requests at least: " + requests);
        assertEquals(
                "120",
                page.getAttribute("#usage-chart", "data-points"),
                "requests and errors for each of the last 60 minutes");
        screenshot("usage");
        assertNoConsoleErrors();
    }

    /** The account's requests and client errors of the last two hours, as the API counts them. */
    private static long[] usage(Tenant tenant) {
        JsonPath page =
                as(tenant)
                        .get(
                                "/api/me/usage?granularity=1h&from="
                                        + Instant.now()
                                                .minusSeconds(7200)
                                                .truncatedTo(ChronoUnit.SECONDS))
                        .jsonPath();
        return new long[] {
            page.getList("data.requests", Long.class).stream().mapToLong(Long::longValue).sum(),
            page.getList("data.client_errors", Long.class).stream().mapToLong(Long::longValue).sum()
        };
    }

    /**
     * A meeting moved off a drained node lists both its nodes, with the reason it moved; needs the
     * build's media nodes.
     */
    @Test
    void aMeetingShowsWhereItRanAndWhyItMoved() {
        String nodeA;
        String nodeB;
        try {
            nodeA = MediaNodes.register(MediaNodes.node("a"), "local", "0.001", 50);
            nodeB = MediaNodes.register(MediaNodes.node("b"), "local", "0.001", 50);
        } catch (IllegalStateException notRunning) {
            Assumptions.abort("the build's media nodes are not running: " + notRunning);
            return;
        }
        Tenant tenant = newAccount();
        String meeting = createMeeting(tenant, Api.meeting("Moving", "u-host", 30, "u-ann"));
        as(tenant).post("/api/meetings/" + meeting + "/start").then().statusCode(200);
        String first = as(tenant).get("/api/meetings/" + meeting).path("placement.node_id");
        String other = first.equals(nodeA) ? nodeB : nodeA;
        try {
            asAdmin().post("/api/nodes/" + first + "/drain").then().statusCode(200);
            assertEquals(
                    other, as(tenant).get("/api/meetings/" + meeting).path("placement.node_id"));

            signIn(newConsoleUser(tenant, "viewer"));
            page.navigate(Api.URL + "/console/#/meetings/" + meeting);
            settle("meetings");
            List<?> nodes =
                    (List<?>)
                            page.locator("#placement-history tbody tr")
                                    .evaluateAll("rows => rows.map(r => r.dataset.placementNode)");
            assertEquals(List.of(other, first), nodes, "both nodes, newest first");
            assertTrue(
                    page.textContent("#placement-history")
                            .contains("moved here: the previous node was drained"),
                    () -> "the reason is shown: " + page.textContent("#placement-history"));
            screenshot("placement-history");
            assertNoConsoleErrors();
        } finally {
            as(tenant).post("/api/meetings/" + meeting + "/end");
            asAdmin()
                    .contentType("application/json")
                    .body("{\"state\": \"active\"}")
                    .patch("/api/nodes/" + first);
        }
    }

    @Test
    void theTokenEconomyPageShowsEachPartOrSaysItIsNotAvailable() {
        Tenant tenant = newAccount();
        signIn(newConsoleUser(tenant, "admin"));
        visit("tokens");

        int ledger = as(tenant).get("/api/ledger/epochs?limit=1").statusCode();
        String epochState = page.getAttribute("#epoch-current", "data-state");
        if (ledger == 404 || ledger == 501) {
            assertEquals("unavailable", epochState, "no ledger here: the part says so");
            assertTrue(page.textContent("#epochs").contains("Not available on this server yet"));
            assertTrue(page.isHidden("#reward-filters"), "and asks for no epoch's rewards");
        } else {
            Response current = as(tenant).get("/api/ledger/epochs/current");
            if (current.statusCode() == 200) {
                assertEquals("ready", epochState);
                assertEquals(
                        String.valueOf((Object) current.path("epoch")),
                        page.textContent("#epoch-current-number"));
            } else {
                assertEquals("none", epochState, "no open epoch: " + current.asString());
            }
            assertEquals("ready", page.getAttribute("#epoch-list", "data-state"));
        }

        int proposals = as(tenant).get("/api/governance/proposals?limit=20").statusCode();
        String listState = page.getAttribute("#proposal-list", "data-state");
        if (proposals == 404 || proposals == 501) {
            assertEquals("unavailable", listState);
        } else {
            assertEquals("ready", listState);
            assertEquals(
                    as(tenant)
                            .get("/api/governance/proposals?limit=20")
                            .jsonPath()
                            .getList("data")
                            .size(),
                    page.locator("#proposal-list tbody tr").count(),
                    "the page lists the API's proposals");
        }
        assertEquals(
                as(tenant).get("/api/tokens/account").statusCode() == 200 ? "ready" : "error",
                page.getAttribute("#token-account", "data-state"));
        assertTrue(page.isVisible("#proposal-create"), "an admin may propose");
        screenshot("tokens");
        page.setViewportSize(390, 844);
        screenshot("tokens-phone");
        assertNoConsoleErrors();
    }

    /**
     * A token holder votes from the console: the page asks the browser's wallet for the account and
     * a signature of the ballot the API composes, and the API relays it to the governor. The wallet
     * here is a provider injected into the page that forwards to the test chain, whose development
     * accounts are unlocked and sign typed data. Runs where the server has the ballot endpoint (GET
     * /api/governance/ballot).
     */
    @Test
    void aHolderVotesOnAProposalWithTheBrowserWallet() throws Exception {
        Assumptions.assumeTrue(
                ballotEndpointExists(),
                "GET /api/governance/ballot is not on this server; the vote is checked where it"
                        + " is");
        Chain chain = new Chain();
        Credentials holder = Chain.account(1);
        ChroomGovernor governor =
                ChroomGovernor.load(
                        Chain.env("CHROOM_CHAIN_GOVERNOR_ADDRESS"),
                        chain.web3j,
                        new ReadonlyTransactionManager(chain.web3j, holder.getAddress()),
                        new DefaultGasProvider());
        BrowserContext walletContext = null;
        try {
            chain.tokenAs(holder).delegate(holder.getAddress()).send();
            Tenant tenant = newAccount();
            ConsoleUser admin = newConsoleUser(tenant, "admin");
            signIn(admin);
            visit("tokens");

            String description = "Console vote " + UUID.randomUUID();
            page.fill("#proposal-description", description);
            page.selectOption(
                    "#proposal-create select[name=parameter]", "price_per_participant_minute");
            page.fill("#proposal-create input[name=value]", "0.002");
            page.click("#proposal-create button[type=submit]");
            page.waitForSelector("#proposal-create [data-proposed]");
            String id = page.getAttribute("#proposal-create [data-proposed]", "data-proposed");
            screenshot("proposed");

            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!("active"
                                    .equals(
                                            as(tenant)
                                                    .get("/api/governance/proposals/" + id)
                                                    .path("state"))
                            && onChainState(governor, id) == 1)
                    && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            assertEquals("active", as(tenant).get("/api/governance/proposals/" + id).path("state"));
            // Hold the chain still, so that the vote cannot close while the browser works.
            chain.intervalMining(0);

            page.reload();
            settle("tokens");
            String vote = "tr[data-proposal='" + id + "'] [data-vote='1']";
            page.waitForSelector(vote);
            page.click(vote);
            page.waitForSelector("#vote-message[data-state=no-wallet]");
            assertTrue(page.textContent("#vote-message").contains("No browser wallet"));
            screenshot("no-wallet");

            walletContext = newContext(chromium.browser());
            walletContext.exposeFunction(
                    "chroomTestWallet", args -> wallet(String.valueOf(args[0]), holder));
            walletContext.addInitScript(
                    "window.ethereum = { request: async ({ method, params }) => {"
                            + " const answer = JSON.parse(await window.chroomTestWallet("
                            + "JSON.stringify({ method, params: params || [] })));"
                            + " if (answer.error) { const e = new Error(answer.error.message);"
                            + " e.code = answer.error.code; throw e; }"
                            + " return answer.result; } };");
            Page withWallet = watched(walletContext.newPage(), "wallet");
            signIn(withWallet, admin);
            visit(withWallet, "tokens");
            withWallet.waitForSelector(vote);
            withWallet.click(vote);
            withWallet.waitForSelector(
                    "#vote-message[data-state=sent], #vote-message[data-state=error],"
                            + " #vote-message[data-state=unavailable]");
            Chromium.screenshot(withWallet, testName + "-voted");
            assertEquals(
                    "sent",
                    withWallet.getAttribute("#vote-message", "data-state"),
                    () -> "the vote was relayed: " + withWallet.textContent("#vote-message"));

            deadline = System.nanoTime() + 30_000_000_000L;
            while (!governor.hasVoted(new BigInteger(id), holder.getAddress()).send()
                    && System.nanoTime() < deadline) {
                if (chain.pendingTransactions() > 0) {
                    chain.mine(1);
                }
                Thread.sleep(500);
            }
            assertTrue(
                    governor.hasVoted(new BigInteger(id), holder.getAddress()).send(),
                    "the governor counted the holder's signed vote");
            assertNoConsoleErrors();
        } finally {
            chain.intervalMining(Chain.BLOCK_SECONDS);
            if (walletContext != null) {
                walletContext.close();
            }
            chain.close();
        }
    }

    /** The governor's state of a proposal (1 is active), or -1 while it knows none by that id. */
    private static int onChainState(ChroomGovernor governor, String id) {
        try {
            return governor.state(new BigInteger(id)).send().intValue();
        } catch (Exception notYet) {
            return -1;
        }
    }

    private static boolean ballotEndpointExists() {
        int status = as(Api.newAccount()).get("/api/governance/ballot").statusCode();
        return status != 404 && status != 405 && status != 501;
    }

    private static final HttpClient RPC = HttpClient.newHttpClient();

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The injected wallet's side in Java: it holds one account (the holder) and hands every other
     * request to the test chain, whose unlocked development accounts sign typed data.
     */
    private static String wallet(String request, Credentials holder) {
        try {
            JsonNode call = JSON.readTree(request);
            String method = call.path("method").asText();
            if (method.equals("eth_requestAccounts") || method.equals("eth_accounts")) {
                return JSON.writeValueAsString(
                        Map.of("result", List.of(holder.getAddress().toLowerCase(Locale.ROOT))));
            }
            Map<String, Object> rpc = new LinkedHashMap<>();
            rpc.put("jsonrpc", "2.0");
            rpc.put("id", 1);
            rpc.put("method", method);
            rpc.put("params", call.path("params"));
            HttpResponse<String> answer =
                    RPC.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + Chain.PORT))
                                    .header("Content-Type", "application/json")
                                    .POST(
                                            HttpRequest.BodyPublishers.ofString(
                                                    JSON.writeValueAsString(rpc)))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return answer.body();
        } catch (Exception e) {
            return "{\"error\": {\"code\": -32603, \"message\": \"test wallet: "
                    + e.getClass().getSimpleName()
                    + "\"}}";
        }
    }
}
