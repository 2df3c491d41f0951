package org.tfx.sessions.signaling;

import org.tfx.sessions.signaling.protocol.ClientMessage;

/** The handler of every client message type; {@link Connection}'s router dispatches to them. */
record Handlers(
    Handler<ClientMessage.Hello> hello,
    Handler<ClientMessage.Signal> signal,
    Handler<ClientMessage.Relay> relay,
    Handler<ClientMessage.Update> update,
    Handler<ClientMessage.Lock> lock,
    Handler<ClientMessage.Knock> knock,
    Handler<ClientMessage.Admit> admit,
    Handler<ClientMessage.Deny> deny,
    Handler<ClientMessage.Kick> kick,
    Handler<ClientMessage.Configure> configure,
    Handler<ClientMessage.Leave> leave,
    Handler<ClientMessage.Ping> ping) {}
