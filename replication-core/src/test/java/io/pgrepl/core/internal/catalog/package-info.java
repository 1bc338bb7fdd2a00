@NullMarked
package io.pgrepl.core.internal.catalog;

import org.jspecify.annotations.NullMarked;
