package io.chroom.domain.model.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScopeTest {

    @Test
    void everyScopeOfTheContractIsKnownByItsWireName() {
        for (String value :
                Set.of(
                        "meetings:read",
                        "meetings:write",
                        "nodes:read",
                        "nodes:admin",
                        "analytics:read",
                        "tokens:read",
                        "tokens:write",
                        "governance:write",
                        "keys:admin",
                        "accounts:admin",
                        "webhooks:admin")) {
            Optional<Scope> scope = Scope.fromValue(value);
            assertTrue(scope.isPresent(), value);
            assertEquals(value, scope.get().value());
        }
        assertEquals(11, Scope.values().length, "the contract names eleven scopes");
        assertTrue(Scope.fromValue("meetings:READ").isEmpty(), "names are exact");
        assertTrue(Scope.fromValue("").isEmpty());
    }

    @Test
    void roleNamesAreTheScopeNames() {
        assertEquals(Scope.MEETINGS_READ.value(), Scope.MEETINGS_READ_ROLE);
        assertEquals(Scope.MEETINGS_WRITE.value(), Scope.MEETINGS_WRITE_ROLE);
        assertEquals(Scope.NODES_READ.value(), Scope.NODES_READ_ROLE);
        assertEquals(Scope.NODES_ADMIN.value(), Scope.NODES_ADMIN_ROLE);
        assertEquals(Scope.KEYS_ADMIN.value(), Scope.KEYS_ADMIN_ROLE);
        assertEquals(Scope.ACCOUNTS_ADMIN.value(), Scope.ACCOUNTS_ADMIN_ROLE);
    }

    @Test
    void customersHoldEveryScopeButTheAdministratorsOwn() {
        Set<Scope> customer = Scope.customerScopes();
        assertFalse(customer.contains(Scope.ACCOUNTS_ADMIN));
        assertFalse(customer.contains(Scope.NODES_ADMIN));
        assertEquals(Scope.values().length - 2, customer.size());
        customer.clear();
        assertEquals(9, Scope.customerScopes().size(), "every call answers a fresh set");
    }

    @Test
    void joinAndSplitRoundTripInASortedSpaceSeparatedForm() {
        Set<Scope> scopes = EnumSet.of(Scope.MEETINGS_WRITE, Scope.KEYS_ADMIN, Scope.MEETINGS_READ);
        String joined = Scope.join(scopes);
        assertEquals("keys:admin meetings:read meetings:write", joined);
        assertEquals(scopes, Scope.split(joined));
    }

    @Test
    void splitIgnoresNamesItDoesNotKnow() {
        assertEquals(EnumSet.of(Scope.MEETINGS_READ), Scope.split("meetings:read retired:scope"));
        assertEquals(EnumSet.noneOf(Scope.class), Scope.split(""));
    }

    @Test
    void anAccountGrantsWhatItsKindMayHold() {
        Account customer = new Account("acc_1", "Acme", Tier.STANDARD, false, null);
        Account admin = new Account("acc_2", "Network", Tier.PREMIUM, true, null);
        assertEquals(Scope.customerScopes(), customer.grantableScopes());
        assertEquals(EnumSet.allOf(Scope.class), admin.grantableScopes());
    }

    @Test
    void anAccountsLimitIsItsOverrideElseItsTiers() {
        Account account = new Account("acc_1", "Acme", Tier.STANDARD, false, null);
        assertEquals(100, account.effectiveRateLimit());
        account.changeTier(Tier.PREMIUM);
        assertEquals(1000, account.effectiveRateLimit());
        account.overrideRateLimit(250);
        assertEquals(250, account.effectiveRateLimit());
        account.overrideRateLimit(null);
        assertEquals(1000, account.effectiveRateLimit());
    }
}
