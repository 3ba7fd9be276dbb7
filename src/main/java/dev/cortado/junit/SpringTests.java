package dev.cortado.junit;

import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.commons.support.AnnotationSupport;

/** Recognizes Spring test classes by name, so that this class loads without Spring. */
final class SpringTests {
  private static final String SPRING_EXTENSION =
      "org.springframework.test.context.junit.jupiter.SpringExtension";

  private SpringTests() {}

  /**
   * Whether Spring's extension runs the class: {@code @SpringBootTest}, {@code @DataRedisTest},
   * {@code @SpringJUnitConfig} and the like carry it as a meta-annotation.
   */
  static boolean isSpringTest(Class<?> testClass) {
    for (ExtendWith e : AnnotationSupport.findRepeatableAnnotations(testClass, ExtendWith.class)) {
      for (Class<? extends Extension> extension : e.value()) {
        if (extension.getName().equals(SPRING_EXTENSION)) {
          return true;
        }
      }
    }
    return false;
  }
}
