/**
 * The operator console at {@code /console}: one admin login (password from a setting, or generated
 * at first start and kept hashed), cookie sessions with CSRF tokens and an idle timeout, a lockout
 * after wrong passwords; pages to manage SIP accounts and the SIP listener and to watch
 * registrations, calls and meetings. The meeting view reads the record (rooms and participant
 * sessions in the database) through {@link org.tfx.sessions.console.MeetingRecord}, never the
 * signalling internals.
 */
package org.tfx.sessions.console;
