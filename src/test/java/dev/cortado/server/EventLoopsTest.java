package dev.cortado.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import org.junit.jupiter.api.Test;

class EventLoopsTest {
  @Test
  void transport_isNioUnlessEpollIsAskedFor() {
    assumeFalse(Boolean.getBoolean("cortado.epoll"));
    assertThat(EventLoops.transportName()).isEqualTo("nio");
    assertThat(EventLoops.serverChannelType().getSimpleName()).isEqualTo("NioServerSocketChannel");
  }
}
