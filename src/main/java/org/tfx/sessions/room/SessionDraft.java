package org.tfx.sessions.room;

/** What is stored for a new seat. */
public record SessionDraft(String peerId, String name, boolean owner, String resumeTokenHash) {}
