/**
 * The pool of media nodes: each node an operator registers, its state and health, and the choice of
 * a node for a meeting.
 */
package io.chroom.domain.model.node;
