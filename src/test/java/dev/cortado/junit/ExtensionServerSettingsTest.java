package dev.cortado.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.CortadoServer;
import dev.cortado.mock.RedisMock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Settings beyond the extension's own builder reach the server through server(...). */
class ExtensionServerSettingsTest {
  @RegisterExtension
  static final CortadoExtension redis = CortadoExtension.builder()
      .server(b -> b.journalLimit(0))
      .server(b -> b.tlsSelfSigned())
      .build();

  @Test
  void everySettingIsApplied(CortadoServer server, RedisMock mock) {
    assertThat(server.isTls()).isTrue();
    assertThat(server.uri()).startsWith("rediss://");
    assertThat(mock.isJournalOn()).isFalse();
  }
}
