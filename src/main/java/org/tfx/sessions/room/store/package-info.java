/**
 * The record of rooms and seats in the database (JPA): the entities and {@link
 * org.tfx.sessions.room.store.JpaRoomRecord}, which stores what live rooms decide so that seats
 * survive a dropped socket and a restart.
 */
package org.tfx.sessions.room.store;
