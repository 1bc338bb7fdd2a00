/**
 * Actuator health indicators for logical replication: they adapt the core's publisher and
 * subscription health to {@code Health}, with the details of pgrepl's health contract.
 */
@NullMarked
package io.pgrepl.health;

import org.jspecify.annotations.NullMarked;
