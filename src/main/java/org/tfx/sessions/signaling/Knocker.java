package org.tfx.sessions.signaling;

/** Someone waiting at a locked room for an owner's answer. */
record Knocker(String peerId, String name, Connection connection) {}
