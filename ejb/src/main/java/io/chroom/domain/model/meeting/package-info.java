/** The meeting aggregate: its schedule, its participants and the states it moves through. */
package io.chroom.domain.model.meeting;
