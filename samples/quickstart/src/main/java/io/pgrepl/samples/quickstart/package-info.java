/**
 * The quickstart demo: a publishing and a subscribing Spring Boot application in one JVM, on two
 * embedded PostgreSQL servers, replicating two tables declared in {@code application.yml}.
 */
@NullMarked
package io.pgrepl.samples.quickstart;

import org.jspecify.annotations.NullMarked;
