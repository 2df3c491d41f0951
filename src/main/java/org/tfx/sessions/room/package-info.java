/**
 * Rooms and participant sessions as stored: entities, hashing of secrets and passwords, and the
 * service the REST side uses to create rooms and check access.
 */
package org.tfx.sessions.room;
