/**
 * Subscriber tables: comparing them with the publisher's definitions and creating the missing ones.
 */
@NullMarked
package io.pgrepl.core.schema;

import org.jspecify.annotations.NullMarked;
