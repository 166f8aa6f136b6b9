/** Recording security events as they happen, and the administrators' view of them. */
package io.chroom.application.audit;
