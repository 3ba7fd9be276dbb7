package dev.cortado.boot3;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Stands for a Spring Boot 3.5 application that keeps greetings in Redis. */
@SpringBootApplication
public class GreetingApp {}
