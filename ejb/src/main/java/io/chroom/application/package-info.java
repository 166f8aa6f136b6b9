/**
 * The services the REST layer calls: enterprise beans that run each use case in one
 * container-managed transaction, under container-managed security where every method names the
 * scope it needs.
 */
package io.chroom.application;
