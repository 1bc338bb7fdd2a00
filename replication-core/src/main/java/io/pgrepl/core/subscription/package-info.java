/**
 * Subscriptions on the subscriber: the operations object and its SQL.
 */
@NullMarked
package io.pgrepl.core.subscription;

import org.jspecify.annotations.NullMarked;
