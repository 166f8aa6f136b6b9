/**
 * Container security for the API: a Jakarta Security authentication mechanism that reads {@code
 * Authorization: Bearer} credentials and an identity store that recognises API keys. A credential's
 * scopes become its groups, and so the roles that {@code @RolesAllowed} checks.
 */
package io.chroom.interfaces.security;
