/**
 * Protocol v1 on the wire: sealed records for client and server messages, one codec that validates
 * every member, and the error codes. Specified in docs/developer/protocol.md.
 */
package org.tfx.sessions.signaling.protocol;
