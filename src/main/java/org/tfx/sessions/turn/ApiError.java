package org.tfx.sessions.turn;

/** The JSON body of every error answer: a stable machine {@code code} and a human message. */
public record ApiError(String code, String message) {}
