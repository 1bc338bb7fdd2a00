/**
 * The fault suite: servers killed under load, run by the {@code faults} Maven profile.
 */
@NullMarked
package io.pgrepl.core.faults;

import org.jspecify.annotations.NullMarked;
