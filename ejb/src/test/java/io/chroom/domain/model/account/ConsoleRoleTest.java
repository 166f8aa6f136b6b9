package io.chroom.domain.model.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConsoleRoleTest {

    private static final Account CUSTOMER =
            new Account("acc_c", "Acme", Tier.STANDARD, false, Instant.EPOCH);

    private static final Account OPERATORS =
            new Account("acc_n", "Network administrators", Tier.PREMIUM, true, Instant.EPOCH);

    @Test
    void aViewerHoldsOnlyTheReadScopesInAnyAccount() {
        EnumSet<Scope> read =
                EnumSet.of(
                        Scope.MEETINGS_READ,
                        Scope.NODES_READ,
                        Scope.ANALYTICS_READ,
                        Scope.TOKENS_READ);
        assertEquals(read, ConsoleRole.VIEWER.scopesIn(CUSTOMER));
        assertEquals(read, ConsoleRole.VIEWER.scopesIn(OPERATORS));
    }

    @Test
    void adminsAndOwnersHoldWhatTheirAccountMayHoldAndOnlyOperatorsRunTheNetwork() {
        for (ConsoleRole role : EnumSet.of(ConsoleRole.ADMIN, ConsoleRole.OWNER)) {
            assertEquals(Scope.customerScopes(), role.scopesIn(CUSTOMER), role.value());
            assertEquals(EnumSet.allOf(Scope.class), role.scopesIn(OPERATORS), role.value());
        }
    }

    @Test
    void onlyAnOwnerGivesOrTakesTheOwnerRole() {
        assertTrue(ConsoleRole.OWNER.mayGrant(ConsoleRole.OWNER));
        assertTrue(ConsoleRole.ADMIN.mayGrant(ConsoleRole.ADMIN));
        assertTrue(ConsoleRole.ADMIN.mayGrant(ConsoleRole.VIEWER));
        assertFalse(ConsoleRole.ADMIN.mayGrant(ConsoleRole.OWNER));
        assertFalse(ConsoleRole.VIEWER.mayGrant(ConsoleRole.VIEWER));
    }

    @Test
    void rolesReadAsTheApiWritesThem() {
        assertEquals(Optional.of(ConsoleRole.VIEWER), ConsoleRole.fromValue("viewer"));
        assertEquals(Optional.empty(), ConsoleRole.fromValue("VIEWER"));
        assertEquals(Optional.empty(), ConsoleRole.fromValue("root"));
    }
}
