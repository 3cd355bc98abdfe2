/** The bounded compile-once cache shared by the small languages (filters, selectors). JDK only. */
package dev.osmosis.cache;
