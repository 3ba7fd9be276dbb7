package dev.cortado.boot4;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Stands for a Spring Boot 4 application that keeps greetings in Redis. */
@SpringBootApplication
public class GreetingApp {}
