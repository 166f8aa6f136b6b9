/** Use cases of the meeting aggregate: booking, changing, starting, ending and inviting. */
package io.chroom.application.meeting;
