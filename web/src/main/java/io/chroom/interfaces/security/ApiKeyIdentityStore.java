package io.chroom.interfaces.security;

import io.chroom.application.account.KeyService;
import io.chroom.infrastructure.security.KeySecrets;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.util.EnumSet;
import java.util.Set;

/**
 * Recognises API keys. The caller's name becomes the key's id and its groups the key's scopes; the
 * key is read from the database on every request, so a revoked key fails on the next one.
 */
@ApplicationScoped
public class ApiKeyIdentityStore implements IdentityStore {

    @EJB private KeyService keys;

    @Override
    public CredentialValidationResult validate(Credential credential) {
        if (!(credential instanceof BearerCredential bearer)
                || !KeySecrets.looksLikeKey(bearer.token())) {
            return CredentialValidationResult.NOT_VALIDATED_RESULT;
        }
        return keys.authenticate(bearer.token())
                .map(
                        key ->
                                new CredentialValidationResult(
                                        new CredentialPrincipal(
                                                key.credentialId(),
                                                key.accountId(),
                                                key.rateLimitPerMinute()),
                                        key.roles()))
                .orElse(CredentialValidationResult.INVALID_RESULT);
    }

    @Override
    public Set<ValidationType> validationTypes() {
        return EnumSet.of(ValidationType.VALIDATE, ValidationType.PROVIDE_GROUPS);
    }
}
