/**
 * The subscribing Spring Boot application whose HTTP health and startup are measured: nothing but
 * the starter, Actuator and a web server, configured by properties.
 */
@NullMarked
package io.pgrepl.benchmarks.app;

import org.jspecify.annotations.NullMarked;
