/**
 * Reading JSON that strangers send: one strict parser for every edge (signalling frames and REST
 * bodies) that refuses what a generic parser accepts but the server must not — duplicate keys, deep
 * nesting, numbers out of range, strings that are not well-formed Unicode, trailing data — with a
 * typed refusal instead of whatever runtime exception the parser happens to throw; and {@link
 * org.tfx.sessions.json.WellFormed}, which makes every string the server writes back safe to
 * encode.
 */
package org.tfx.sessions.json;
