package io.chroom.interfaces.rest;

import io.chroom.application.Created;
import io.chroom.application.token.PaymentRequest;
import io.chroom.application.token.PaymentView;
import io.chroom.application.token.TokenService;
import jakarta.ejb.EJB;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /api/tokens}: token balances on chain, the account's prepaid balance and linked wallets,
 * and payments (scopes {@code tokens:read}, {@code tokens:write}). Amounts are decimal strings of
 * tokens. A payment is accepted at once (202) and sent by the server's chain outbox; its state
 * moves {@code pending → submitted → confirmed | failed}.
 */
@Path("tokens")
@Tag(name = "Tokens", description = "Balances, wallets and payments in the Chroom token.")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TokenResource {

    @EJB private TokenService tokens;

    @Context private UriInfo uri;

    /** Body of {@code POST /api/tokens/wallets}. */
    public record WalletLink(
            @NotNull(message = "address is required.")
                    @Pattern(
                            regexp = "0x[0-9a-fA-F]{40}",
                            message = "address must be a 0x-prefixed address.")
                    String address,
            @NotNull(message = "signature is required.") String signature) {}

    @GET
    @Path("balance")
    @Operation(
            summary = "Token balance of any address, read from the chain (scope tokens:read)",
            description = "Also the address's next permit nonce. 503 while the chain is down.")
    @APIResponse(responseCode = "503", description = "The chain does not answer; retry later.")
    public TokenService.BalanceView balance(@QueryParam("address") String address) {
        return tokens.balance(address);
    }

    @GET
    @Path("network")
    @Operation(
            summary = "Chain id and addresses for signing permits and wallet links",
            description =
                    "A permit names spender as its spender; a wallet link is the EIP-712"
                            + " message WalletLink(string account, address wallet, uint256 nonce)"
                            + " in the token's domain.")
    public TokenService.NetworkView network() {
        return tokens.network();
    }

    @GET
    @Path("account")
    @Operation(summary = "The account's prepaid balance and linked wallets (scope tokens:read)")
    public TokenService.AccountTokensView account() {
        return tokens.account();
    }

    @POST
    @Path("wallets")
    @Operation(
            summary = "Link a wallet to the account (scope tokens:write)",
            description =
                    "signature: the wallet's EIP-712 signature of WalletLink(account id, wallet,"
                            + " wallet_link_nonce). Deposits (token transfers to the treasury)"
                            + " from a linked wallet credit the account once confirmed.")
    @APIResponse(responseCode = "409", description = "The wallet is linked to another account.")
    public TokenService.AccountTokensView link(
            @Valid @NotNull(message = "The request needs a JSON body.") WalletLink link) {
        return tokens.linkWallet(link.address(), link.signature());
    }

    @POST
    @Path("payments")
    @Operation(
            summary = "Pay in tokens (scope tokens:write)",
            description =
                    "method balance pays amount to to from the account's prepaid balance;"
                            + " method permit relays a signed EIP-2612 permit and collects it into"
                            + " the treasury, crediting the account once confirmed.")
    @APIResponse(responseCode = "202", description = "Accepted; the payment with its state.")
    public Response pay(
            @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey,
            @Valid @NotNull(message = "The request needs a JSON body.") PaymentRequest request) {
        Created<PaymentView> created = tokens.pay(request, IdempotencyKeys.check(idempotencyKey));
        return IdempotencyKeys.mark(
                        Response.accepted(created.value())
                                .location(
                                        uri.getBaseUriBuilder()
                                                .path(TokenResource.class)
                                                .path("payments")
                                                .path(created.value().id())
                                                .build()),
                        created)
                .build();
    }

    @GET
    @Path("payments/{id}")
    @Operation(summary = "A payment and its chain transactions (scope tokens:read)")
    @APIResponse(responseCode = "404", description = "No such payment in this account.")
    public PaymentView payment(@PathParam("id") String id) {
        return tokens.payment(id);
    }
}
