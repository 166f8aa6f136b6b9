/**
 * People of an account who sign in to the console: their sign-in, the scopes of their roles, and
 * the first console user of a new network.
 */
package io.chroom.application.console;
