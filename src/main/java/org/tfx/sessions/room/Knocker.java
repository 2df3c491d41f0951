package org.tfx.sessions.room;

/**
 * Someone waiting at a locked room for an owner's answer, with the id and the resume-token hash the
 * seat gets if an owner admits them.
 */
public record Knocker(PeerId peer, String name, LinkId link, String tokenHash) {}
