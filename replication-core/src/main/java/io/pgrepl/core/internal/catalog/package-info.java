/**
 * Internal: every catalog read, each statement next to the code that turns its rows into records. Not API; may change in any release.
 */
@NullMarked
package io.pgrepl.core.internal.catalog;

import org.jspecify.annotations.NullMarked;
