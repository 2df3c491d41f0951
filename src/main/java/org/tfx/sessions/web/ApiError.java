package org.tfx.sessions.web;

/** The body of every REST error: a stable code and a sentence for people. */
public record ApiError(String code, String message) {}
