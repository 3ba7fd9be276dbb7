package dev.cortado.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void parsesEveryKindOfValue() {
    Object v = Json.parse(" {\"a\": [1, -2.5, 1e3, true, false, null], \"s\": \"x\\\"\\n\\u00e9\\/\","
        + " \"o\": {}, \"l\": [], \"big\": 12345678901234567890} ");
    Map<?, ?> m = (Map<?, ?>) v;
    assertThat(m.get("a")).isEqualTo(Arrays.asList(1L, -2.5, 1000.0, true, false, null));
    assertThat(m.get("s")).isEqualTo("x\"\né/");
    assertThat(m.get("o")).isEqualTo(Map.of());
    assertThat(m.get("l")).isEqualTo(List.of());
    assertThat(m.get("big")).isEqualTo(1.2345678901234567e19);
    assertThat(Json.parse("0")).isEqualTo(0L);
  }

  @Test
  void keepsTheOrderOfKeys() {
    Map<?, ?> m = (Map<?, ?>) Json.parse("{\"z\":1,\"a\":2,\"m\":3}");
    assertThat(List.copyOf(m.keySet())).isEqualTo(List.of("z", "a", "m"));
  }

  @Test
  void refusesMalformedText() {
    for (String bad : List.of("", "{", "[1,]", "{\"a\" 1}", "{\"a\":1,}", "01x", "\"abc", "tru",
        "nul", "[1] 2", "\"\\x\"", "\"\\u12\"", "{a:1}", "-", "1.", "1e", "\"a\nb\"")) {
      assertThatThrownBy(() -> Json.parse(bad)).as(bad)
          .isInstanceOf(Json.ParseException.class).hasMessageContaining("invalid JSON at offset");
    }
  }

  @Test
  void boundsNestingSoDeepInputCannotOverflowTheStack() {
    char[] deep = new char[100_000];
    Arrays.fill(deep, '[');
    assertThatThrownBy(() -> Json.parse(new String(deep)))
        .isInstanceOf(Json.ParseException.class).hasMessageContaining("nested deeper than 64");
    String ok = "[".repeat(60) + "]".repeat(60);
    assertThat(Json.parse(ok)).isInstanceOf(List.class);
  }

  @Test
  void writesWhatItReads() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("s", "a\"b\\c\n\t\u0001\u2028é");
    m.put("n", 42L);
    m.put("d", 2.5);
    m.put("whole", 3.0);
    m.put("nan", Double.NaN);
    m.put("l", Arrays.asList(true, null, "x"));
    String text = Json.write(m);
    assertThat(text).isEqualTo("{\"s\":\"a\\\"b\\\\c\\n\\t\\u0001\\u2028é\",\"n\":42,\"d\":2.5,"
        + "\"whole\":3,\"nan\":\"nan\",\"l\":[true,null,\"x\"]}");
    Map<?, ?> back = (Map<?, ?>) Json.parse(text);
    assertThat(back.get("s")).isEqualTo(m.get("s"));
    assertThat(back.get("l")).isEqualTo(m.get("l"));
  }
}
