/**
 * SIP messages, parsed and built by the JAIN-SIP reference implementation (its parser and
 * factories, no stack): {@link org.tfx.sessions.sip.message.SipMessages} decodes bytes once at the
 * edge, checks what every request must carry, and makes responses.
 */
package org.tfx.sessions.sip.message;
