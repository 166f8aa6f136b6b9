/** Vocabulary shared by the aggregates of the domain model. */
package io.chroom.domain.model;
