/**
 * Switchover: moving the application's writes from the publisher to the subscriber, step by step,
 * rolled back when a step fails.
 */
@NullMarked
package io.pgrepl.core.switchover;

import org.jspecify.annotations.NullMarked;
