/**
 * Publications on the publisher: the operations object and its SQL.
 */
@NullMarked
package io.pgrepl.core.publication;

import org.jspecify.annotations.NullMarked;
