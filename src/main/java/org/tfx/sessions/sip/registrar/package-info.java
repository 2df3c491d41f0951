/**
 * The registrar: SIP accounts in JPA ({@link org.tfx.sessions.sip.registrar.SipAccount}, only the
 * digest HA1 is kept), Digest authentication with expiring single-use nonces and a lockout ({@link
 * org.tfx.sessions.sip.registrar.Authenticator}), and the location service ({@link
 * org.tfx.sessions.sip.registrar.Location}): where each registered device can be reached, bound to
 * its connection when it came over one (RFC 5626).
 */
package org.tfx.sessions.sip.registrar;
