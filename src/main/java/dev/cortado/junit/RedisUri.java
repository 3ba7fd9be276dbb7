package dev.cortado.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects the embedded server's URI, {@code redis://127.0.0.1:PORT}, into a {@code String} or
 * {@code java.net.URI} parameter: {@code @RedisUri String uri}.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface RedisUri {}
