package dev.cortado.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/** What a Spring Boot application is handed to authenticate with, from {@link EmbeddedRedis}. */
class ConnectAsTest {
  @EmbeddedRedis(password = "s3cret")
  static final class DefaultUser {}

  @EmbeddedRedis(users = {"reader nopass ~* +get", "app secret ~app:* +@all"}, connectAs = "app")
  static final class NamedUser {}

  @EmbeddedRedis(users = "reader nopass ~* +get", connectAs = "reader")
  static final class UserWithoutPassword {}

  @EmbeddedRedis(users = "app secret ~app:* +@all", connectAs = "ap")
  static final class UnknownUser {}

  private static EmbeddedRedis on(Class<?> c) {
    return c.getAnnotation(EmbeddedRedis.class);
  }

  @Test
  void byDefault_theDefaultUserWithThePassword() {
    assertThat(Settings.credentials(on(DefaultUser.class)))
        .isEqualTo(new Settings.Credentials(null, "s3cret"));
  }

  @Test
  void connectAs_handsThatUsersNameAndPassword() {
    assertThat(Settings.credentials(on(NamedUser.class)))
        .isEqualTo(new Settings.Credentials("app", "secret"));
    assertThat(Settings.credentials(on(UserWithoutPassword.class)))
        .isEqualTo(new Settings.Credentials("reader", null));
  }

  @Test
  void connectAs_anUndeclaredUser_failsTheConfiguration() {
    assertThatThrownBy(() -> Settings.of(on(UnknownUser.class)))
        .isInstanceOf(ExtensionConfigurationException.class)
        .hasMessage("@EmbeddedRedis(connectAs = \"ap\"): no such user in users()");
  }
}
