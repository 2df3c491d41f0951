package org.tfx.sessions.room;

import java.time.Duration;

/** The configurable rules every live room follows: how many people, how long a lost seat waits. */
public record RoomRules(CapacityRule capacities, Duration grace) {}
