package dev.cortado.junit6.readme;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Stands for the application under test in the README's Spring Boot example. */
@SpringBootApplication
public class GreetingApp {}
