package dev.cortado.boot4;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.CortadoServer;
import org.springframework.context.ApplicationContext;

/** What the first class of a shared context saw, for the next class to compare. */
final class SharedContext {
  static ApplicationContext firstContext;
  static CortadoServer firstServer;
  static int classes;

  private SharedContext() {}

  /** Records the first class's context and server; a later class must find the same ones. */
  static synchronized void check(ApplicationContext context, CortadoServer server) {
    if (firstContext == null) {
      firstContext = context;
      firstServer = server;
    } else {
      assertThat(context).as("the context Spring cached for the first class").isSameAs(firstContext);
      assertThat(server).as("the server of the cached context").isSameAs(firstServer);
      assertThat(server.isRunning()).isTrue();
    }
    classes++;
  }
}
