package io.chroom.application;

import io.chroom.domain.model.account.ApiKey;
import jakarta.annotation.Resource;
import jakarta.annotation.security.PermitAll;
import jakarta.ejb.EJBAccessException;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/**
 * Resolves the container's caller principal, whose name is the id of the credential that
 * authenticated the request, to the account the call acts for. It reads the key inside the caller's
 * transaction, so a key revoked a moment ago no longer resolves.
 */
@Stateless
@PermitAll
public class Callers {

    @Resource private SessionContext context;

    @PersistenceContext private EntityManager em;

    public Caller current() {
        String credentialId = context.getCallerPrincipal().getName();
        ApiKey key = em.find(ApiKey.class, credentialId);
        if (key == null || !key.isActive()) {
            throw new EJBAccessException("The credential of this request is no longer valid");
        }
        return new Caller(key.id(), key.accountId(), key.scopes());
    }
}
