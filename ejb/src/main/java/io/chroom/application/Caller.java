package io.chroom.application;

import io.chroom.domain.model.account.Scope;
import java.util.Set;

/**
 * Who is calling: the credential, the account it acts for and the scopes it carries.
 *
 * @param credentialId id of the API key (or, later, OAuth client) that authenticated the request
 * @param accountId the account every object the caller touches must belong to
 * @param scopes what the credential may do
 */
public record Caller(String credentialId, String accountId, Set<Scope> scopes) {}
