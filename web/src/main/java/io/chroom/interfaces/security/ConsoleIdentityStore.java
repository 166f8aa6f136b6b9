package io.chroom.interfaces.security;

import io.chroom.application.console.ConsoleSessionStore;
import io.chroom.application.console.ConsoleUserService;
import io.chroom.application.console.SignedIn;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Recognises the people of the console: an email address and password at sign-in (checked against
 * the PBKDF2 hash kept in PostgreSQL), and the user of an open session on every later request, so a
 * session ended on another server, a removed user or a changed role counts at once. The caller's
 * name is the user's id ({@code usr_...}) and the groups are the scopes of their role.
 */
@ApplicationScoped
public class ConsoleIdentityStore implements IdentityStore {

    @EJB private ConsoleUserService users;

    @EJB private ConsoleSessionStore sessions;

    @Override
    public CredentialValidationResult validate(Credential credential) {
        Optional<SignedIn> user;
        if (credential instanceof UsernamePasswordCredential password) {
            user = users.signIn(password.getCaller(), password.getPassword().getValue());
        } else if (credential instanceof ConsoleSessionCredential session) {
            user = sessions.resume(session.sessionDigest()).flatMap(users::current);
        } else {
            return CredentialValidationResult.NOT_VALIDATED_RESULT;
        }
        return user.map(
                        u ->
                                new CredentialValidationResult(
                                        new CredentialPrincipal(
                                                u.userId(), u.accountId(), u.rateLimitPerMinute()),
                                        u.roles()))
                .orElse(CredentialValidationResult.INVALID_RESULT);
    }

    @Override
    public Set<ValidationType> validationTypes() {
        return EnumSet.of(ValidationType.VALIDATE, ValidationType.PROVIDE_GROUPS);
    }
}
