/**
 * What the catalog says now: publications and subscriptions as they exist, slots, sync states, statistics, server settings and capacity. Plain records, read by the internal catalog readers.
 */
@NullMarked
package io.pgrepl.core.status;

import org.jspecify.annotations.NullMarked;
