package dev.cortado.command;

import dev.cortado.protocol.Reply;

/** The body of one command. Arity and authentication are checked before it runs. */
@FunctionalInterface
interface Handler {
  Reply handle(Call call);
}
